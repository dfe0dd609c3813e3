import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listSteps } from '../../electron/engine/db/repositories/jobs';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { installedVersion } from '../engine/deploy/fleet-support';
import { openConsole, type ConsoleTab } from '../e2e/chromium';
import { consoleFixture } from '../e2e/console-fixture';
import { dialogNamed, rowWith, waitForToast } from '../e2e/fields';
import { startFleet, type Fleet, type FleetHost } from './harness/fleet';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');
const CLIENT = 'Harbor Dental';
// Offered over the installed 1.0-1; its postinst prints a line every half second, so the install runs long
// enough for the job view to show output while the device is still running.
const UPDATE = { name: 'pd-hello', from: '1.0-1', to: '1.2-1', postinstLines: 10 };

const shoot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(screenshots, `fleet-flow-${name}.png`) });

/**
 * The technician's main flow in the console, clicked in Chromium against real Debian hosts over real sshd: add a
 * client and devices, scan, approve, deploy through the wizard (the engine's own pre-flight), watch the job, check
 * the device, export the client's report, roll one device back. Each step checks the hosts themselves too.
 */
describe('console main flow on the test fleet', () => {
  let fleet: Fleet;
  let tab: ConsoleTab;
  let page: Page;
  let deployJob = 0;

  const host = (index: number): FleetHost => {
    const found = fleet.hosts[index];
    if (!found) throw new Error(`The fleet has no host ${index + 1}.`);
    return found;
  };
  const deviceNamed = (name: string) => {
    const device = ui.bridge.engine.devices.list().find((candidate) => candidate.name === name);
    if (!device) throw new Error(`No device ${name} in the console.`);
    return device;
  };

  // Registered before the console, so the hosts are up before the bridge starts and stop after it closed.
  beforeAll(async () => {
    fleet = await startFleet({ count: 3, prefix: 'pdui' });
  });
  afterAll(() => fleet?.stop());

  const ui = consoleFixture({
    setup: async ({ bridge, browser }) => {
      await fleet.repository.publish({
        name: UPDATE.name,
        version: UPDATE.to,
        suite: 'bookworm-security',
        postinstSlowLines: UPDATE.postinstLines,
      });
      fs.mkdirSync(screenshots, { recursive: true });
      tab = await openConsole(browser, `${bridge.url}#/clients`, { viewport: { width: 1440, height: 900 } });
      page = tab.page;
    },
  });

  afterAll(() => tab?.close());

  it('adds the client and a device through the forms, then scans the whole fleet', async () => {
    await page.getByRole('button', { name: 'Add client' }).first().click();
    const clientForm = dialogNamed(page, 'Add client');
    await clientForm.getByLabel('Name', { exact: true }).fill(CLIENT);
    await clientForm.getByLabel('Time zone').selectOption('UTC');
    await clientForm.getByRole('button', { name: 'Add client' }).click();
    await waitForToast(page, `Client '${CLIENT}' added.`);

    const first = host(0);
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('button', { name: 'Add device' }).first().click();
    const deviceForm = dialogNamed(page, 'Add device');
    await deviceForm.getByLabel('Client', { exact: true }).selectOption({ label: CLIENT });
    await deviceForm.getByLabel('Name', { exact: true }).fill('host-1');
    await deviceForm.getByLabel('Host', { exact: true }).fill(first.address);
    await deviceForm.getByLabel('Port', { exact: true }).fill('22');
    await deviceForm.getByLabel('User', { exact: true }).fill(first.user);
    await deviceForm.getByLabel('Sign in with').selectOption('key');
    await deviceForm.getByLabel('Key file', { exact: true }).fill(first.privateKeyPath);
    await deviceForm.getByLabel('Use sudo').check();
    await deviceForm.getByLabel('Sudo password (optional)').fill(first.password);
    await deviceForm.getByRole('button', { name: 'Add device' }).click();
    await waitForToast(page, `Device 'host-1' added to ${CLIENT}.`);

    // The other two as an import would add them: through the engine, into the client the form created.
    const client = ui.bridge.engine.clients.list().find((candidate) => candidate.name === CLIENT);
    if (!client) throw new Error(`The form did not create ${CLIENT}.`);
    for (const index of [1, 2]) {
      const other = host(index);
      await ui.bridge.engine.devices.add({
        clientId: client.id,
        name: `host-${index + 1}`,
        host: other.address,
        port: 22,
        user: other.user,
        tags: [],
        ring: 'broad',
        auth: { kind: 'key', keyPath: other.privateKeyPath },
        sudo: true,
        sudoPassword: other.password,
      });
    }
    await page.reload();
    for (const name of ['host-1', 'host-2', 'host-3'])
      await rowWith(page, 'Devices', name, 'Never scanned').waitFor();

    await page.getByRole('button', { name: 'Scan all' }).click();
    // A full scan runs apt-get update on every host: slower than the console's usual answer.
    await page
      .getByRole('status')
      .getByText('Scanned 3 devices.', { exact: true })
      .waitFor({ timeout: 90_000 });
    for (const [index, name] of ['host-1', 'host-2', 'host-3'].entries()) {
      const row = rowWith(page, 'Devices', name);
      await row.getByText(/^ok · /).waitFor();
      await row.getByText('Debian 12', { exact: true }).waitFor();
      const device = deviceNamed(name);
      expect(device).toMatchObject({ lastScanStatus: 'ok', host: host(index).address });
      expect(device.os?.family).toBe('debian');
      // Trusted on first use: the pinned key is the one the host really has.
      expect(device.hostKey).toBe(host(index).hostKeyFingerprintSha256);
    }
    await shoot(page, 'scanned');
  });

  it('approves the update on Patches, where every scanned host is counted as missing it', async () => {
    await page.getByRole('link', { name: 'Patches' }).click();
    const row = rowWith(page, 'Missing patches', UPDATE.name);
    await row.waitFor();
    expect((await row.getByRole('cell').nth(3).textContent())?.trim()).toBe('3');
    await page.getByRole('checkbox', { name: `Select ${UPDATE.name}` }).check();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await waitForToast(page, `Approved '${UPDATE.name}' for every device.`);
    await rowWith(page, 'Missing patches', UPDATE.name, 'Approved').waitFor();
    const decision = ui.bridge.engine.approvals
      .queue()
      .find((entry) => entry.package === UPDATE.name)?.decision;
    expect(decision?.decision).toBe('approve');
    await shoot(page, 'approved');
  });

  it('deploys through the wizard: the real pre-flight, then the job streams output live and verifies', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('button', { name: 'Deploy updates' }).first().click();
    const wizard = dialogNamed(page, 'Deploy updates');
    await wizard.getByRole('radio', { name: 'Chosen packages' }).click();
    await wizard.getByRole('group', { name: 'Packages' }).getByLabel(UPDATE.name).check();
    // host-3 stays out: it must still run the old version afterwards.
    for (const name of ['host-1', 'host-2'])
      await wizard.getByRole('group', { name: 'Devices' }).getByLabel(name).check();
    await wizard.getByRole('button', { name: 'Pre-flight check' }).click();

    const summary = wizard.getByRole('region', { name: 'Pre-flight summary' });
    await summary.getByText('2 devices checked: 2 ready.').waitFor({ timeout: 60_000 });
    for (const name of ['host-1', 'host-2']) {
      const row = summary.getByRole('row', { name });
      await row.getByText('ready', { exact: true }).waitFor();
      await row.getByText(`${UPDATE.name} ${UPDATE.from} → ${UPDATE.to}`, { exact: true }).waitFor();
      await row.getByText('All can be rolled back', { exact: true }).waitFor();
    }
    // A pre-flight is read-only: nothing was installed yet.
    for (const index of [0, 1]) expect(await installedVersion(host(index), UPDATE.name)).toBe(UPDATE.from);
    await shoot(page, 'preflight');

    const jobsBefore = ui.bridge.engine.deploy.list().length;
    await wizard.getByRole('button', { name: 'Deploy to 2 ready devices' }).click();
    await expect.poll(() => ui.bridge.engine.deploy.list().length).toBe(jobsBefore + 1);
    const started = ui.bridge.engine.deploy.list()[0];
    if (!started) throw new Error('The wizard started no job.');
    deployJob = started.job;
    expect(started.devices.map((device) => device.device)).toEqual(['host-1', 'host-2']);
    await waitForToast(page, `Deployment started: job ${deployJob}.`);
    const view = dialogNamed(page, `Job ${deployJob}: deployment`);
    await view.waitFor();

    // The postinst's lines arrive in the output box while the device is still running: streamed, not replayed.
    const live = view.getByLabel('Output of host-1');
    await live.getByText(`${UPDATE.name} postinst: step 3`).waitFor({ timeout: 60_000 });
    expect(ui.bridge.engine.deploy.get(deployJob).status).toBe('running');
    // dpkg redraws its progress with carriage returns: the box shows each line as a terminal leaves it.
    const shown = (await live.textContent()) ?? '';
    expect(shown).not.toContain('\r');
    expect(shown).toMatch(/^\(Reading database \.\.\. \d+ files and directories currently installed\.\)$/m);
    await shoot(page, 'job-live');

    const status = view.getByLabel('Job status');
    await status.getByText('succeeded', { exact: true }).waitFor({ timeout: 90_000 });
    await status.getByText('2 devices: 2 succeeded').waitFor();
    for (const name of ['host-1', 'host-2']) {
      const card = view.getByRole('listitem', { name });
      await card.getByText(`${UPDATE.name}: ${UPDATE.from} → ${UPDATE.to}`, { exact: true }).waitFor();
      await card.getByText('succeeded', { exact: true }).waitFor();
      const steps = listSteps(ui.bridge.engine.database, deployJob, deviceNamed(name).id);
      expect(steps.map((step) => `${step.step}:${step.status}`)).toEqual(
        expect.arrayContaining(['install:succeeded', 'verify:succeeded']),
      );
    }
    // The whole output is kept with the finished device, the postinst's last line included.
    const hostOne = view.getByRole('listitem', { name: 'host-1' });
    await hostOne.getByText('Output', { exact: true }).click();
    await hostOne.getByText(`${UPDATE.name} postinst: step ${UPDATE.postinstLines}`).waitFor();
    await shoot(page, 'job-succeeded');

    expect(await installedVersion(host(0), UPDATE.name)).toBe(UPDATE.to);
    expect(await installedVersion(host(1), UPDATE.name)).toBe(UPDATE.to);
    expect(await installedVersion(host(2), UPDATE.name)).toBe(UPDATE.from);
    await view.getByRole('button', { name: 'Close' }).last().click();
  });

  it('shows the new version on the device page, as dpkg on the host has it, and the change in its history', async () => {
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('link', { name: 'host-1' }).click();
    await page.getByRole('heading', { level: 1, name: 'host-1' }).waitFor();
    const onHost = await installedVersion(host(0), UPDATE.name);
    await page.getByRole('searchbox', { name: 'Search packages' }).fill(UPDATE.name);
    await rowWith(page, 'Installed packages', UPDATE.name, onHost ?? 'not installed').waitFor();
    await rowWith(page, 'Package history', UPDATE.name, `${UPDATE.from} → ${UPDATE.to}`).waitFor();
    // The deploy's verify rescan left no missing update of this package behind.
    expect(await rowWith(page, 'Missing updates', UPDATE.name).count()).toBe(0);
    await shoot(page, 'device');
    // Fleet-wide, only host-3 (left out of the deployment) still misses it.
    await page.getByRole('link', { name: 'Patches' }).click();
    const row = rowWith(page, 'Missing patches', UPDATE.name);
    await expect.poll(async () => (await row.getByRole('cell').nth(3).textContent())?.trim()).toBe('1');
  });

  it('exports the client’s PDF report, whose change log has the applied update', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByLabel('Client', { exact: true }).selectOption({ label: CLIENT });
    await page
      .getByRole('document', { name: `Report preview for ${CLIENT}` })
      .getByRole('heading', { name: `Patch compliance report: ${CLIENT}` })
      .waitFor();
    await page.getByRole('button', { name: 'Export PDF…' }).click();
    const file = path.join(ui.bridge.fileFolder, 'patchdeck-report.pdf');
    await waitForToast(page, `Report saved to ${file}.`);
    await shoot(page, 'report');

    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const changeLog = text.slice(text.indexOf('Change log: package changes found by scans'));
    expect(changeLog).toMatch(/^Change log: package changes found by scans \(2 on devices\)/);
    // One line per upgrade: the package, from, to, and on how many devices.
    // What is still outstanding is what the engine holds: host-3's update among it.
    expect(text).toContain(`Outstanding patches (${ui.bridge.engine.inventory.patches().length})`);
    expect(text).toMatch(
      new RegExp(`host-3\\s+${UPDATE.name}\\s+${UPDATE.to.replace('.', '\\.')}\\s+security\\s+yellow`),
    );
    expect(changeLog).toMatch(/deploy\.package-updated\s+host-1/);
    // The fleet-wide approval concerns this client: its hosts were offered the update.
    expect(changeLog).toMatch(new RegExp(`approval\\.approve\\s+${UPDATE.name} \\(all devices\\)`));
    expect(changeLog).toMatch(/deploy\.package-updated\s+host-2/);
    expect(changeLog).toMatch(
      new RegExp(
        `${UPDATE.name}\\s+${UPDATE.from.replace('.', '\\.')}\\s+${UPDATE.to.replace('.', '\\.')}\\s+2\\s`,
      ),
    );
  });

  it('rolls one device back from the job view: the old version is on that host again, the other keeps the new', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    await rowWith(page, 'Jobs', `#${deployJob}`, 'succeeded').click();
    const view = dialogNamed(page, `Job ${deployJob}: deployment`);
    await view
      .getByRole('listitem', { name: 'host-2' })
      .getByRole('button', { name: 'Roll back this device' })
      .click();
    const confirm = dialogNamed(page, 'Roll back host-2?');
    await confirm.getByText(`${UPDATE.name}: ${UPDATE.to} → ${UPDATE.from}`).waitFor();
    await shoot(page, 'rollback-confirm');
    await confirm.getByRole('button', { name: 'Roll back 1 package' }).click();

    await expect
      .poll(() => ui.bridge.engine.deploy.list().filter((job) => job.kind === 'rollback').length)
      .toBe(1);
    const rollback = ui.bridge.engine.deploy.list().find((job) => job.kind === 'rollback');
    expect(rollback?.devices.map((device) => device.device)).toEqual(['host-2']);
    const rollbackView = dialogNamed(page, `Job ${rollback?.job}: roll back of job ${deployJob}`);
    await rollbackView
      .getByLabel('Job status')
      .getByText('succeeded', { exact: true })
      .waitFor({ timeout: 90_000 });
    await rollbackView
      .getByRole('listitem', { name: 'host-2' })
      .getByText(`${UPDATE.name}: ${UPDATE.to} → ${UPDATE.from}`, { exact: true })
      .waitFor();
    await shoot(page, 'rolled-back');
    expect(await installedVersion(host(1), UPDATE.name)).toBe(UPDATE.from);
    expect(await installedVersion(host(0), UPDATE.name)).toBe(UPDATE.to);

    // The rollback's rescan: host-2's page has the old version again, and misses the update again.
    await rollbackView.getByRole('button', { name: 'Close' }).last().click();
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('link', { name: 'host-2' }).click();
    await page.getByRole('heading', { level: 1, name: 'host-2' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search packages' }).fill(UPDATE.name);
    await rowWith(page, 'Installed packages', UPDATE.name, UPDATE.from).waitFor();
    await rowWith(page, 'Missing updates', UPDATE.name, UPDATE.to).waitFor();
    await rowWith(page, 'Package history', UPDATE.name, `${UPDATE.to} → ${UPDATE.from}`).waitFor();

    // The deployment's view no longer offers host-2 a rollback, and the engine refuses one naming the rollback job.
    await page.getByRole('link', { name: 'Jobs' }).click();
    await rowWith(page, 'Jobs', `#${deployJob}`, 'Deployment').click();
    const deployView = dialogNamed(page, `Job ${deployJob}: deployment`);
    const hostTwo = deployView.getByRole('listitem', { name: 'host-2' });
    await hostTwo.getByText(`rolled back by job ${rollback?.job}`, { exact: true }).waitFor();
    expect(await hostTwo.getByRole('button', { name: 'Roll back this device' }).count()).toBe(0);
    await deployView
      .getByRole('listitem', { name: 'host-1' })
      .getByRole('button', { name: 'Roll back this device' })
      .waitFor();
    await shoot(page, 'rolled-back-job');
    expect(() => ui.bridge.engine.deploy.rollback(deployJob, [deviceNamed('host-2').id])).toThrow(
      `host-2 was already rolled back by job ${rollback?.job}.`,
    );
    await deployView.getByRole('button', { name: 'Close' }).last().click();
  });

  it('kept the console and the engine clean', () => {
    expect(tab.problems).toEqual([]);
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
