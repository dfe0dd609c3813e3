import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findRepositoryRoot, type Bridge } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { seedUnreachableJobFleet } from './job-fleet';
import { dialogNamed, rowWith } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');
function deviceId(bridge: Bridge, name: string): number {
  const device = bridge.engine.devices.list().find((candidate) => candidate.name === name);
  if (!device) throw new Error(`No device ${name} in the seeded fleet.`);
  return device.id;
}

async function waitForJobStatus(page: Page, status: string): Promise<void> {
  await page.getByLabel('Job status').getByText(status, { exact: true }).waitFor({ timeout: 30_000 });
}

/**
 * Jobs need real hosts to succeed; here the devices point at a closed loopback port, so every deployment the
 * console starts is a real engine job that fails at connecting. The seeded history adds a job with one failure.
 */
describe('Jobs: list, job view, retry', () => {
  const ui = consoleFixture({
    setup: async ({ bridge }) => {
      await seedUnreachableJobFleet(bridge.engine);
      fs.mkdirSync(screenshots, { recursive: true });
    },
  });

  it('lists the recorded jobs and opens one with each device, its error, and retries the failed device', async () => {
    // A real deployment that failed at connecting, to retry; the seeded job (written as rows) is only viewed.
    const launched = ui.bridge.engine.deploy.start({
      deviceIds: [deviceId(ui.bridge, 'acme-0002')],
      selection: { kind: 'packages', packages: ['pkg-020'] },
    });
    await launched.done;
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
    const { page } = tab;
    const seeded = ui.bridge.engine.deploy.list().find((job) => job.job !== launched.jobId);
    expect(seeded?.status).toBe('failed');
    const row = rowWith(page, 'Jobs', `#${seeded?.job}`, 'failed', '4 devices', '1 failed');
    await row.waitFor();
    await row.click();
    const view = dialogNamed(page, `Job ${seeded?.job}: deployment`);
    await view.getByText('4 devices: 1 failed, 3 succeeded').waitFor();
    const failed = seeded?.devices.find((device) => device.status === 'failed');
    await view
      .getByRole('listitem', { name: failed?.device })
      .getByText('dpkg: error processing package pkg-020 (--configure)')
      .waitFor();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      // Buttons fade between themes; let the fade end before the picture.
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshots, `job-view-${theme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await view.getByRole('button', { name: 'Close' }).last().click();
    await rowWith(page, 'Jobs', `#${launched.jobId}`, 'failed', '1 device', '1 failed').click();
    const real = dialogNamed(page, `Job ${launched.jobId}: deployment`);
    await real.getByRole('button', { name: 'Retry 1 failed' }).click();
    await expect.poll(() => ui.bridge.engine.deploy.list().length).toBe(3);
    const retried = ui.bridge.engine.deploy.list()[0];
    expect(retried?.job).toBe(launched.jobId + 1);
    expect(retried?.devices.map((device) => device.device)).toEqual(['acme-0002']);
    const retryView = dialogNamed(page, `Job ${retried?.job}: deployment`);
    await retryView.waitFor();
    await waitForJobStatus(page, 'failed');
    const final = ui.bridge.engine.deploy.get(retried?.job ?? 0);
    expect(final.status).toBe('failed');
    const error = final.devices[0]?.error ?? '';
    expect(error).not.toBe('');
    await retryView.getByRole('listitem', { name: 'acme-0002' }).getByText(error, { exact: true }).waitFor();
    await retryView.getByRole('button', { name: 'Close' }).last().click();
    await rowWith(page, 'Jobs', `#${retried?.job}`, 'failed').waitFor();
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
