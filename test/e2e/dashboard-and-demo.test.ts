import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { dialogNamed, rowWith, waitForToast } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: false });

describe('first run, demo data, dashboard, device page and vulnerabilities', () => {
  const ui = consoleFixture({ setup: () => fs.mkdirSync(screenshots, { recursive: true }) });

  it('an empty database offers the guided start and demo data, which fills every widget', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/dashboard`, {
      viewport: { width: 1440, height: 900 },
    });
    const { page } = tab;
    const start = page.getByRole('region', { name: 'Get started' });
    await start.getByText('Add a device with a key').waitFor();
    await start.getByText('Test the connection: scan it').waitFor();
    await shot(page, 'first-run-light');

    await start.getByRole('button', { name: 'Explore with demo data' }).click();
    await waitForToast(page, 'Demo data loaded: 3 clients, 60 devices.');
    const summary = ui.bridge.engine.reports.dashboard();
    expect(ui.bridge.engine.devices.list()).toHaveLength(60);

    // The dashboard reloads after the toast: wait for the engine's numbers to appear, then compare exactly.
    const fleet = page.getByRole('region', { name: 'Fleet compliance' }).locator('.stat__value');
    await fleet.filter({ hasText: `${summary.fleet.percent}%` }).waitFor();
    expect(await fleet.textContent()).toBe(`${summary.fleet.percent}%`);
    const kev = page.getByRole('region', { name: 'KEV exposure' }).locator('.stat__value');
    await kev.filter({ hasText: String(summary.kev.devices) }).waitFor();
    expect(await kev.textContent()).toBe(String(summary.kev.devices));
    expect(summary.kev.devices).toBeGreaterThan(0);
    const byClient = page.getByRole('region', { name: 'Compliance by client' });
    for (const client of ['Acme Logistics', 'Birch & Co Accountants', 'Northwind Dental'])
      await byClient.getByText(client).waitFor();
    const overdue = summary.byColour.red.overdue;
    const red = page.getByRole('region', { name: 'Outstanding by colour' }).locator('li').first();
    const redOverdue = overdue > 0 ? `${overdue} overdue` : 'none overdue';
    await red.filter({ hasText: redOverdue }).waitFor();
    expect(await red.textContent()).toContain(redOverdue);
    await page.getByRole('img', { name: /Compliance trend over \d+ days/ }).waitFor();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: 'Dismiss' }).waitFor({ state: 'detached' });
    // The README's picture (docs/screenshot.png) is copied from this one.
    await shot(page, 'dashboard-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'dashboard-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // A second load is refused: demo data never mixes with a fleet.
    const again = await page.evaluate(() =>
      (window as unknown as { patchdeck: { 'demo:load': (request: object) => Promise<unknown> } }).patchdeck[
        'demo:load'
      ]({}),
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(ui.bridge.engine.clients.list()).toHaveLength(3);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('the device page shows facts, colour reasons, KEV, due dates and searchable packages', async () => {
    const patches = ui.bridge.engine.inventory.patches();
    const kevPatch = patches.find((patch) => patch.kev);
    if (!kevPatch) throw new Error('the demo fleet has no KEV patch');
    const device = ui.bridge.engine.devices.get(kevPatch.deviceId);
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices/${device.id}`, {
      viewport: { width: 1440, height: 900 },
    });
    const { page } = tab;
    await page.getByRole('heading', { level: 1, name: device.name }).waitFor();
    await page
      .getByRole('region', { name: 'System' })
      .getByText(device.os?.name ?? '')
      .waitFor();
    const row = rowWith(page, 'Missing updates', kevPatch.name);
    await row.getByText('KEV', { exact: true }).waitFor();
    expect(await row.textContent()).toMatch(/in CISA KEV/);
    const packages = ui.bridge.engine.inventory.packages(device.id);
    const wanted = packages[packages.length - 1];
    if (!wanted) throw new Error('no packages');
    await page.getByRole('searchbox', { name: 'Search packages' }).fill(wanted.name);
    await rowWith(page, 'Installed packages', wanted.name, wanted.version).waitFor();
    expect(
      await page.getByRole('table', { name: 'Installed packages' }).getByRole('row').count(),
    ).toBeLessThan(packages.length + 1);
    await page.getByRole('searchbox', { name: 'Search packages' }).fill('');
    await shot(page, 'device-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'device-dark');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('the vulnerabilities view lists CVEs fleet-wide with the devices and fixes', async () => {
    const findings = ui.bridge.engine.vulnerabilities
      .findings()
      .filter((finding) => finding.cves.includes('CVE-2024-6387'));
    const devices = new Set(findings.map((finding) => finding.deviceId));
    expect(devices.size).toBeGreaterThan(1);
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/vulnerabilities`, {
      viewport: { width: 1440, height: 900 },
    });
    const { page } = tab;
    await page.getByRole('searchbox', { name: 'Search vulnerabilities' }).fill('CVE-2024-6387');
    // One row per CVE, however many advisories and packages carry it.
    const row = rowWith(page, 'Vulnerabilities', 'CVE-2024-6387');
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.getByRole('cell').nth(4).textContent()).toBe(String(devices.size));
    await page.getByRole('searchbox', { name: 'Search vulnerabilities' }).fill('');
    await rowWith(page, 'Vulnerabilities', 'CVE-2024-1086').getByText('KEV', { exact: true }).waitFor();
    await shot(page, 'vulnerabilities-light');
    await rowWith(page, 'Vulnerabilities', 'CVE-2024-6387').click();
    const drawer = dialogNamed(page, `CVE-2024-6387 on ${devices.size} devices`);
    const first = findings[0]!;
    const affected = drawer.getByRole('table', { name: 'Affected devices' });
    expect(await affected.getByRole('row').count()).toBe(findings.length + 1);
    await affected.getByRole('link', { name: first.device }).first().waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'vulnerabilities-dark');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
