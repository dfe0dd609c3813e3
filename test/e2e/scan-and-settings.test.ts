import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { startLocalSshd, testUsers, type LocalSshd } from '../engine/ssh/local-sshd';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { deviceRowAction, dialogNamed, rowWith, waitForToast } from './fields';

const root = findRepositoryRoot();
const screenshots = path.join(root, 'test-results/screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`) });

describe('scanning from the console against a real sshd, bulk actions, settings', () => {
  let sshd: LocalSshd;
  let closedPort = 0;

  // Registered before the console, so the sshd is up before the bridge starts and stops after it closed.
  beforeAll(async () => {
    sshd = await startLocalSshd();
  }, 60_000);
  afterAll(() => sshd?.stop());

  const ui = consoleFixture({
    timeout: 60_000,
    setup: async () => {
      fs.mkdirSync(screenshots, { recursive: true });
      // A port nobody listens on: bind, note it, close.
      const net = await import('node:net');
      closedPort = await new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
      });
    },
  });

  it('scans all devices: results, a readable refusal, then a changed host key is trusted after a confirm', async () => {
    const client = ui.bridge.engine.clients.add({ name: 'Acme Logistics', timeZone: 'Europe/Berlin' });
    const good = await ui.bridge.engine.devices.add({
      clientId: client.id,
      name: 'host-1',
      host: '127.0.0.1',
      port: sshd.port,
      user: testUsers.passwordless,
      auth: { kind: 'key', keyPath: sshd.clientKeyPath },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    await ui.bridge.engine.devices.add({
      clientId: client.id,
      name: 'host-2',
      host: '127.0.0.1',
      port: closedPort,
      user: 'nobody',
      auth: { kind: 'key', keyPath: sshd.clientKeyPath },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`, {
      viewport: { width: 1440, height: 900 },
    });
    const { page } = tab;
    await rowWith(page, 'Devices', 'host-2', 'Never scanned').waitFor();
    await page.getByRole('button', { name: 'Scan all' }).click();
    await waitForToast(page, 'Scanned 1 of 2 devices; 1 could not be scanned.');
    const okRow = rowWith(page, 'Devices', 'host-1');
    await okRow.getByText(/^ok · /).waitFor();
    const stored = ui.bridge.engine.devices.get(good.id);
    expect(stored.lastScanStatus).toBe('ok');
    expect(stored.os?.family).toBe('debian');
    expect(await okRow.textContent()).toContain('Debian');
    const refused = rowWith(page, 'Devices', 'host-2');
    await refused.getByText(/^unreachable · /).waitFor();
    const refusedError =
      ui.bridge.engine.devices.list().find((device) => device.name === 'host-2')?.lastScanError ?? '';
    expect(refusedError).not.toBe('');
    expect(await refused.textContent()).toContain(refusedError);
    await shot(page, 'scan-results-light');

    // The machine is reinstalled: its host key changes, the next scan stops and offers "Trust new key".
    const pinned = await sshd.hostKeyFingerprint();
    expect(ui.bridge.engine.devices.get(good.id).hostKey).toBe(pinned);
    await sshd.rotateHostKey();
    const presented = await sshd.hostKeyFingerprint();
    await (await deviceRowAction(page, 'host-1', 'Scan')).click();
    await okRow.getByText(/^host-key-mismatch · /).waitFor();
    await page.getByRole('button', { name: 'Trust new key of host-1' }).click();
    const confirm = dialogNamed(page, "Trust the new host key of 'host-1'?");
    await confirm.getByText(pinned, { exact: true }).waitFor();
    await confirm.getByText(presented, { exact: true }).waitFor();
    await shot(page, 'trust-key-light');
    expect(ui.bridge.engine.devices.get(good.id).hostKey).toBe(pinned);
    // Another key answers between the technician's check and the click: the key shown is not the one met, so
    // nothing is pinned and the dialog says why.
    await sshd.rotateHostKey();
    const answering = await sshd.hostKeyFingerprint();
    await confirm.getByRole('button', { name: 'Trust new key' }).click();
    const trustRefusal = confirm.getByRole('alert');
    await trustRefusal.getByText(answering, { exact: false }).waitFor();
    expect(await trustRefusal.textContent()).toContain(presented);
    expect(ui.bridge.engine.devices.get(good.id).hostKey).toBe(pinned);
    await confirm.getByRole('button', { name: 'Cancel' }).click();

    // A last scan that names no presented key: the dialog reads it first (pinning nothing), then trusts that key.
    ui.bridge.engine.database
      .statement('UPDATE devices SET last_scan_error = ? WHERE id = ?')
      .run('The host key of host-1 has changed.', good.id);
    await page.reload();
    await page.getByRole('button', { name: 'Trust new key of host-1' }).click();
    const reading = dialogNamed(page, "Trust the new host key of 'host-1'?");
    await reading.getByText(answering, { exact: true }).waitFor();
    expect(ui.bridge.engine.devices.get(good.id).hostKey).toBe(pinned);
    await reading.getByRole('button', { name: 'Trust new key' }).click();
    await waitForToast(page, "The new host key of 'host-1' is trusted. Scan it again.");
    expect(ui.bridge.engine.devices.get(good.id).hostKey).toBe(answering);
    await (await deviceRowAction(page, 'host-1', 'Scan')).click();
    await waitForToast(page, 'Scanned 1 device.');
    expect(ui.bridge.engine.devices.get(good.id).lastScanStatus).toBe('ok');

    // Bulk: select both rows, move them to the pilot ring and tag them.
    await page.getByRole('checkbox', { name: 'Select host-1' }).check();
    await page.getByRole('checkbox', { name: 'Select host-2' }).check();
    const bulk = page.getByRole('region', { name: 'Selected devices' });
    await bulk.getByText('2 selected').waitFor();
    await bulk.getByLabel('Set ring').selectOption('pilot');
    await waitForToast(page, '2 devices are now in the pilot ring.');
    expect(ui.bridge.engine.devices.list().map((device) => device.ring)).toEqual(['pilot', 'pilot']);
    await page.getByRole('checkbox', { name: 'Select host-1' }).check();
    await page
      .getByRole('region', { name: 'Selected devices' })
      .getByRole('button', { name: 'Tag…' })
      .click();
    const tagDialog = dialogNamed(page, 'Tag 1 device');
    await tagDialog.getByLabel('Tag', { exact: true }).fill('night shift');
    await tagDialog.getByRole('button', { name: 'Add tag' }).click();
    await tagDialog.getByText('A tag is 1 to 40 letters', { exact: false }).waitFor();
    await tagDialog.getByLabel('Tag', { exact: true }).fill('night');
    await tagDialog.getByRole('button', { name: 'Add tag' }).click();
    await waitForToast(page, "Tagged 1 device 'night'.");
    expect(ui.bridge.engine.devices.get(good.id).tags).toEqual(['night']);

    // The device page of the scanned host shows this machine's real packages.
    await page.getByRole('link', { name: 'host-1' }).click();
    await page.getByRole('heading', { level: 1, name: 'host-1' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search packages' }).fill('dpkg');
    await rowWith(page, 'Installed packages', 'dpkg').first().waitFor();
    expect(tab.problems).toEqual([]);
    await tab.close();
  }, 120_000);

  it('settings: feed files from main’s open dialog, SSH defaults refused and saved, branding, backup', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-settings-'));
    const fixtures = path.join(root, 'test/engine/vuln/fixtures');
    const kev = path.join(fixtures, 'kev-subset.json');
    const epss = path.join(fixtures, 'epss-sample.csv');
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const feeds = page.getByRole('region', { name: 'Vulnerability feeds' });
    const choose = feeds.getByRole('button', { name: 'Choose feed files…' });
    // The page names no file: main's dialog (the bridge's stand-in) picks them, and a cancel changes nothing.
    const chooseOnce = async (answer: readonly string[] | null) => {
      const shownBefore = ui.bridge.fileDialogs.length;
      ui.bridge.chooseFilesWith(() => answer);
      await choose.click();
      await expect.poll(() => ui.bridge.fileDialogs.length).toBe(shownBefore + 1);
      await feeds.getByRole('button', { name: 'Choose feed files…', disabled: false }).waitFor();
      expect(ui.bridge.fileDialogs.at(-1)).toEqual({
        mode: 'open',
        title: 'Import vulnerability feed files',
        suggested: 'feeds.zip',
        multiple: true,
      });
    };
    await chooseOnce(null);
    await feeds.getByText('No feeds imported yet', { exact: false }).waitFor();
    expect(await feeds.getByRole('alert').count()).toBe(0);
    expect(ui.bridge.engine.vulnerabilities.status()).toEqual([]);

    // While main's dialog is open and the files are checked, the page says so and offers no second dialog.
    let pick: (files: readonly string[]) => void = () => undefined;
    ui.bridge.chooseFilesWith(() => new Promise((resolve) => (pick = resolve)));
    await choose.click();
    await feeds.getByRole('status').getByText('Importing and checking every record…').waitFor();
    expect(await choose.isDisabled()).toBe(true);
    pick([kev, epss]);
    const status = feeds.getByRole('table', { name: 'Feed status' });
    await rowWith(page, 'Feed status', 'kev-subset.json').waitFor();
    await rowWith(page, 'Feed status', 'epss-sample.csv').waitFor();
    const stored = ui.bridge.engine.vulnerabilities.status();
    expect(stored.map((feed) => [feed.source, feed.fileName])).toEqual([
      ['epss', 'epss-sample.csv'],
      ['kev', 'kev-subset.json'],
    ]);
    // Each picked file's result, with the records the engine stored for it.
    for (const feed of stored) {
      const row = rowWith(page, 'Imported files', feed.fileName);
      expect(await row.textContent()).toContain(String(feed.recordCount));
    }
    const records = stored.reduce((sum, feed) => sum + feed.recordCount, 0);
    await waitForToast(page, `Imported 2 files: ${records} records.`);
    await feeds.screenshot({ path: path.join(screenshots, 'settings-feeds-imported-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await feeds.screenshot({ path: path.join(screenshots, 'settings-feeds-imported-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    // A cut-off file next to a good one: refused in words that name it, nothing stored, the table as it was.
    const cutOff = path.join(folder, 'kev-cut-off.json');
    const kevText = fs.readFileSync(kev, 'utf8');
    fs.writeFileSync(cutOff, kevText.slice(0, kevText.length / 2));
    const tableBefore = await status.textContent();
    await chooseOnce([epss, cutOff]);
    await feeds
      .getByRole('alert')
      .getByText(/^Cannot import kev-cut-off\.json: the file is not valid JSON .*Nothing was imported/)
      .waitFor();
    expect(ui.bridge.engine.vulnerabilities.status()).toEqual(stored);
    expect(await status.textContent()).toBe(tableBefore);
    expect(await feeds.getByRole('table', { name: 'Imported files' }).count()).toBe(0);
    await feeds.screenshot({ path: path.join(screenshots, 'settings-feeds-refused-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await feeds.screenshot({ path: path.join(screenshots, 'settings-feeds-refused-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    const ssh = page.getByRole('region', { name: 'SSH defaults' });
    await ssh.getByLabel('Devices at once').fill('5000');
    await ssh.getByRole('button', { name: 'Save SSH defaults' }).click();
    await ssh.getByRole('alert').getByText('concurrency must be at most 1024', { exact: false }).waitFor();
    await ssh.getByLabel('Devices at once').fill('12');
    await ssh.getByLabel('Connect timeout (s)').fill('7.5');
    await ssh.getByRole('button', { name: 'Save SSH defaults' }).click();
    await waitForToast(page, 'Settings saved.');
    expect(ui.bridge.engine.settings.get().ssh).toMatchObject({ concurrency: 12, connectTimeoutMs: 7500 });

    const branding = page.getByRole('region', { name: 'Report branding' });
    await branding.getByLabel('MSP name').fill('Harbor IT');
    await branding.getByLabel('Accent colour').fill('#0a7d55');
    await branding.getByRole('button', { name: 'Save branding' }).click();
    await waitForToast(page, 'Report branding saved.');
    expect(ui.bridge.engine.reports.branding()).toMatchObject({ name: 'Harbor IT', accentColour: '#0a7d55' });

    // The backup goes where main's save dialog says (here the bridge's stand-in); the page names no path.
    const backup = page.getByRole('region', { name: 'Backup and restore' });
    const file = path.join(folder, 'backup.db');
    ui.bridge.chooseFilesWith((dialog) => (dialog.mode === 'save' ? file : null));
    await backup.getByRole('button', { name: 'Create backup…' }).click();
    await backup.getByRole('note').getByText(file, { exact: false }).waitFor();
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(ui.bridge.fileDialogs.at(-1)).toEqual({
      mode: 'save',
      title: 'Back up the Patchdeck database',
      suggested: 'patchdeck-backup.db',
    });
    // Restoring asks first; cancelling there leaves the database alone, and so does cancelling the open dialog.
    await backup.getByRole('button', { name: 'Restore from a backup…' }).click();
    const confirm = dialogNamed(page, 'Restore the database from a backup?');
    await shot(page, 'settings-restore-confirm-light');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await backup.getByRole('button', { name: 'Restore from a backup…' }).click();
    const dialogsBefore = ui.bridge.fileDialogs.length;
    await confirm.getByRole('button', { name: 'Choose the backup…' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(ui.bridge.fileDialogs.slice(dialogsBefore)).toEqual([
      { mode: 'open', title: 'Restore a Patchdeck backup', suggested: 'patchdeck-backup.db' },
    ]);
    expect(ui.bridge.engine.clients.list()).toHaveLength(1);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'settings-dark');
    expect(tab.problems).toEqual([]);
    await tab.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('shows live per-device progress while a scan runs, then the timeout in words', async () => {
    // A TCP server that accepts and never speaks SSH: the scan sits in "connecting" until the sign-in timeout.
    const net = await import('node:net');
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      ui.bridge.engine.settings.update({ ssh: { handshakeTimeoutMs: 3000 } });
      const client = ui.bridge.engine.clients.list()[0]!;
      await ui.bridge.engine.devices.add({
        clientId: client.id,
        name: 'host-3',
        host: '127.0.0.1',
        port,
        user: 'nobody',
        auth: { kind: 'key', keyPath: sshd.clientKeyPath },
        sudo: false,
        tags: [],
        ring: 'broad',
      });
      const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`);
      const { page } = tab;
      const row = rowWith(page, 'Devices', 'host-3');
      await row.getByText('Never scanned').waitFor();
      await (await deviceRowAction(page, 'host-3', 'Scan')).click();
      await row
        .getByRole('status')
        .getByText(/connecting|queued/)
        .waitFor();
      await row.getByText(/^timeout · /).waitFor({ timeout: 20_000 });
      const stored = ui.bridge.engine.devices.list().find((device) => device.name === 'host-3');
      expect(stored?.lastScanStatus).toBe('timeout');
      expect(await row.textContent()).toContain(stored?.lastScanError ?? 'no error stored');

      // A row's scan that ends first does not free "Scan all" while the fleet's scan still waits on host-3.
      const scanAll = page.getByRole('button', { name: 'Scan all' });
      await scanAll.click();
      await row
        .getByRole('status')
        .getByText(/connecting/)
        .waitFor();
      await (await deviceRowAction(page, 'host-2', 'Scan')).click();
      await page
        .getByRole('status')
        .getByText(/^Could not scan host-2:/)
        .waitFor();
      expect(await scanAll.getAttribute('aria-busy')).toBe('true');
      await expect.poll(() => scanAll.getAttribute('aria-busy'), { timeout: 20_000 }).toBeNull();
      expect(tab.problems).toEqual([]);
      await tab.close();
    } finally {
      silent.close();
    }
  }, 60_000);

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
