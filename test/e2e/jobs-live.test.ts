import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  insertChange,
  insertJob,
  setJobDeviceStatus,
  setJobStatus,
} from '../../electron/engine/db/repositories/jobs';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { recordUpgrade, seedUnreachableJobFleet } from './job-fleet';
import { dialogNamed, rowWith, waitForToast } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');
async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    // Buttons fade between themes; let the fade end before the picture.
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(screenshots, `${name}-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** How far the output box is from its end, in pixels (0: it shows the newest line). */
function distanceFromEnd(output: Locator): Promise<number> {
  return output.evaluate((pre) => pre.scrollHeight - pre.scrollTop - pre.clientHeight);
}

/**
 * The live job view against the real engine and the bridge's real event path: the job is written as the deploy
 * engine journals one, and its progress and output chunks are the engine's own job:progress and job:output events.
 */
describe('Live job view: streaming output, autoscroll, cancel, roll back with a confirmation', () => {
  let devices: { id: number; name: string }[];

  const ui = consoleFixture({
    setup: async ({ bridge }) => {
      await seedUnreachableJobFleet(bridge.engine);
      devices = bridge.engine.devices
        .list()
        .filter((device) => device.platform === 'debian')
        .map(({ id, name }) => ({ id, name }));
      fs.mkdirSync(screenshots, { recursive: true });
    },
  });

  it('streams a running device’s output, follows it until the technician scrolls up, and cancels the job', async () => {
    const { database } = ui.bridge.engine;
    const [device] = devices;
    if (!device) throw new Error('no Debian device in the seeded fleet');
    const now = new Date().toISOString();
    const jobId = database.transaction(() => {
      const id = insertJob(database, {
        kind: 'deploy',
        settings: '{}',
        rollbackOf: null,
        actor: 'tester',
        createdAt: now,
        devices: [{ deviceId: device.id, packages: '[{"name":"pkg-020","version":null}]' }],
      });
      setJobStatus(database, id, 'running', now);
      setJobDeviceStatus(database, id, device.id, 'running', now);
      return id;
    });
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
    const { page } = tab;
    await rowWith(page, 'Jobs', `#${jobId}`, 'running').click();
    const view = dialogNamed(page, `Job ${jobId}: deployment`);
    await view.waitFor();

    const emit = (job: number, from: number, lines: number) =>
      ui.bridge.engine.events.emit('job:output', {
        job,
        deviceId: device.id,
        device: device.name,
        step: 'install',
        output: Array.from(
          { length: lines },
          (_, index) => `Unpacking pkg-020 part ${from + index} ...\n`,
        ).join(''),
      });
    ui.bridge.engine.events.emit('job:progress', {
      job: jobId,
      deviceId: device.id,
      device: device.name,
      step: 'install',
      status: 'running',
      error: null,
    });
    for (let chunk = 0; chunk < 6; chunk += 1) emit(jobId, chunk * 20, 20);
    // The same device in another job prints too: it must not show up in this job's output.
    emit(jobId + 1000, 0, 1);
    const output = view.getByLabel(`Output of ${device.name}`);
    await output.getByText('Unpacking pkg-020 part 119 ...').waitFor();
    await view.getByRole('listitem', { name: device.name }).getByText('install', { exact: true }).waitFor();
    // One "part 0": the other job's chunk for the same device stayed out.
    expect((await output.textContent())?.match(/part 0 \.\.\./g)).toHaveLength(1);
    expect(await distanceFromEnd(output)).toBeLessThanOrEqual(8);

    // The technician scrolls up to read: new lines arrive, the view stays where it was and offers to follow.
    await output.evaluate((pre) => pre.scrollTo({ top: 0 }));
    await view.getByRole('button', { name: 'Follow output' }).waitFor();
    emit(jobId, 120, 20);
    await output.getByText('Unpacking pkg-020 part 139 ...').waitFor();
    expect(await output.evaluate((pre) => pre.scrollTop)).toBe(0);
    await shoot(page, 'job-live-output');
    await view.getByRole('button', { name: 'Follow output' }).click();
    await expect.poll(() => distanceFromEnd(output)).toBeLessThanOrEqual(8);
    emit(jobId, 140, 20);
    await output.getByText('Unpacking pkg-020 part 159 ...').waitFor();
    await expect.poll(() => distanceFromEnd(output)).toBeLessThanOrEqual(8);

    await view.getByRole('button', { name: 'Cancel job' }).click();
    await waitForToast(page, `Job ${jobId}: devices not yet started are cancelled.`);
    expect(database.statement('SELECT cancel_requested FROM jobs WHERE id = ?').pluck().get(jobId)).toBe(1);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('rolls back a job, or one device, after listing what will be reinstalled and what cannot be', async () => {
    const [first, second] = devices;
    if (!first || !second) throw new Error('fewer than two Debian devices in the seeded fleet');
    // A real deployment (it fails at connecting); its recorded changes are written as the deploy engine writes them.
    const launched = ui.bridge.engine.deploy.start({
      deviceIds: [first.id, second.id],
      selection: { kind: 'packages', packages: ['pkg-020'] },
    });
    await launched.done;
    const { database } = ui.bridge.engine;
    for (const device of [first, second]) {
      recordUpgrade(ui.bridge.engine, {
        jobId: launched.jobId,
        deviceId: device.id,
        package: 'pkg-020',
        from: '1.0-1',
        to: '1.3-1',
      });
    }
    insertChange(database, {
      jobId: launched.jobId,
      deviceId: first.id,
      package: 'linux-image-amd64',
      from: '6.1.112-1',
      to: '6.1.115-1',
      rollbackPossible: false,
      rollbackNote: 'a kernel installs beside the old one; going back means booting the old kernel.',
    });

    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
    const { page } = tab;
    await rowWith(page, 'Jobs', `#${launched.jobId}`).click();
    const view = dialogNamed(page, `Job ${launched.jobId}: deployment`);
    await view.getByRole('button', { name: 'Roll back job' }).click();
    const confirm = dialogNamed(page, `Roll back job ${launched.jobId}?`);
    const firstCard = confirm.getByRole('listitem', { name: first.name });
    await firstCard.getByText('pkg-020: 1.3-1 → 1.0-1', { exact: true }).waitFor();
    await firstCard
      .getByText('Stays: a kernel installs beside the old one; going back means booting the old kernel.')
      .waitFor();
    await confirm.getByRole('listitem', { name: second.name }).getByText('pkg-020: 1.3-1 → 1.0-1').waitFor();
    await shoot(page, 'rollback-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    // Cancelled: nothing was started.
    expect(ui.bridge.engine.deploy.list().filter((job) => job.kind === 'rollback')).toEqual([]);

    await view
      .getByRole('listitem', { name: second.name })
      .getByRole('button', { name: 'Roll back this device' })
      .click();
    const one = dialogNamed(page, `Roll back ${second.name}?`);
    await one.getByText('pkg-020: 1.3-1 → 1.0-1').waitFor();
    expect(await one.getByRole('listitem', { name: first.name }).count()).toBe(0);
    await one.getByRole('button', { name: 'Roll back 1 package' }).click();
    await expect
      .poll(() => ui.bridge.engine.deploy.list().filter((job) => job.kind === 'rollback').length)
      .toBe(1);
    const rollback = ui.bridge.engine.deploy.list().find((job) => job.kind === 'rollback');
    expect(rollback).toMatchObject({ rollbackOf: launched.jobId });
    expect(rollback?.devices.map((device) => device.deviceId)).toEqual([second.id]);
    await waitForToast(page, `Rolling back job ${launched.jobId}: job ${rollback?.job} started.`);
    await dialogNamed(page, `Job ${rollback?.job}: roll back of job ${launched.jobId}`).waitFor();
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
