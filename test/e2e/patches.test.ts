import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { seedReportFleet } from '../engine/reports/report-fleet';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { dialogNamed, fieldError, rowWith, waitForToast } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');

/** YYYY-MM-DD this many days from now, as a date input takes it. */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('Patches: fleet-wide by package, decided once for many devices', () => {
  const ui = consoleFixture({
    setup: ({ bridge }) => {
      seedReportFleet(bridge.engine, {
        clients: 2,
        devicesPerClient: 8,
        packages: 40,
        maxUpdates: 6,
        now: new Date(),
      });
      fs.mkdirSync(screenshots, { recursive: true });
    },
  });
  const decisionOf = (name: string) =>
    ui.bridge.engine.approvals.queue().find((entry) => entry.package === name)?.decision ?? null;

  it('groups what the engine finds missing by package, with device counts, colours and the earliest due date', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/patches`);
    const { page } = tab;
    const patches = ui.bridge.engine.inventory.patches();
    const names = [...new Set(patches.map((patch) => patch.name))];
    expect(names.length).toBeGreaterThan(3);
    await page.getByText(`${names.length} packages`, { exact: true }).waitFor();

    const missing = patches.filter((patch) => patch.name === 'pkg-020');
    const devices = new Set(missing.map((patch) => patch.deviceId)).size;
    const row = rowWith(page, 'Missing patches', 'pkg-020');
    await row.waitFor();
    const cells = row.getByRole('cell');
    expect((await cells.nth(3).textContent())?.trim()).toBe(String(devices));
    const red = missing.filter((patch) => patch.severity === 'red').length;
    if (red > 0) expect(await cells.nth(4).textContent()).toContain(`${red} red`);
    const due = missing
      .map((patch) => patch.dueAt)
      .filter((at): at is string => at !== null)
      .sort()[0];
    if (due) {
      const shown = await page.evaluate(
        (iso) =>
          new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' }).format(
            new Date(iso),
          ),
        due,
      );
      expect((await cells.nth(6).textContent())?.trim()).toBe(shown);
    }
    // The CVEs column shows what the engine's group holds (patch:groups), not a renderer-side regrouping.
    const withCves = ui.bridge.engine.inventory.patchGroups().find((group) => group.cves.length > 0);
    expect(withCves).toBeDefined();
    const cves = withCves?.cves ?? [];
    const cveCell = rowWith(page, 'Missing patches', withCves?.package ?? '?')
      .getByRole('cell')
      .nth(5);
    expect((await cveCell.textContent())?.trim()).toBe(
      `${cves.slice(0, 2).join(', ')}${cves.length > 2 ? ` +${cves.length - 2}` : ''}`,
    );

    await page.getByRole('searchbox', { name: 'Search patches' }).fill('pkg-021');
    await page.getByText('1 package', { exact: true }).waitFor();
    expect(await page.getByRole('table', { name: 'Missing patches' }).getByRole('row').count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search patches' }).fill('');
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      // Buttons fade between themes; let the fade end before the picture.
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshots, `patches-by-package-${theme}.png`) });
    }
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('approves, defers and excludes several packages at once, and withdraws a decision', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/patches`);
    const { page } = tab;

    await page.getByRole('checkbox', { name: 'Select pkg-020' }).check();
    await page.getByRole('checkbox', { name: 'Select pkg-021' }).check();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await waitForToast(page, 'Approved 2 packages for every device.');
    expect(decisionOf('pkg-020')?.decision).toBe('approve');
    expect(decisionOf('pkg-021')?.decision).toBe('approve');
    await rowWith(page, 'Missing patches', 'pkg-020', 'Approved').waitFor();

    await page.getByRole('checkbox', { name: 'Select pkg-022' }).check();
    await page.getByRole('button', { name: 'Defer…' }).click();
    const dialog = dialogNamed(page, 'Defer updates');
    await dialog.getByLabel('Until', { exact: true }).fill(dayFromNow(-3));
    await dialog.getByRole('button', { name: 'Defer', exact: true }).click();
    expect(await fieldError(dialog, 'Until')).toBe('The deferral must end in the future.');
    expect(decisionOf('pkg-022')).toBeNull();
    const day = dayFromNow(20);
    await dialog.getByLabel('Until', { exact: true }).fill(day);
    await dialog.getByLabel('Note', { exact: true }).fill('waiting for the vendor');
    await dialog.getByRole('button', { name: 'Defer', exact: true }).click();
    await waitForToast(page, "Deferred 'pkg-022' for every device.");
    const deferred = decisionOf('pkg-022');
    expect(deferred?.decision).toBe('defer');
    expect(deferred?.note).toBe('waiting for the vendor');
    // The day starts in the technician's zone; the browser and the test share it.
    expect(new Date(deferred?.until ?? '').getTime()).toBe(new Date(`${day}T00:00:00`).getTime());

    await page.getByRole('checkbox', { name: 'Select pkg-023' }).check();
    await page.getByRole('button', { name: 'Exclude', exact: true }).click();
    await waitForToast(page, "Excluded 'pkg-023' for every device.");
    expect(decisionOf('pkg-023')?.decision).toBe('exclude');

    await page.getByRole('radiogroup', { name: 'Decision' }).getByRole('radio', { name: 'Deferred' }).click();
    await page.getByText('1 package', { exact: true }).waitFor();
    await rowWith(page, 'Missing patches', 'pkg-022', 'Deferred to').waitFor();
    await page.getByRole('radiogroup', { name: 'Decision' }).getByRole('radio', { name: 'All' }).click();

    await page.getByRole('button', { name: 'Withdraw decision on pkg-023' }).click();
    await waitForToast(page, "Decision on 'pkg-023' withdrawn: it waits for approval again.");
    expect(decisionOf('pkg-023')).toBeNull();
    await page.screenshot({ path: path.join(screenshots, 'patches-decided-light.png') });
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('decides only for the selected packages the search still shows', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/patches`);
    const { page } = tab;
    const undecided = ui.bridge.engine.inventory
      .patchGroups()
      .filter((group) => group.decision === null)
      .map((group) => group.package);
    const [hidden, shown] = undecided;
    if (hidden === undefined || shown === undefined) throw new Error('Two undecided packages needed.');
    const search = page.getByRole('searchbox', { name: 'Search patches' });

    await page.getByRole('checkbox', { name: `Select ${hidden}` }).check();
    await search.fill(shown);
    await page.getByRole('checkbox', { name: `Select ${hidden}` }).waitFor({ state: 'detached' });
    await page.getByRole('checkbox', { name: `Select ${shown}` }).check();
    // The hidden tick must not count: the bar speaks for the ticks the technician can see.
    const count = page.locator('.decision-bar__count');
    await expect.poll(async () => (await count.textContent())?.trim()).toBe('1 selected');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await waitForToast(page, `Approved '${shown}' for every device.`);
    expect(decisionOf(hidden)).toBeNull();
    expect(decisionOf(shown)?.decision).toBe('approve');

    // Ticking and unticking every shown package leaves the hidden tick alone too.
    const allShown = page.getByRole('checkbox', { name: 'Select all shown' });
    await allShown.check();
    expect(await page.getByRole('checkbox', { name: `Select ${shown}` }).isChecked()).toBe(true);
    await allShown.uncheck();
    expect(await page.getByRole('checkbox', { name: `Select ${shown}` }).isChecked()).toBe(false);

    // Neither decided nor forgotten: the hidden tick is still there once the search is cleared.
    await search.fill('');
    expect(await page.getByRole('checkbox', { name: `Select ${hidden}` }).isChecked()).toBe(true);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
