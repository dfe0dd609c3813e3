import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { seedReportFleet } from '../engine/reports/report-fleet';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { waitForToast } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');

/** The text of the first element with this class in the engine's report HTML. */
function periodLine(html: string): string {
  const match = /<div class="period">([^<]*)<\/div>/.exec(html);
  if (!match?.[1]) throw new Error('The report has no period line.');
  return match[1].replace(/&amp;/g, '&').replace(/&#39;/g, "'");
}

describe('Reports: preview within the CSP, export PDF/HTML/CSV', () => {
  let folder: string;

  const ui = consoleFixture({
    setup: ({ bridge }) => {
      seedReportFleet(bridge.engine, {
        clients: 2,
        devicesPerClient: 10,
        packages: 30,
        maxUpdates: 5,
        now: new Date(),
      });
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-reports-'));
      fs.mkdirSync(screenshots, { recursive: true });
    },
  });

  afterAll(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('previews the report the engine renders, styled, for the chosen client and period', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/reports`);
    const { page } = tab;
    await page.getByRole('region', { name: 'Choose a client' }).waitFor();
    const client = ui.bridge.engine.clients.list().find((candidate) => candidate.name === 'Acme Dental');
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Acme Dental' });
    const preview = page.getByRole('document', { name: 'Report preview for Acme Dental' });
    await preview.getByRole('heading', { name: 'Patch compliance report: Acme Dental' }).waitFor();
    const html = ui.bridge.engine.reports.preview({ clientId: client?.id ?? 0 });
    await preview.getByText(periodLine(html).split(' · ')[0] ?? '', { exact: false }).waitFor();
    // The report's stylesheet and its style attributes apply although the CSP forbids inline styles.
    expect(
      await preview
        .getByRole('heading', { level: 1 })
        .evaluate((heading) => getComputedStyle(heading).fontSize),
    ).toBe('22px');
    const chip = preview.locator('.chip').first();
    expect(await chip.count()).toBe(1);
    expect(await chip.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe(
      'rgba(0, 0, 0, 0)',
    );

    await page.getByLabel('From', { exact: true }).fill('2026-01-01');
    await page.getByLabel('To', { exact: true }).fill('2026-01-31');
    const january = ui.bridge.engine.reports.preview({
      clientId: client?.id ?? 0,
      from: '2026-01-01',
      to: '2026-01-31',
    });
    await preview.getByText(periodLine(january).split(' · ')[0] ?? '', { exact: false }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await preview.getByText(periodLine(html).split(' · ')[0] ?? '', { exact: false }).waitFor();

    // Coming back to the page shows the report as it is now, not the preview the page showed last time.
    const branding = ui.bridge.engine.reports.branding();
    ui.bridge.engine.reports.setBranding({ ...branding, name: 'Renamed Managed Services' });
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('link', { name: 'Reports' }).click();
    await expect.poll(() => preview.locator('.msp').textContent()).toBe('Renamed Managed Services');
    ui.bridge.engine.reports.setBranding(branding);
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('link', { name: 'Reports' }).click();
    await expect.poll(() => preview.locator('.msp').textContent()).toBe(branding.name);
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      // Buttons fade between themes; let the fade end before the picture.
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshots, `reports-preview-${theme}.png`) });
    }
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('exports PDF, HTML and CSV to the file chosen in main’s save dialog, and says where and how large', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/reports`);
    const { page } = tab;
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Acme Dental' });
    // The page has no path field: the sandboxed renderer cannot name a file, main's dialog does.
    expect(await page.getByLabel('Save to', { exact: true }).count()).toBe(0);
    const target = path.join(folder, 'acme-november.pdf');
    ui.bridge.chooseFilesWith((dialog) =>
      path.join(folder, dialog.suggested.replace('patchdeck-report', 'acme-november')),
    );
    const shownBefore = ui.bridge.fileDialogs.length;

    for (const format of ['pdf', 'html', 'csv'] as const) {
      const file = target.replace(/\.pdf$/, `.${format}`);
      await page.getByRole('button', { name: `Export ${format.toUpperCase()}…` }).click();
      await waitForToast(page, `Report saved to ${file}.`);
      const bytes = fs.statSync(file).size;
      const kilobytes = Math.round(bytes / 1024);
      const result = page.getByLabel('Last export');
      await result.getByText(file).waitFor();
      expect(await result.textContent()).toContain(`${format.toUpperCase()} report`);
      expect(await result.textContent()).toContain(
        bytes < 1024 ? `${bytes} bytes` : `${kilobytes.toLocaleString('en-US')} KB`,
      );
    }
    // One save dialog per export, each suggesting the format's extension.
    expect(ui.bridge.fileDialogs.slice(shownBefore)).toEqual(
      ['pdf', 'html', 'csv'].map((format) => ({
        mode: 'save',
        title: 'Export the report',
        suggested: `patchdeck-report.${format}`,
      })),
    );
    expect(fs.readFileSync(target).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.readFileSync(target.replace(/\.pdf$/, '.html'), 'utf8')).toContain(
      'Patch compliance report: Acme Dental',
    );
    expect(fs.readFileSync(target.replace(/\.pdf$/, '.csv'), 'utf8').length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshots, 'reports-exported-light.png') });

    // A folder that vanished between the dialog and the write: the engine's refusal in words.
    const missing = path.join(folder, 'no-such-folder', 'acme.pdf');
    ui.bridge.chooseFilesWith(() => missing);
    await page.getByRole('button', { name: 'Export PDF…' }).click();
    await page
      .getByRole('alert')
      .getByText(
        `Cannot write ${missing}: the folder ${path.dirname(missing)} does not exist or is not writable.`,
      )
      .waitFor();
    expect(fs.existsSync(missing)).toBe(false);

    // Cancelling the dialog writes nothing and is no error.
    ui.bridge.chooseFilesWith(() => null);
    const before = fs.readdirSync(folder).sort();
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    await expect.poll(() => ui.bridge.fileDialogs.length).toBe(shownBefore + 5);
    await page.getByRole('alert').waitFor({ state: 'detached' });
    expect(fs.readdirSync(folder).sort()).toEqual(before);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
