import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../electron/engine/audit/audit-log';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { rowWith, waitForToast } from './fields';
import { obfuscatingVault } from './obfuscating-vault';

const fixtures = path.join(findRepositoryRoot(), 'test/engine/vuln/fixtures');

describe('Settings: older feeds, unreadable settings, double saves, unsaved SSH edits', () => {
  let folder: string;

  const ui = consoleFixture({
    // A machine without an OS keyring, so the Settings page shows the weak-vault box.
    vault: obfuscatingVault('No keyring.'),
    timeout: 60_000,
    setup: () => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-settings-review-'));
    },
  });

  afterAll(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('offers to import an older feed file anyway, without sending the technician to a CLI flag', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const feeds = page.getByRole('region', { name: 'Vulnerability feeds' });
    const kev = path.join(fixtures, 'kev-subset.json');
    ui.bridge.chooseFilesWith(() => [kev]);
    await feeds.getByRole('button', { name: 'Choose feed files…' }).click();
    await rowWith(page, 'Feed status', 'kev-subset.json').waitFor();

    // The same catalog as CISA released it three weeks earlier, before its newest entry was added.
    const catalog = JSON.parse(fs.readFileSync(kev, 'utf8'));
    catalog.dateReleased = '2025-08-04T15:00:00.0000Z';
    catalog.catalogVersion = '2025.08.04';
    catalog.vulnerabilities.shift();
    catalog.count = catalog.vulnerabilities.length;
    const older = path.join(folder, 'kev-old.json');
    fs.writeFileSync(older, JSON.stringify(catalog));
    ui.bridge.chooseFilesWith(() => [older]);
    await feeds.getByRole('button', { name: 'Choose feed files…' }).click();
    const refusal = feeds.getByRole('alert');
    await refusal.getByText('older than the CISA KEV catalog already imported', { exact: false }).waitFor();
    expect(await refusal.textContent()).not.toMatch(/--allow-older|patchdeck feeds/);
    expect(ui.bridge.engine.vulnerabilities.status()).toMatchObject([{ fileName: 'kev-subset.json' }]);

    // Going back on purpose: the same files again, picked in main's dialog, imported with allowOlder.
    const dialogsBefore = ui.bridge.fileDialogs.length;
    await feeds.getByRole('button', { name: 'Import older data anyway…' }).click();
    await rowWith(page, 'Feed status', 'kev-old.json').waitFor();
    expect(ui.bridge.fileDialogs.length).toBe(dialogsBefore + 1);
    expect(ui.bridge.engine.vulnerabilities.status()).toMatchObject([
      { fileName: 'kev-old.json', dataDate: '2025-08-04T15:00:00.0000Z' },
    ]);
    expect(await refusal.count()).toBe(0);
    expect(await feeds.getByRole('button', { name: 'Import older data anyway…' }).count()).toBe(0);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('saves the branding once when its button is pressed twice in a row', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const branding = page.getByRole('region', { name: 'Report branding' });
    const saves = () =>
      listAudit(ui.bridge.engine.database).filter((entry) => entry.action === 'report.branding.set');
    const savesBefore = saves().length;
    await branding.getByLabel('MSP name').fill('Harbor IT');
    await branding.getByRole('button', { name: 'Save branding' }).dblclick();
    await waitForToast(page, 'Report branding saved.');
    // Long enough for a second save's round trip to the engine to land, had there been one.
    await page.waitForTimeout(500);
    expect(saves().length - savesBefore).toBe(1);
    expect(await page.getByRole('status').getByText('Report branding saved.', { exact: true }).count()).toBe(
      1,
    );
    expect(ui.bridge.engine.reports.branding().name).toBe('Harbor IT');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('keeps SSH values typed but not saved when the weak-vault box is ticked', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const ssh = page.getByRole('region', { name: 'SSH defaults' });
    await ssh.getByLabel('Devices at once').fill('48');
    await ssh.getByLabel('Scan freshness (days)').fill('3');
    const optIn = page.getByLabel('Store passwords anyway, only obfuscated');
    await optIn.click();
    await waitForToast(page, 'Settings saved.');
    expect(await optIn.isChecked()).toBe(true);
    expect(await ssh.getByLabel('Devices at once').inputValue()).toBe('48');
    expect(await ssh.getByLabel('Scan freshness (days)').inputValue()).toBe('3');
    expect(ui.bridge.engine.settings.get()).toMatchObject({
      allowWeakSecretStorage: true,
      scanFreshnessDays: 7,
    });

    await ssh.getByRole('button', { name: 'Save SSH defaults' }).click();
    await expect.poll(() => ui.bridge.engine.settings.get().ssh.concurrency).toBe(48);
    expect(ui.bridge.engine.settings.get()).toMatchObject({
      allowWeakSecretStorage: true,
      scanFreshnessDays: 3,
    });
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('says why the SSH defaults and the branding could not be read, and reads them again', async () => {
    const writeSetting = ui.bridge.engine.database.statement(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    writeSetting.run('ssh', '{"concurrency": "lots"');
    writeSetting.run('report.branding', '{"name": "Harbor');
    const unexpectedBefore = ui.bridge.unexpectedErrors.length;
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const ssh = page.getByRole('region', { name: 'SSH defaults' });
    const branding = page.getByRole('region', { name: 'Report branding' });
    await ssh
      .getByRole('alert')
      .getByText("Patchdeck could not read the SSH defaults: The stored setting 'ssh' is not valid", {
        exact: false,
      })
      .waitFor();
    await branding
      .getByRole('alert')
      .getByText('Patchdeck could not read the report branding: Something went wrong inside Patchdeck', {
        exact: false,
      })
      .waitFor();
    // The damaged branding row is an engine bug the bridge logs; nothing else went wrong.
    expect(ui.bridge.unexpectedErrors.slice(unexpectedBefore)).toEqual([
      expect.stringContaining('Unexpected error in branding:get'),
    ]);

    // Once the rows are readable again, one retry brings both forms back.
    writeSetting.run('ssh', JSON.stringify({ concurrency: 20 }));
    writeSetting.run(
      'report.branding',
      JSON.stringify({ name: 'Harbor IT', accentColour: '#0a7d55', logo: null }),
    );
    await ssh.getByRole('button', { name: 'Try again' }).click();
    await ssh.getByLabel('Devices at once').waitFor();
    expect(await ssh.getByLabel('Devices at once').inputValue()).toBe('20');
    expect(await branding.getByLabel('MSP name').inputValue()).toBe('Harbor IT');
    expect(await ssh.getByRole('alert').count()).toBe(0);
    expect(await branding.getByRole('alert').count()).toBe(0);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });
});
