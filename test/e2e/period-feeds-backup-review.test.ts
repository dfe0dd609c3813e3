import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { dialogNamed, fieldError } from './fields';

const osvAdvisory = path.join(findRepositoryRoot(), 'test/engine/vuln/fixtures/osv-debian/DSA-5523-1.json');

describe('report period next to its field, vulnerabilities empty state, backup and restore one at a time', () => {
  const ui = consoleFixture({
    setup: ({ bridge }) => bridge.engine.clients.add({ name: 'Acme Dental', timeZone: 'Europe/Berlin' }),
  });

  it('says next to From, in the console’s words, that From after To leaves an empty period', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/reports`);
    const { page } = tab;
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Acme Dental' });
    await page.getByRole('document', { name: 'Report preview for Acme Dental' }).waitFor();
    const controls = page.getByRole('region', { name: 'Report' });
    await page.getByLabel('From', { exact: true }).fill('2026-05-10');
    await page.getByLabel('To', { exact: true }).fill('2026-05-01');
    await expect
      .poll(() => fieldError(controls, 'From'))
      .toBe(
        'From 2026-05-10 is after To 2026-05-01: the period would be empty. Choose a From on or before To.',
      );
    expect(await fieldError(controls, 'To')).toBeNull();
    // The sentence is said once, at the field: not again in a box of its own, and never in the CLI's flags.
    expect(await page.getByText('--from', { exact: false }).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(1);

    // An export of the same period is refused at the same place.
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    expect(await fieldError(controls, 'From')).toMatch(/^From 2026-05-10 is after To 2026-05-01/);

    // Without To the period ends today, in the client's zone: the sentence says so.
    await page.getByLabel('To', { exact: true }).fill('');
    await page.getByLabel('From', { exact: true }).fill('2999-01-01');
    await expect
      .poll(() => fieldError(controls, 'From'))
      .toBe(
        "From 2999-01-01 is after today (in Europe/Berlin, the client's time zone): the period would be empty. Choose an earlier From.",
      );

    await page.getByLabel('From', { exact: true }).fill('2026-05-01');
    await page.getByRole('document', { name: 'Report preview for Acme Dental' }).waitFor();
    expect(await fieldError(controls, 'From')).toBeNull();
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('tells "no feed to match against" apart from "the feeds match nothing in the fleet"', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/vulnerabilities`);
    const nothingToMatch = tab.page.getByRole('region', { name: 'No known vulnerabilities' });
    await nothingToMatch.getByText('No OSV feed is imported yet', { exact: false }).waitFor();
    await nothingToMatch.getByRole('button', { name: 'Import feeds' }).waitFor();
    expect(tab.problems).toEqual([]);
    await tab.close();

    ui.bridge.engine.vulnerabilities.importFiles([osvAdvisory]);
    const imported = ui.bridge.engine.vulnerabilities
      .status()
      .filter((feed) => feed.source === 'osv')
      .reduce((sum, feed) => sum + feed.recordCount, 0);
    expect(imported).toBe(1);
    const again = await openConsole(ui.browser, `${ui.bridge.url}#/vulnerabilities`);
    const clear = again.page.getByRole('region', { name: 'No known vulnerabilities' });
    await clear
      .getByText('1 OSV advisory imported: no package on the scanned Linux devices matches it.', {
        exact: false,
      })
      .waitFor();
    // Good news is not a to-do.
    expect(await clear.getByRole('button').count()).toBe(0);
    expect(await clear.getByText('Import the feeds', { exact: false }).count()).toBe(0);
    expect(again.problems).toEqual([]);
    await again.close();
  });

  it('offers no restore while a backup is being written', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const section = page.getByRole('region', { name: 'Backup and restore' });
    let choose: () => void = () => undefined;
    ui.bridge.chooseFilesWith(
      (dialog) =>
        new Promise<string>(
          (resolve) => (choose = () => resolve(path.join(ui.bridge.fileFolder, dialog.suggested))),
        ),
    );
    const restore = section.getByRole('button', { name: 'Restore from a backup…' });
    await section.getByRole('button', { name: 'Create backup…' }).click();
    await expect.poll(() => restore.isDisabled()).toBe(true);
    await restore.click({ force: true });
    expect(await dialogNamed(page, 'Restore the database from a backup?').count()).toBe(0);
    choose();
    await section.getByRole('note').getByText('patchdeck-backup.db', { exact: false }).waitFor();
    expect(await restore.isDisabled()).toBe(false);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
