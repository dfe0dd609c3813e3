import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { recordScans } from '../../electron/engine/db/repositories/inventory';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { scanRecordOf, storeScan } from '../support/stored-scan';
import { addUnreachableDevice } from '../support/unreachable-device';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { dialogNamed, rowWith } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');

/** The accessible names of the buttons in a row, in order. */
async function buttonsOf(row: Locator): Promise<string[]> {
  return row
    .getByRole('button')
    .evaluateAll((buttons) => buttons.map((each) => each.getAttribute('aria-label') ?? ''));
}

describe('the Devices table: actions of the row at hand, and rows of words', () => {
  const ui = consoleFixture({
    timeout: 60_000,
    setup: async ({ bridge }) => {
      const client = bridge.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
      const web = await addUnreachableDevice(bridge.engine, client.id, 'web-01', {
        ring: 'pilot',
        tags: ['web', 'linux', 'dmz'],
      });
      const db = await addUnreachableDevice(bridge.engine, client.id, 'db-01');
      const moved = await addUnreachableDevice(bridge.engine, client.id, 'moved-01', { ring: 'test' });
      const at = new Date(Date.now() - 3 * 3_600_000).toISOString();
      storeScan(bridge.engine.database, { deviceId: web.id, at });
      const failed = (deviceId: number, status: 'auth-failed' | 'host-key-mismatch', error: string) =>
        bridge.engine.database.transaction(() =>
          recordScans(bridge.engine.database, [
            { ...scanRecordOf({ deviceId, at }), status, error, inventory: null },
          ]),
        );
      failed(db.id, 'auth-failed', 'All configured authentication methods failed');
      failed(moved.id, 'host-key-mismatch', 'The host key of moved-01 has changed.');
    },
  });

  it('builds actions only in the row under the pointer or the keyboard, and gives the focus back after a dialog', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`);
    const { page } = tab;
    const web = rowWith(page, 'Devices', 'web-01');
    const db = rowWith(page, 'Devices', 'db-01');
    const moved = rowWith(page, 'Devices', 'moved-01');
    await web.waitFor();
    await page.mouse.move(5, 5);

    // At rest no row has its actions, except the decision a changed host key waits for.
    expect(await buttonsOf(web)).toEqual([]);
    expect(await buttonsOf(db)).toEqual([]);
    expect(await buttonsOf(moved)).toEqual(['Trust new key of moved-01']);

    // The decision stays where the pointer is going: the row's other actions appear beside it, not in its place.
    const trust = moved.getByRole('button', { name: 'Trust new key of moved-01' });
    const atRest = await trust.boundingBox();
    await moved.hover();
    await moved.getByRole('button', { name: 'Scan moved-01' }).waitFor();
    expect(await trust.boundingBox()).toEqual(atRest);
    expect(await buttonsOf(moved)).toEqual([
      'Scan moved-01',
      'Edit moved-01',
      'Remove moved-01',
      'Trust new key of moved-01',
    ]);

    await web.hover();
    await web.getByRole('button', { name: 'Scan web-01' }).waitFor();
    expect(await buttonsOf(moved)).toEqual(['Trust new key of moved-01']);
    expect(await buttonsOf(web)).toEqual(['Scan web-01', 'Edit web-01', 'Remove web-01']);
    expect(await buttonsOf(db)).toEqual([]);
    await shot(page, 'devices-row-actions-light');

    // The pointer moves on: the actions go with it.
    await db.hover();
    await db.getByRole('button', { name: 'Scan db-01' }).waitFor();
    expect(await buttonsOf(web)).toEqual([]);
    await page.mouse.move(5, 5);
    await db.getByRole('button', { name: 'Scan db-01' }).waitFor({ state: 'detached' });

    // The keyboard: from the row's checkbox, Tab reaches its name and then its actions, with the pointer elsewhere.
    await web.getByRole('checkbox', { name: 'Select web-01' }).focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('web-01');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Remove web-01',
    );

    // A dialog the action opened hands the focus back to that button when it closes: the row keeps its actions.
    await page.keyboard.press('Enter');
    const confirm = dialogNamed(page, "Remove device 'web-01'?");
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Remove web-01');
    expect(ui.bridge.engine.devices.list().map((device) => device.name)).toContain('web-01');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('shows the ring, the tags and the last scan as words, a failed scan in its colour', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`);
    const { page } = tab;
    const web = rowWith(page, 'Devices', 'web-01');
    await web.waitFor();
    const cell = (row: Locator, column: number) => row.getByRole('cell').nth(column);
    const texts = async (row: Locator) =>
      (await row.getByRole('cell').allTextContents()).map((text) => text.trim());
    // select, client, name, address, OS, ring, tags, last scan, actions
    expect((await texts(web)).slice(1, 8)).toEqual([
      'Acme',
      'web-01',
      '127.0.0.1:1',
      'Debian 12',
      'pilot',
      'dmz, linux, web',
      'ok · 3 hours ago',
    ]);
    expect(await cell(web, 5).getAttribute('class')).toContain('cell-ring--pilot');
    expect(await cell(web, 7).getAttribute('class')).not.toMatch(/cell-scan--|cell-muted/);
    const db = rowWith(page, 'Devices', 'db-01');
    expect(await cell(db, 7).textContent()).toBe(
      'auth-failed · All configured authentication methods failed',
    );
    expect(await cell(db, 7).getAttribute('class')).toContain('cell-scan--danger');
    // The words are coloured, not only classed: the failure stands out from the rows around it.
    const colour = (target: Locator) => target.evaluate((element) => getComputedStyle(element).color);
    expect(await colour(cell(db, 7))).not.toBe(await colour(cell(web, 7)));
    expect(await colour(cell(web, 5))).not.toBe(await colour(cell(db, 5)));
    // Each row is its cells and the two controls that are always there: nothing else is built per row.
    expect(await web.locator('*').count()).toBe(9 + 2);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });
});

function shot(page: Page, name: string) {
  return page.screenshot({ path: path.join(screenshots, `${name}.png`) });
}
