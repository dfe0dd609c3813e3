import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { waitForToast } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: false });

/** Presses Tab until the focused element is the button with this name (at most `limit` presses). */
async function tabTo(page: Page, name: string, limit = 30): Promise<void> {
  for (let press = 0; press < limit; press += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

describe('the guided start on an empty database', () => {
  const ui = consoleFixture({ setup: () => fs.mkdirSync(screenshots, { recursive: true }) });

  it('walks to the Clients page with the keyboard alone, then leads on to the device once a client exists', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/dashboard`);
    const { page } = tab;
    const start = page.getByRole('region', { name: 'Get started' });
    await start.waitFor();
    await tabTo(page, 'Add a client');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'No clients yet' }).waitFor();
    expect(page.url()).toContain('#/clients');

    // With a client the guide leads on: its first step is done, the device is next, and no demo is offered.
    ui.bridge.engine.clients.add({ name: 'Acme Logistics', timeZone: 'Europe/Berlin' });
    await page.goto(`${ui.bridge.url}#/dashboard`);
    await start.getByText('Three steps to your first scan: 1 of 3 done.', { exact: false }).waitFor();
    await shot(page, 'first-run-progress-light');
    const steps = start.getByRole('listitem');
    expect(await steps.nth(0).textContent()).toContain('Done');
    expect(await steps.nth(0).getByRole('button').count()).toBe(0);
    await tabTo(page, 'Add a device');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/devices$/);
    await page.goto(`${ui.bridge.url}#/dashboard`);
    await start.waitFor();
    expect(await start.getByRole('button', { name: 'Explore with demo data' }).count()).toBe(0);
    expect(tab.problems).toEqual([]);
    await tab.close();
    ui.bridge.engine.clients.remove(ui.bridge.engine.clients.list()[0]!.id);
  });

  // A client added meanwhile (the CLI, a restored backup) makes the engine refuse the demo: the console must say
  // so and move on to that fleet, not keep offering demo data for a database that is no longer empty.
  it('a client added while the first run shows: the demo is refused and the guide moves on to the device', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/dashboard`);
    const { page } = tab;
    const start = page.getByRole('region', { name: 'Get started' });
    await start.waitFor();
    ui.bridge.engine.clients.add({ name: 'Real client', timeZone: 'UTC' });
    await start.getByRole('button', { name: 'Explore with demo data' }).click();
    await waitForToast(page, 'Demo data only goes into an empty database: this one already has clients.');
    await start.getByText('1 of 3 done', { exact: false }).waitFor({ timeout: 5000 });
    expect(await start.getByRole('button', { name: 'Explore with demo data' }).count()).toBe(0);
    expect(ui.bridge.engine.devices.list()).toEqual([]);
    await shot(page, 'first-run-demo-refused-light');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
