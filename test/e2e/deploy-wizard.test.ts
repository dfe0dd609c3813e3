import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PreflightSummary } from '../../shared/domain/jobs';
import { findRepositoryRoot, type Bridge } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { CLOSED_PORT, seedJobFleet } from './job-fleet';
import { dialogNamed, fieldError, rowWith, waitForToast } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');
function deviceId(bridge: Bridge, name: string): number {
  const device = bridge.engine.devices.list().find((candidate) => candidate.name === name);
  if (!device) throw new Error(`No device ${name} in the seeded fleet.`);
  return device.id;
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    // Buttons fade between themes; let the fade end before the picture.
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(screenshots, `${name}-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** "Sat 21 Nov, 01:00" in `zone` (or the browser's own), as the Jobs page writes it. */
function inZone(page: Page, iso: string, zone?: string): Promise<string> {
  return page.evaluate(
    ([at, tz]) =>
      new Intl.DateTimeFormat(undefined, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        ...(tz ? { timeZone: tz } : {}),
      }).format(new Date(at)),
    [iso, zone] as const,
  );
}

/** Two Debian devices that miss updates (the wizard offers only those), in name order. */
function debianDevicesWithUpdates(bridge: Bridge): [string, string] {
  const missing = new Set(bridge.engine.inventory.patches().map((patch) => patch.deviceId));
  const names = bridge.engine.devices
    .list()
    .filter((device) => device.platform === 'debian' && missing.has(device.id))
    .map((device) => device.name)
    .sort();
  if (names.length < 2) throw new Error('The seeded fleet has fewer than two Debian devices with updates.');
  return [names[0]!, names[1]!];
}

/** Open the wizard and choose pkg-020 on these devices. */
async function chooseDeployment(page: Page, devices: readonly string[]) {
  await page.getByRole('button', { name: 'Deploy updates' }).first().click();
  const wizard = dialogNamed(page, 'Deploy updates');
  await wizard.getByRole('radio', { name: 'Chosen packages' }).click();
  await wizard.getByRole('group', { name: 'Packages' }).getByLabel('pkg-020').check();
  for (const device of devices)
    await wizard.getByRole('group', { name: 'Devices' }).getByLabel(device).check();
  await wizard.getByRole('button', { name: 'Pre-flight check' }).click();
  return wizard;
}

/**
 * The wizard against the real engine: the seeded devices point at a closed loopback port, so the engine's
 * pre-flight really connects and finds them unreachable, and planned deployments are real rows the scheduler
 * would start.
 */
describe('Deployment wizard: pre-flight per device, run now or in the next window', () => {
  let keyFolder = '';

  const ui = consoleFixture({
    setup: async ({ bridge }) => {
      seedJobFleet(bridge.engine);
      // A real key file, so the pre-flight gets as far as connecting (an agent login would stop at the missing agent).
      keyFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-wizard-key-'));
      const keyPath = path.join(keyFolder, 'id_ed25519');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
      for (const device of bridge.engine.devices.list())
        await bridge.engine.devices.update({
          id: device.id,
          port: CLOSED_PORT,
          auth: { kind: 'key', keyPath },
        });
      fs.mkdirSync(screenshots, { recursive: true });
    },
  });

  afterAll(() => {
    if (keyFolder) fs.rmSync(keyFolder, { recursive: true, force: true });
  });

  it('shows unreachable devices with their reason, and plans them for the next window of their policy', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
    const { page } = tab;
    const [first, second] = debianDevicesWithUpdates(ui.bridge);
    const wizard = await chooseDeployment(page, [first, second]);
    const summary = wizard.getByRole('region', { name: 'Pre-flight summary' });
    await summary.getByText('2 devices checked: 2 unreachable.').waitFor({ timeout: 30_000 });
    for (const name of [first, second]) {
      const row = summary.getByRole('row', { name });
      await row.getByText('unreachable', { exact: true }).waitFor();
      // The engine's own sentence says why, with the next step.
      await row
        .getByText(`${name} (127.0.0.1:9) refused the connection: is sshd running, and on this port?`)
        .waitFor();
    }
    expect(await wizard.getByRole('button', { name: 'Deploy to 0 ready devices' }).isDisabled()).toBe(true);

    await wizard.getByRole('button', { name: 'In the next window…' }).click();
    await wizard
      .getByText('Each device waits for the next window of the enabled policy that covers it', {
        exact: false,
      })
      .waitFor();
    await wizard.getByRole('button', { name: 'Plan for 2 devices' }).click();
    const [planned] = ui.bridge.engine.scheduler.planned.list();
    expect(planned).toMatchObject({
      status: 'planned',
      policy: 'acme-weekly',
      timeZone: 'Europe/Berlin',
      devices: [
        { deviceId: deviceId(ui.bridge, first), device: first },
        { deviceId: deviceId(ui.bridge, second), device: second },
      ],
      selection: { kind: 'packages', packages: ['pkg-020'] },
    });
    // The seeded policy's window opens Saturdays at 01:00 in Berlin.
    expect(await inZone(page, planned!.windowStart, 'Europe/Berlin')).toMatch(/^Sat.* 01:00$/);
    await waitForToast(page, `Planned for 2 devices: starts ${await inZone(page, planned!.windowStart)}.`);
    const row = rowWith(page, 'Planned deployments', 'acme-weekly');
    await row.getByText(await inZone(page, planned!.windowStart, 'Europe/Berlin'), { exact: true }).waitFor();
    await row.getByText(await inZone(page, planned!.windowStart), { exact: true }).waitFor();
    await row.getByText('planned', { exact: true }).waitFor();
    // Nothing ran: planning writes no job.
    expect(ui.bridge.engine.deploy.list().some((job) => job.createdAt > planned!.createdAt)).toBe(false);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('plans for a window the technician picks, checks the fields, and cancels a plan before it starts', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
    const { page } = tab;
    const before = ui.bridge.engine.scheduler.planned.list().length;
    const [device] = debianDevicesWithUpdates(ui.bridge);
    const wizard = await chooseDeployment(page, [device]);
    await wizard.getByText('1 device checked: 1 unreachable.').waitFor({ timeout: 30_000 });
    await wizard.getByRole('button', { name: 'In the next window…' }).click();
    await wizard.getByRole('radio', { name: 'A window I pick' }).click();
    await wizard.getByLabel('Window length (hours)').fill('30');
    await wizard.getByRole('button', { name: 'Plan for 1 device' }).click();
    expect(await fieldError(wizard, 'Window opens (your time)')).toBe(
      'Pick the day and time the window opens.',
    );
    expect(await fieldError(wizard, 'Window length (hours)')).toBe(
      'The window lasts from a few minutes to 24 hours: enter hours, e.g. 2 or 0.5.',
    );
    // Tomorrow 18:00 in the browser's zone, for an hour and a half.
    const start = await page.evaluate(() => {
      const day = new Date(Date.now() + 86_400_000);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}T18:00`;
    });
    await wizard.getByLabel('Window opens (your time)').fill(start);
    await wizard.getByLabel('Window length (hours)').fill('1.5');
    await shoot(page, 'deploy-window-choice');
    await wizard.getByRole('button', { name: 'Plan for 1 device' }).click();
    await expect.poll(() => ui.bridge.engine.scheduler.planned.list().length).toBe(before + 1);
    const picked = ui.bridge.engine.scheduler.planned.list().find((entry) => entry.policy === null);
    const expectedStart = await page.evaluate((local) => new Date(local).toISOString(), start);
    expect(picked).toMatchObject({
      status: 'planned',
      windowStart: expectedStart,
      windowEnd: new Date(Date.parse(expectedStart) + 90 * 60_000).toISOString(),
      devices: [{ device }],
    });
    const row = rowWith(page, 'Planned deployments', 'window picked by hand');
    await row.waitFor();
    await shoot(page, 'planned-deployments');

    await row.getByRole('button', { name: 'Cancel' }).click();
    const confirm = dialogNamed(page, 'Cancel this planned deployment?');
    await confirm.getByRole('button', { name: 'Cancel planned deployment' }).click();
    await waitForToast(page, `Planned deployment ${picked!.id} cancelled: it will not start.`);
    await row.getByText('cancelled', { exact: true }).waitFor();
    expect(ui.bridge.engine.scheduler.planned.list().find((entry) => entry.id === picked!.id)?.status).toBe(
      'cancelled',
    );
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('lists what changes from → to, what cannot be rolled back, and deploys only to the ready devices', async () => {
    // No host in this fleet is reachable, so the engine's pre-flight answers with a summary recorded from a real
    // Debian host (one ready device with a kernel that cannot be rolled back, one blocked by the dpkg lock).
    const [readyName, blockedName] = debianDevicesWithUpdates(ui.bridge);
    const ready = deviceId(ui.bridge, readyName);
    const blocked = deviceId(ui.bridge, blockedName);
    const recorded: PreflightSummary = {
      devices: [
        {
          deviceId: ready,
          device: readyName,
          status: 'ready',
          packages: [
            { name: 'pkg-020', from: '1.0-1', to: '1.3-1', rollbackPossible: true, rollbackNote: null },
            {
              name: 'linux-image-amd64',
              from: '6.1.112-1',
              to: '6.1.115-1',
              rollbackPossible: false,
              rollbackNote: 'a kernel installs beside the old one; going back means booting the old kernel.',
            },
          ],
          warnings: ['A reboot was already pending before this job.'],
          error: null,
        },
        {
          deviceId: blocked,
          device: blockedName,
          status: 'blocked',
          packages: [],
          warnings: [],
          error:
            'The package manager is locked by another process (apt-get, pid 812): try again when it has finished.',
        },
      ],
    };
    const real = ui.bridge.engine.deploy.preflight;
    ui.bridge.engine.deploy.preflight = async () => recorded;
    try {
      const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
      const { page } = tab;
      const before = ui.bridge.engine.deploy.list().length;
      const wizard = await chooseDeployment(page, [readyName, blockedName]);
      const summary = wizard.getByRole('region', { name: 'Pre-flight summary' });
      await summary.getByText('2 devices checked: 1 ready, 1 blocked.').waitFor();
      const readyRow = summary.getByRole('row', { name: readyName });
      await readyRow.getByText('pkg-020 1.0-1 → 1.3-1', { exact: true }).waitFor();
      await readyRow.getByText('linux-image-amd64 6.1.112-1 → 6.1.115-1', { exact: true }).waitFor();
      await readyRow
        .getByText(
          'linux-image-amd64: a kernel installs beside the old one; going back means booting the old kernel.',
        )
        .waitFor();
      await readyRow.getByText('A reboot was already pending before this job.').waitFor();
      await summary
        .getByText('1 change cannot be rolled back by Patchdeck afterwards: see the last column.')
        .waitFor();
      await summary
        .getByRole('row', { name: blockedName })
        .getByText(
          'The package manager is locked by another process (apt-get, pid 812): try again when it has finished.',
        )
        .waitFor();
      await shoot(page, 'deploy-preflight');

      await wizard.getByRole('button', { name: 'Deploy to 1 ready device' }).click();
      await expect.poll(() => ui.bridge.engine.deploy.list().length).toBe(before + 1);
      const job = ui.bridge.engine.deploy.list()[0];
      expect(job?.devices.map((device) => device.deviceId)).toEqual([ready]);
      await waitForToast(page, `Deployment started: job ${job?.job}.`);
      await dialogNamed(page, `Job ${job?.job}: deployment`).waitFor();
      expect(tab.problems).toEqual([]);
      await tab.close();
    } finally {
      ui.bridge.engine.deploy.preflight = real;
    }
  });

  it('ignores the late answer of a pre-flight the technician went back from', async () => {
    const [keptName, droppedName] = debianDevicesWithUpdates(ui.bridge);
    const dropped = ui.bridge.engine.devices.get(deviceId(ui.bridge, droppedName));
    const ssh = ui.bridge.engine.settings.get().ssh;
    // The dropped device accepts TCP and never speaks SSH: its pre-flight waits out the 2 s sign-in timeout, while
    // the kept one (a closed port) is refused at once.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const reached = new Promise<void>((resolve) => silent.on('connection', () => resolve()));
    ui.bridge.engine.settings.update({ ssh: { handshakeTimeoutMs: 2000 } });
    await ui.bridge.engine.devices.update({
      id: dropped.id,
      port: (silent.address() as net.AddressInfo).port,
      // A password login goes as far as the sign-in; the seeded agent login stops before connecting (no agent).
      auth: { kind: 'password', password: 'never-asked' },
    });
    try {
      const tab = await openConsole(ui.browser, `${ui.bridge.url}#/jobs`);
      const { page } = tab;
      const wizard = await chooseDeployment(page, [keptName, droppedName]);
      await wizard.getByText('Connecting to 2 devices for a read-only pre-flight…').waitFor();
      await wizard.getByRole('button', { name: 'Back', exact: true }).click();
      await wizard.getByRole('group', { name: 'Devices' }).getByLabel(droppedName).uncheck();
      await wizard.getByRole('button', { name: 'Pre-flight check' }).click();
      const summary = wizard.getByText(/^1 device checked: /);
      await summary.waitFor();

      await reached;
      // The first pre-flight gives up on the silent device after its 2 s sign-in timeout; a second more lets its
      // answer cross the bridge and render, had it been taken.
      await page.waitForTimeout(3000);
      expect(await summary.count()).toBe(1);
      expect(await wizard.getByText(/^2 devices checked: /).count()).toBe(0);
      expect(
        await wizard.getByRole('table', { name: 'Pre-flight per device' }).getByText(droppedName).count(),
      ).toBe(0);
      expect(tab.problems).toEqual([]);
      await tab.close();
    } finally {
      await ui.bridge.engine.devices.update({ id: dropped.id, port: dropped.port, auth: { kind: 'agent' } });
      ui.bridge.engine.settings.update({ ssh });
      silent.close();
    }
  });

  it("shows each package's fleet-wide decision and how many devices miss it, and what each device misses", async () => {
    const groups = ui.bridge.engine.inventory
      .patchGroups()
      .filter((group) => group.package !== 'pkg-020')
      .sort((a, b) => a.package.localeCompare(b.package));
    const [approved, deferred, undecided] = groups;
    if (!approved || !deferred || !undecided)
      throw new Error('The seeded fleet misses fewer than four packages.');
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString();
    ui.bridge.engine.approvals.decide({ packages: [approved.package], decision: 'approve' });
    ui.bridge.engine.approvals.decide({ packages: [deferred.package], decision: 'defer', until });
    try {
      // The Devices page filtered to nothing first: the wizard's devices do not come from that page's list.
      const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`);
      const { page } = tab;
      await page.getByRole('searchbox', { name: 'Search devices' }).fill('no-such-device');
      await page.getByText(/^No devices match/).waitFor();
      await page.getByRole('link', { name: 'Jobs' }).click();
      await page.getByRole('button', { name: 'Deploy updates' }).first().click();
      const wizard = dialogNamed(page, 'Deploy updates');
      await wizard.getByRole('radio', { name: 'Chosen packages' }).click();
      const list = wizard.getByRole('group', { name: 'Packages' });
      const item = (name: string) =>
        list.locator('label').filter({ has: page.getByText(name, { exact: true }) });
      const onDevices = (count: number) => `on ${count} device${count === 1 ? '' : 's'}`;

      await item(approved.package).getByText('Approved', { exact: true }).waitFor();
      await item(approved.package).getByText(onDevices(approved.devices), { exact: true }).waitFor();
      const day = await page.evaluate(
        (at) => new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(new Date(at)),
        until,
      );
      await item(deferred.package).getByText(`Deferred to ${day}`, { exact: true }).waitFor();
      await item(deferred.package).getByText(onDevices(deferred.devices), { exact: true }).waitFor();
      // Waiting is the Patches page's column; in the wizard only a decision taken is worth a badge.
      await item(undecided.package).getByText(onDevices(undecided.devices), { exact: true }).waitFor();
      expect(await item(undecided.package).locator('.badge').count()).toBe(0);
      expect(await list.locator('label').count()).toBe(groups.length + 1);

      // Every device that misses something is offered, with what its last scan found missing.
      const missing = ui.bridge.engine.inventory.devicesMissing();
      const devices = wizard.getByRole('group', { name: 'Devices', exact: true });
      expect(await devices.locator('label').count()).toBe(missing.length);
      const names = new Map(ui.bridge.engine.devices.list().map((device) => [device.id, device.name]));
      for (const counts of missing) {
        const text = `${counts.missing} update${counts.missing === 1 ? '' : 's'}${
          counts.security > 0 ? `, ${counts.security} security` : ''
        }`;
        await devices
          .locator('label')
          .filter({ has: page.getByText(names.get(counts.deviceId)!, { exact: true }) })
          .getByText(text, { exact: true })
          .waitFor();
      }
      await shoot(page, 'deploy-package-decisions');
      expect(tab.problems).toEqual([]);
      await tab.close();
    } finally {
      ui.bridge.engine.approvals.withdraw(approved.package);
      ui.bridge.engine.approvals.withdraw(deferred.package);
    }
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
