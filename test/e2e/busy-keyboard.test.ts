import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');

/** What has the keyboard focus: the button's text, or "BODY" when the focus was dropped. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'BODY';
    return `${element.tagName} ${element.textContent ?? ''}`.trim();
  });
}

/** Press Enter on a button reached with the keyboard. */
async function pressWithKeyboard(button: Locator): Promise<void> {
  await button.focus();
  await button.page().keyboard.press('Enter');
}

describe('long work started from the keyboard keeps the focus on its button and cannot start twice', () => {
  /** Settles the save dialog the bridge is holding open, as a technician picking the file would. */
  let choose: (file: string) => void = () => undefined;

  const ui = consoleFixture({
    setup: ({ bridge }) => {
      bridge.engine.clients.add({ name: 'Acme Logistics', timeZone: 'Europe/Berlin' });
      fs.mkdirSync(screenshots, { recursive: true });
    },
  });

  const holdSaveDialog = () =>
    ui.bridge.chooseFilesWith(
      (dialog) =>
        new Promise<string>((resolve) => {
          choose = (file) => resolve(path.join(ui.bridge.fileFolder, file || dialog.suggested));
        }),
    );

  it('exports a report with Enter: busy while it is written, the focus stays on Export CSV, a second Enter does nothing', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/reports`);
    const { page } = tab;
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Acme Logistics' });
    await page.getByRole('document', { name: 'Report preview for Acme Logistics' }).waitFor();
    const exportCsv = page.getByRole('button', { name: 'Export CSV…' });
    holdSaveDialog();
    const dialogsBefore = ui.bridge.fileDialogs.length;

    await pressWithKeyboard(exportCsv);
    await page.getByRole('status').getByText('Writing the CSV report…').waitFor();
    expect(await exportCsv.getAttribute('aria-busy')).toBe('true');
    expect(await focused(page)).toBe('BUTTON Export CSV…');
    await page.keyboard.press('Enter');
    await page.screenshot({ path: path.join(screenshots, 'report-export-busy-light.png') });
    choose('acme.csv');
    await page.getByLabel('Last export').getByText('acme.csv', { exact: false }).waitFor();
    expect(ui.bridge.fileDialogs.length).toBe(dialogsBefore + 1);
    expect(await exportCsv.getAttribute('aria-busy')).toBeNull();
    expect(await focused(page)).toBe('BUTTON Export CSV…');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('creates a backup with Enter: the focus stays on Create backup, a second Enter does nothing', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const backup = page.getByRole('region', { name: 'Backup and restore' });
    const create = backup.getByRole('button', { name: 'Create backup…' });
    holdSaveDialog();
    const dialogsBefore = ui.bridge.fileDialogs.length;

    await pressWithKeyboard(create);
    await expect.poll(() => create.getAttribute('aria-busy')).toBe('true');
    expect(await focused(page)).toBe('BUTTON Create backup…');
    await page.keyboard.press('Enter');
    choose('patchdeck-backup.db');
    await backup.getByRole('note').getByText('patchdeck-backup.db', { exact: false }).waitFor();
    expect(ui.bridge.fileDialogs.length).toBe(dialogsBefore + 1);
    expect(await focused(page)).toBe('BUTTON Create backup…');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
