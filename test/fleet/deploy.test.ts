import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrokenAuditEntry, listAudit } from '../../electron/engine/audit/audit-log';
import { listSteps } from '../../electron/engine/db/repositories/jobs';
import { createTempEngine } from '../support/temp-engine';
import {
  addFleetDevices,
  dpkgUnpackCount,
  bundleCli,
  installedVersion,
  vaultPassphrase,
  type BundledCli,
} from '../engine/deploy/fleet-support';
import { startFleet, type Fleet } from './harness/fleet';

/** Deployments on real Debian hosts over real sshd, from the local apt repository. One fleet for the file. */
describe('deploy on the test fleet', () => {
  let fleet: Fleet;
  let temp: ReturnType<typeof createTempEngine>;
  let ids: number[] = [];
  let cli: BundledCli;
  const fast = {
    connect: { keepaliveIntervalMs: 1000, keepaliveCountMax: 3, handshakeTimeoutMs: 5000 },
    commandTimeoutMs: 60_000,
  };

  const refresh = (deviceIds = ids) => temp.engine.scans.scan({ deviceIds, depth: 'full', concurrency: 8 });

  beforeAll(async () => {
    fleet = await startFleet({ count: 6, prefix: 'pddep' });
    temp = createTempEngine({ passphrase: vaultPassphrase, clock: { now: () => new Date() } });
    ids = await addFleetDevices(temp.engine, fleet.hosts);
    cli = await bundleCli(temp.dbPath);
    // The repository offers pd-hello 1.1-1 over the installed 1.0-1 from the start.
    const scans = await refresh();
    expect(scans.map((scan) => scan.status)).toEqual(ids.map(() => 'ok'));
  }, 120_000);
  afterAll(async () => {
    await fleet?.stop();
    cli?.cleanup();
    temp?.close();
  });

  it('upgrades v1 to v2 through the CLI, proves it by rescan, records each change in the audit log', async () => {
    const run = await cli.run([
      '--json',
      'deploy',
      'host-1',
      'host-2',
      '--package',
      'pd-hello',
      '--reboot',
      'never',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const job = JSON.parse(run.stdout);
    expect(job).toEqual({
      job: expect.any(Number),
      kind: 'deploy',
      status: 'succeeded',
      devices: ['host-1', 'host-2'].map((device) => ({
        device,
        status: 'succeeded',
        rebootRequired: false,
        error: null,
        changes: [{ package: 'pd-hello', from: '1.0-1', to: '1.1-1' }],
      })),
    });
    for (const host of fleet.hosts.slice(0, 2)) {
      expect(await installedVersion(host, 'pd-hello')).toBe('1.1-1');
      expect(await dpkgUnpackCount(host, 'pd-hello', '1.1-1')).toBe(1);
    }
    expect(await installedVersion(fleet.hosts[2]!, 'pd-hello')).toBe('1.0-1');
    const shown = await cli.run(['--json', 'job', 'show', String(job.job)]);
    expect(JSON.parse(shown.stdout)).toEqual(job);
    const audit = listAudit(temp.engine.database, { subjectType: 'device' }).filter(
      (entry) => entry.action === 'deploy.package-updated',
    );
    expect(audit.map((entry) => entry.details)).toEqual(
      expect.arrayContaining([{ job: job.job, package: 'pd-hello', from: '1.0-1', to: '1.1-1' }]),
    );
    expect(audit).toHaveLength(2);
    expect(findBrokenAuditEntry(temp.engine.database)).toBeNull();
    // Every step was journaled and completed exactly once per device.
    const steps = listSteps(temp.engine.database, job.job).map(
      (step) => `${step.deviceId}:${step.step}:${step.status}`,
    );
    expect(steps.sort()).toEqual(
      ids
        .slice(0, 2)
        .flatMap((id) => ['install', 'preflight', 'verify'].map((step) => `${id}:${step}:succeeded`))
        .sort(),
    );
  });

  it('rolls the job back to v1 with the recorded versions', async () => {
    const last = temp.engine.deploy.list(1)[0]!;
    const run = await cli.run(['--json', 'rollback', String(last.job), 'host-2']);
    expect(run.code).toBe(0);
    const job = JSON.parse(run.stdout);
    expect(job).toMatchObject({
      kind: 'rollback',
      status: 'succeeded',
      devices: [
        {
          device: 'host-2',
          status: 'succeeded',
          changes: [{ package: 'pd-hello', from: '1.1-1', to: '1.0-1' }],
        },
      ],
    });
    expect(await installedVersion(fleet.hosts[1]!, 'pd-hello')).toBe('1.0-1');
    expect(await installedVersion(fleet.hosts[0]!, 'pd-hello')).toBe('1.1-1');
    expect(await dpkgUnpackCount(fleet.hosts[1]!, 'pd-hello', '1.0-1')).toBe(1);
  });

  it('says before the install which changes could not be rolled back', async () => {
    const host = fleet.hosts[5]!;
    await fleet.repository.publish({ name: 'pd-only-local', version: '1.0-1', suite: 'bookworm' });
    await refresh([ids[5]!]);
    await host.exec(['apt-get', 'install', '-y', 'pd-only-local']);
    // Make the installed version unavailable: the host forgets that suite's index, then a newer version is offered.
    await fleet.repository.publish({ name: 'pd-only-local', version: '1.1-1', suite: 'bookworm-security' });
    await host.exec([
      'sh',
      '-c',
      "sed -i 's/^deb .* bookworm main$//' /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null; true",
    ]);
    await refresh([ids[5]!]);
    const { done } = temp.engine.deploy.start(
      { deviceIds: [ids[5]!], selection: { kind: 'packages', packages: ['pd-only-local'] } },
      fast,
    );
    const view = await done;
    expect(view.devices[0]).toMatchObject({
      status: 'succeeded',
      changes: [{ package: 'pd-only-local', from: '1.0-1', to: '1.1-1' }],
    });
    expect(view.devices[0]!.warnings.join(' ')).toMatch(
      /Cannot be rolled back: pd-only-local 1\.0-1 is no longer offered/,
    );
    expect(() => temp.engine.deploy.rollback(view.job)).not.toThrow();
  });

  it('cancel: the install under way finishes and is verified, devices not yet started are cancelled', async () => {
    await fleet.repository.publish({ name: 'pd-libfoo1', version: '1.0-3', suite: 'bookworm-security' });
    await refresh([ids[0]!, ids[1]!, ids[5]!]);
    let cancelled = false;
    const launched = temp.engine.deploy.start(
      {
        deviceIds: [ids[0]!, ids[1]!, ids[5]!],
        selection: { kind: 'packages', packages: ['pd-libfoo1'] },
        concurrency: 1,
      },
      fast,
    );
    const stop = temp.engine.events.on('job:progress', (progress) => {
      if (!cancelled && progress.step === 'install' && progress.status === 'running') {
        cancelled = true;
        temp.engine.deploy.cancel(launched.jobId);
      }
    });
    const view = await launched.done;
    stop();
    expect(view.status).toBe('cancelled');
    expect(view.devices.map((device) => device.status)).toEqual(['succeeded', 'cancelled', 'cancelled']);
    expect(view.devices[0]!.changes).toEqual([{ package: 'pd-libfoo1', from: '1.0-1', to: '1.0-3' }]);
    expect(await installedVersion(fleet.hosts[1]!, 'pd-libfoo1')).toBe('1.0-1');
  });

  it('a package whose postinst fails marks that device failed with its output; the others continue', async () => {
    await fleet.repository.publish({
      name: 'pd-tools',
      version: '2.2-1',
      suite: 'bookworm-security',
      postinstFails: true,
    });
    await fleet.repository.publish({ name: 'pd-hello', version: '1.2-1', suite: 'bookworm-security' });
    await refresh(ids.slice(2, 5));
    const { done } = temp.engine.deploy.start(
      { deviceIds: ids.slice(2, 5), selection: { kind: 'packages', packages: ['pd-hello'] }, concurrency: 3 },
      fast,
    );
    const hello = await done;
    expect(hello.devices.map((device) => device.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const tools = await temp.engine.deploy.start(
      { deviceIds: [ids[2]!, ids[3]!], selection: { kind: 'packages', packages: ['pd-tools'] } },
      fast,
    ).done;
    expect(tools.status).toBe('failed');
    for (const device of tools.devices) {
      expect(device.status).toBe('failed');
      expect(device.error).toMatch(/exit code 100/);
      expect(device.error).toMatch(/pd-tools postinst: failing on purpose/);
      expect(device.output).toMatch(/pd-tools postinst: failing on purpose/);
      // The files did change, half-configured: the record says so.
      expect(device.changes).toEqual([{ package: 'pd-tools', from: '2.0-1', to: '2.2-1' }]);
    }
  });

  it('a host that dies mid-job fails honestly while the others finish', async () => {
    await fleet.repository.publish({ name: 'pd-hello', version: '1.3-1', suite: 'bookworm-security' });
    await refresh([ids[0]!, ids[1]!]);
    const dying = fleet.hosts[0]!;
    let died: Promise<void> = Promise.resolve();
    const stop = temp.engine.events.on('job:progress', (progress) => {
      if (progress.device !== 'host-1' || progress.step !== 'install' || progress.status !== 'running')
        return;
      // The link goes down once the device has begun the tagged install run: mid-job, from the device's view.
      died = (async () => {
        for (let tries = 0; tries < 400; tries += 1) {
          const listed = await dying.exec(['sh', '-c', 'ls /var/lib/patchdeck/runs 2>/dev/null']);
          if (listed.stdout.split('\n').includes(`${progress.job}-${progress.deviceId}`)) break;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await dying.linkDown();
      })();
    });
    const view = await temp.engine.deploy.start(
      {
        deviceIds: [ids[0]!, ids[1]!],
        selection: { kind: 'packages', packages: ['pd-hello'] },
        concurrency: 2,
      },
      fast,
    ).done;
    stop();
    await died;
    await dying.linkUp();
    expect(view.devices[1]).toMatchObject({ device: 'host-2', status: 'succeeded' });
    expect(view.devices[0]).toMatchObject({ device: 'host-1', status: 'failed' });
    expect(view.devices[0]!.error).toMatch(
      /connection|unreachable|timed out|did not finish|keepalive|Could not verify/i,
    );
  }, 120_000);

  it('the failure threshold stops the rest of the rollout', async () => {
    await fleet.repository.publish({
      name: 'pd-tools',
      version: '2.3-1',
      suite: 'bookworm-security',
      postinstFails: true,
    });
    await refresh(ids.slice(0, 5));
    const view = await temp.engine.deploy.start(
      {
        deviceIds: ids.slice(0, 5),
        selection: { kind: 'packages', packages: ['pd-tools'] },
        concurrency: 1,
        maxFailPercent: 20,
      },
      fast,
    ).done;
    // Concurrency 1: the first failure is 20% of 5 (not more), the second exceeds it; the rest never start.
    expect(view.devices.map((device) => device.status)).toEqual([
      'failed',
      'failed',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(view.status).toBe('failed');
    expect(view.devices[2]!.error).toMatch(/more than 20% of the devices failed/);
    for (const host of fleet.hosts.slice(2, 5))
      expect(await dpkgUnpackCount(host, 'pd-tools', '2.3-1')).toBe(0);
  });
  it('CLI exit codes: 2 and nothing written for bad input, 1 when a device failed', async () => {
    const jobsBefore = temp.engine.deploy.list(1000).length;
    const bad = await cli.run(['--json', 'deploy', 'host-1', '--package', 'pd-hello;reboot']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toBe('patchdeck: "pd-hello;reboot" is not a Debian package name.\n');
    const none = await cli.run(['deploy', 'host-1']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Choose what to install/);
    const reboot = await cli.run(['deploy', 'host-1', '--all', '--reboot', 'sometimes']);
    expect(reboot.code).toBe(2);
    expect(temp.engine.deploy.list(1000)).toHaveLength(jobsBefore);
    const failed = temp.engine.deploy.list(1)[0]!;
    expect(failed.status).toBe('failed');
    const shown = await cli.run(['--json', 'job', 'show', String(failed.job)]);
    expect(shown.code).toBe(1);
    expect(JSON.parse(shown.stdout).devices.map((device: { status: string }) => device.status)).toEqual([
      'failed',
      'failed',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });
});
