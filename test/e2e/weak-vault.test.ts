import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { startBridge, type Bridge } from '../bridge/start-bridge';
import { launchChromium, openConsole } from './chromium';
import { waitForToast } from './fields';

describe('Settings: a machine without an OS keyring', () => {
  let bridge: Bridge;
  let browser: Browser;
  beforeAll(async () => {
    // What safeStorage's basic_text backend looks like to the engine: it can seal, but only obfuscates.
    const inner = createPassphraseVault('stand-in for basic_text');
    const vault = {
      ...inner,
      status: () => ({
        kind: 'safe-storage (basic_text)',
        available: true,
        weak: true,
        warning: 'No OS keyring was found.',
      }),
    };
    [bridge, browser] = await Promise.all([startBridge({ vault }), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
  });

  it('says so plainly and stores passwords only after the technician opts in', async () => {
    const tab = await openConsole(browser, `${bridge.url}#/settings`);
    const page = tab.page;
    await page.getByText('No OS keyring was found.').waitFor();
    await page.getByText('unavailable', { exact: true }).waitFor();
    const optIn = page.getByLabel('Store passwords anyway, only obfuscated');
    expect(await optIn.isChecked()).toBe(false);
    // The box is controlled by the saved settings: it turns checked once the engine has stored the choice, so a
    // click (not check(), which expects the state to change at once) and then the engine's answer.
    await optIn.click();
    await waitForToast(page, 'Settings saved.');
    expect(await optIn.isChecked()).toBe(true);
    await page.getByText('available', { exact: true }).waitFor();
    expect(bridge.engine.settings.get().allowWeakSecretStorage).toBe(true);
    expect(tab.problems).toEqual([]);
    await tab.close();
  }, 60_000);
});
