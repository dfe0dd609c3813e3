import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { recordUpgrade, seedUnreachableJobFleet } from './job-fleet';
import { dialogNamed, rowWith } from './fields';

/** The element that has keyboard focus, described by its accessible name (or tag when it has none). */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) return 'body';
    return focused.getAttribute('aria-label') ?? focused.textContent?.trim() ?? focused.tagName;
  });
}

/**
 * Jobs, credentials and the dashboard as a technician meets them with the keyboard and the mouse: retries that
 * say what they retry and start once, focus that comes back after a dialog, links that lead where they say.
 */
describe('console review: jobs, credentials, dashboard', () => {
  const ui = consoleFixture({ setup: ({ bridge }) => seedUnreachableJobFleet(bridge.engine) });

  /** A real deployment that fails at connecting; with maxFailPercent 0 the devices after the first are skipped. */
  async function failedDeployment(deviceCount: number, maxFailPercent = 100): Promise<number> {
    const launched = ui.bridge.engine.deploy.start({
      deviceIds: ui.bridge.engine.devices
        .list()
        .slice(0, deviceCount)
        .map((device) => device.id),
      selection: { kind: 'packages', packages: ['pkg-020'] },
      concurrency: 1,
      maxFailPercent,
    });
    await launched.done;
    return launched.jobId;
  }

  it('names every device a retry takes again: the skipped ones as well as the failed', async () => {
    const jobId = await failedDeployment(3, 0);
    expect(ui.bridge.engine.deploy.get(jobId).devices.map((device) => device.status)).toEqual([
      'failed',
      'skipped',
      'skipped',
    ]);
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
    const { page } = tab;
    await rowWith(page, 'Jobs', `#${jobId}`).click();
    const view = dialogNamed(page, `Job ${jobId}: deployment`);
    await view.getByRole('button', { name: 'Retry 1 failed, 2 skipped' }).click();
    await expect.poll(() => ui.bridge.engine.deploy.list()[0]?.job).toBe(jobId + 1);
    expect(ui.bridge.engine.deploy.get(jobId + 1).devices).toHaveLength(3);
    await dialogNamed(page, `Job ${jobId + 1}: deployment`).waitFor();
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('starts one retry when Retry is double-clicked', async () => {
    const jobId = await failedDeployment(1);
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
    const { page } = tab;
    await rowWith(page, 'Jobs', `#${jobId}`).click();
    const view = dialogNamed(page, `Job ${jobId}: deployment`);
    const jobsBefore = ui.bridge.engine.deploy.list().length;
    await view.getByRole('button', { name: 'Retry 1 failed' }).dblclick();
    await view.waitFor({ state: 'detached' });
    // The view now shows the retry, finished: every job the double click started has been written by now.
    await page.getByLabel('Job status').getByText('failed', { exact: true }).waitFor({ timeout: 30_000 });
    expect(ui.bridge.engine.deploy.list().length).toBe(jobsBefore + 1);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('gives keyboard focus back to the button that opened a rollback confirmation once it closes', async () => {
    const jobId = await failedDeployment(1);
    const device = ui.bridge.engine.deploy.get(jobId).devices[0]!;
    recordUpgrade(ui.bridge.engine, {
      jobId,
      deviceId: device.deviceId,
      package: 'pkg-020',
      from: '1.0-1',
      to: '1.3-1',
    });
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
    const { page } = tab;
    await rowWith(page, 'Jobs', `#${jobId}`).click();
    const view = dialogNamed(page, `Job ${jobId}: deployment`);
    await view.getByRole('button', { name: 'Roll back job' }).focus();
    await page.keyboard.press('Enter');
    const confirm = dialogNamed(page, `Roll back job ${jobId}?`);
    await confirm.getByText('pkg-020: 1.3-1 → 1.0-1').waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await focusedName(page)).toBe('Roll back job');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('gives keyboard focus back to Replace once the new-password dialog closes, and the password is not kept', async () => {
    const device = ui.bridge.engine.devices.list()[0]!;
    await ui.bridge.engine.devices.update({ id: device.id, auth: { kind: 'password', password: 'first' } });
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const replaceLabel = `Replace login password of ${device.name}`;
    await page.getByRole('button', { name: replaceLabel }).focus();
    await page.keyboard.press('Enter');
    const dialog = dialogNamed(page, `New login password for ${device.name}`);
    await dialog.getByLabel('New login password').fill('half-typed');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedName(page)).toBe(replaceLabel);
    // Enter on the focused button opens the dialog again, empty: a cancelled password is not kept.
    await page.keyboard.press('Enter');
    expect(await dialog.getByLabel('New login password').inputValue()).toBe('');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedName(page)).toBe(replaceLabel);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('opens the failed job the dashboard names, not only the list of jobs', async () => {
    const [newest] = ui.bridge.engine.reports.dashboard().failedJobs.recent;
    if (!newest) throw new Error('The seeded fleet has no failed job.');
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/dashboard`);
    const { page } = tab;
    await page
      .getByRole('region', { name: 'Failed jobs' })
      .getByRole('link', { name: `Job ${newest.jobId}` })
      .click();
    const view = dialogNamed(page, `Job ${newest.jobId}: deployment`);
    await view.getByLabel('Job status').waitFor();
    expect(page.url()).toMatch(/#\/jobs$/);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
