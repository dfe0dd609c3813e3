import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startBridge, type Bridge, type BridgeOptions } from '../bridge/start-bridge';
import { launchChromium } from './chromium';

/** The console under test: the bridge in front of a real engine, and the Chromium that opens it. */
export interface ConsoleFixture {
  readonly bridge: Bridge;
  readonly browser: Browser;
}

export interface ConsoleFixtureOptions extends BridgeOptions {
  /** Runs once both are up, before the first test: seed the engine, write key files, open a shared tab. */
  readonly setup?: (ui: ConsoleFixture) => unknown;
  /** The start-up hook's own time limit, where it should differ from the project's hookTimeout. */
  readonly timeout?: number;
}

/**
 * One bridge and one Chromium for the calling describe block: started in its beforeAll (then `setup`), closed
 * in its afterAll. Read `bridge` and `browser` in tests and hooks; the describe body runs before they exist.
 * A file's own afterAll, registered after this call, runs before this one closes them (vitest's "stack" order).
 */
export function consoleFixture(options: ConsoleFixtureOptions = {}): ConsoleFixture {
  const { setup, timeout, ...bridgeOptions } = options;
  let bridge: Bridge | undefined;
  let browser: Browser | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(
        `consoleFixture: the ${what} is read before beforeAll started it; read it in a test or hook.`,
      );
    return value;
  };
  const ui: ConsoleFixture = {
    get bridge() {
      return started(bridge, 'bridge');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };

  beforeAll(async () => {
    // Settled one by one, so a failed start still leaves the other to be closed in afterAll.
    const [bridgeStart, browserStart] = await Promise.allSettled([
      startBridge(bridgeOptions),
      launchChromium(),
    ]);
    if (bridgeStart.status === 'fulfilled') bridge = bridgeStart.value;
    if (browserStart.status === 'fulfilled') browser = browserStart.value;
    if (bridgeStart.status === 'rejected') throw bridgeStart.reason;
    if (browserStart.status === 'rejected') throw browserStart.reason;
    await setup?.(ui);
  }, timeout);

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  return ui;
}
