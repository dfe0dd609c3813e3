import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../electron/engine/audit/audit-log';
import { listSteps } from '../../electron/engine/db/repositories/jobs';
import { PreflightSummary, type JobOutput } from '../../shared/domain/jobs';
import { createTempEngine } from '../support/temp-engine';
import {
  addFleetDevices,
  bundleCli,
  bundleDeployChild,
  dpkgUnpackCount,
  installedVersion,
  vaultPassphrase,
  type BundledCli,
} from '../engine/deploy/fleet-support';
import { startFleet, type Fleet } from './harness/fleet';

/**
 * What a policy adds to a deployment, on real Debian hosts over real sshd: the pre-flight dry run, pre- and
 * post-commands, the window's end, reboots, and output streamed while the install runs. One fleet for the file.
 */
describe('deploy with policy settings on the test fleet', () => {
  let fleet: Fleet;
  let temp: ReturnType<typeof createTempEngine>;
  let ids: number[] = [];
  let cli: BundledCli;
  // The engine's clock runs this far ahead of the real one: a test moves it to close a window mid-job.
  let clockAheadMs = 0;
  const fast = {
    connect: { keepaliveIntervalMs: 1000, keepaliveCountMax: 3, handshakeTimeoutMs: 5000 },
    commandTimeoutMs: 60_000,
  };
  const stepsOf = (job: number, deviceId: number) =>
    listSteps(temp.engine.database, job, deviceId).map((step) => `${step.step}:${step.status}`);
  const hourFromNow = () => new Date(Date.now() + clockAheadMs + 3_600_000).toISOString();

  const refresh = (deviceIds = ids) => temp.engine.scans.scan({ deviceIds, depth: 'full', concurrency: 8 });

  beforeAll(async () => {
    fleet = await startFleet({ count: 4, prefix: 'pdpol' });
    temp = createTempEngine({
      passphrase: vaultPassphrase,
      clock: { now: () => new Date(Date.now() + clockAheadMs) },
    });
    ids = await addFleetDevices(temp.engine, fleet.hosts);
    cli = await bundleCli(temp.dbPath);
    const scans = await refresh();
    expect(scans.map((scan) => scan.status)).toEqual(ids.map(() => 'ok'));
  }, 120_000);
  afterAll(async () => {
    await fleet?.stop();
    cli?.cleanup();
    temp?.close();
  });

  it('pre-flight dry run: says what would change and what stops a device, installs and writes nothing', async () => {
    const jobsBefore = temp.engine.deploy.list(1000).length;
    // host-2's package manager is busy: a process holds dpkg's lock.
    await fleet.hosts[1]!.exec([
      'sh',
      '-c',
      'setsid flock /var/lib/dpkg/lock sh -c "echo \\$\\$ > /tmp/lock-holder.pid; exec sleep 120" </dev/null >/dev/null 2>&1 &',
    ]);
    // flock runs the command only once it holds the lock: the pid file says it is taken.
    for (let tries = 0; tries < 100; tries += 1) {
      const taken = await fleet.hosts[1]!.exec(['test', '-s', '/tmp/lock-holder.pid']);
      if (taken.exitCode === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await fleet.hosts[3]!.linkDown();
    try {
      const run = await cli.run([
        '--json',
        'deploy',
        'host-1',
        'host-2',
        'host-3',
        'host-4',
        '--package',
        'pd-hello',
        '--package',
        'pd-extra',
        '--preflight',
      ]);
      expect(run.code).toBe(1);
      const summary = PreflightSummary.parse(JSON.parse(run.stdout));
      expect(summary.devices.map((device) => [device.device, device.status])).toEqual([
        ['host-1', 'ready'],
        ['host-2', 'blocked'],
        ['host-3', 'ready'],
        ['host-4', 'unreachable'],
      ]);
      expect(summary.devices[0]).toEqual({
        deviceId: ids[0],
        device: 'host-1',
        status: 'ready',
        packages: [
          { name: 'pd-hello', from: '1.0-1', to: '1.1-1', rollbackPossible: true, rollbackNote: null },
        ],
        warnings: ['pd-extra is not installed, so there is nothing to update.'],
        error: null,
      });
      expect(summary.devices[1]!.error).toMatch(/package manager is busy: flock \(pid \d+\)/);
      expect(summary.devices[3]!.error).toMatch(/cannot be reached|did not answer/);
    } finally {
      await fleet.hosts[3]!.linkUp();
      await fleet.hosts[1]!.exec(['sh', '-c', 'kill "$(cat /tmp/lock-holder.pid)"']);
    }
    expect(temp.engine.deploy.list(1000)).toHaveLength(jobsBefore);
    for (const host of fleet.hosts.slice(0, 3))
      expect(await installedVersion(host, 'pd-hello')).toBe('1.0-1');

    const current = await temp.engine.deploy.preflight({
      deviceIds: [ids[0]!],
      selection: { kind: 'packages', packages: ['pd-extra'] },
    });
    expect(current.devices[0]).toMatchObject({ status: 'nothing-to-do', packages: [], error: null });
  }, 120_000);

  it('pre- and post-commands run as argument lists with sudo, around the install, journaled and in the output', async () => {
    const host = fleet.hosts[0]!;
    const signIns = async () =>
      (await host.exec(['grep', '-c', 'Accepted publickey', '/var/log/sshd.log'])).stdout.trim();
    const signInsBefore = Number(await signIns());
    const view = await temp.engine.deploy.start(
      {
        deviceIds: [ids[0]!],
        selection: { kind: 'packages', packages: ['pd-hello'] },
        // A word that a shell would run as a second command must arrive as one literal file name.
        preCommand: ['touch', '/tmp/pre; touch INJECTED'],
        postCommand: [
          'sh',
          '-c',
          "printf '%s ' \"$1\"; dpkg-query -W -f '${Version}' pd-hello; id -un >&2",
          'post',
          'post saw',
        ],
        notAfter: hourFromNow(),
      },
      fast,
    ).done;
    expect(view.devices[0]).toMatchObject({
      status: 'succeeded',
      error: null,
      changes: [{ package: 'pd-hello', from: '1.0-1', to: '1.1-1' }],
    });
    expect((await host.exec(['stat', '-c', '%U', '/tmp/pre; touch INJECTED'])).stdout).toBe('root\n');
    expect((await host.exec(['sh', '-c', 'ls /tmp/pre 2>&1 || true'])).stdout).toMatch(/No such file/);
    expect(stepsOf(view.job, ids[0]!)).toEqual([
      'preflight:succeeded',
      'pre-command:succeeded',
      'install:succeeded',
      'verify:succeeded',
      'post-command:succeeded',
    ]);
    // One SSH sign-in for the whole device: pre-flight, pre-command, install, verify and post-command share it.
    expect(Number(await signIns())).toBe(signInsBefore + 1);
    // The post-command ran after the install: it saw the new version.
    expect(view.devices[0]!.output).toMatch(/\[post-command\]\npost saw 1\.1-1root\n$/);
    expect(view.devices[0]!.output).toMatch(/^\[pre-command\]\n\n/);
    const created = listAudit(temp.engine.database, { subjectType: 'job' }).find(
      (entry) => entry.subjectId === view.job,
    );
    expect(created?.details).toMatchObject({ preCommand: ['touch', '/tmp/pre; touch INJECTED'] });
  });

  it('a failing pre-command fails the device with its output and installs nothing', async () => {
    const view = await temp.engine.deploy.start(
      {
        deviceIds: [ids[1]!],
        selection: { kind: 'packages', packages: ['pd-hello'] },
        preCommand: ['sh', '-c', 'echo "app would not stop" >&2; exit 3'],
        postCommand: ['touch', '/tmp/post-ran'],
      },
      fast,
    ).done;
    expect(view.devices[0]!.status).toBe('failed');
    expect(view.devices[0]!.error).toBe(
      'The pre-command (sh -c "echo \\"app would not stop\\" >&2; exit 3") failed with exit code 3: app would not stop; nothing was installed.',
    );
    expect(view.devices[0]!.output).toBe('[pre-command]\napp would not stop\n');
    expect(view.devices[0]!.changes).toEqual([]);
    expect(stepsOf(view.job, ids[1]!)).toEqual(['preflight:succeeded', 'pre-command:failed']);
    expect(await installedVersion(fleet.hosts[1]!, 'pd-hello')).toBe('1.0-1');
    expect((await fleet.hosts[1]!.exec(['sh', '-c', 'ls /tmp/post-ran 2>&1 || true'])).stdout).toMatch(
      /No such file/,
    );
  });

  it('a failing post-command fails the device; the installed changes stay recorded', async () => {
    const view = await temp.engine.deploy.start(
      {
        deviceIds: [ids[2]!],
        selection: { kind: 'packages', packages: ['pd-hello'] },
        postCommand: ['false'],
      },
      fast,
    ).done;
    expect(view.devices[0]).toMatchObject({
      status: 'failed',
      error: 'The post-command (false) failed with exit code 1; the updates stay installed and recorded.',
      changes: [{ package: 'pd-hello', from: '1.0-1', to: '1.1-1' }],
    });
    expect(await installedVersion(fleet.hosts[2]!, 'pd-hello')).toBe('1.1-1');
  });

  it("a device not started by the window's end is skipped with the reason, untouched", async () => {
    const closedAt = new Date(Date.now() + clockAheadMs - 1000).toISOString();
    const view = await temp.engine.deploy.start(
      {
        deviceIds: [ids[3]!],
        selection: { kind: 'packages', packages: ['pd-hello'] },
        preCommand: ['touch', '/tmp/pre-ran'],
        notAfter: closedAt,
      },
      fast,
    ).done;
    expect(view.devices[0]).toMatchObject({
      status: 'skipped',
      error: `Not started: the maintenance window closed at ${closedAt}.`,
    });
    expect(stepsOf(view.job, ids[3]!)).toEqual([]);
    expect(await installedVersion(fleet.hosts[3]!, 'pd-hello')).toBe('1.0-1');
  });

  it('reboot always: reboots, waits for a new boot id, rescans in that session, and the record says so', async () => {
    const host = fleet.hosts[3]!;
    const rebootsBefore = host.reboots;
    const bootBefore = host.bootId;
    const view = await temp.engine.deploy.start(
      {
        deviceIds: [ids[3]!],
        selection: { kind: 'packages', packages: ['pd-tools'] },
        reboot: 'always',
      },
      { ...fast, rebootTimeoutMs: 60_000 },
    ).done;
    expect(view.devices[0]).toMatchObject({
      status: 'succeeded',
      rebootRequired: false,
      changes: [{ package: 'pd-tools', from: '2.0-1', to: '2.1-1' }],
    });
    expect(host.reboots).toBe(rebootsBefore + 1);
    const reboot = listSteps(temp.engine.database, view.job, ids[3]!).find((step) => step.step === 'reboot');
    expect(reboot?.status).toBe('succeeded');
    expect(JSON.parse(reboot!.result!)).toMatchObject({
      rebooted: true,
      bootIdBefore: bootBefore,
      bootIdAfter: host.bootId,
    });
    expect(host.bootId).not.toBe(bootBefore);
  }, 120_000);

  it('a reboot step killed after the reboot was asked for does not reboot again on resume', async () => {
    const host = fleet.hosts[3]!;
    const job = temp.engine.deploy.list(1)[0]!.job;
    const rebootsBefore = host.reboots;
    // What a kill right after the reboot request leaves behind: the reboot step under way, the job still running.
    temp.engine.database.transaction(() => {
      temp.engine.database
        .statement("UPDATE job_steps SET status = 'interrupted' WHERE job_id = ? AND step = 'reboot'")
        .run(job);
      temp.engine.database.statement("UPDATE job_devices SET status = 'running' WHERE job_id = ?").run(job);
      temp.engine.database.statement("UPDATE jobs SET status = 'running' WHERE id = ?").run(job);
    });
    const view = await temp.engine.deploy.resume(job);
    expect(view.status).toBe('succeeded');
    expect(host.reboots).toBe(rebootsBefore);
    expect(stepsOf(job, ids[3]!)).toEqual([
      'preflight:succeeded',
      'install:succeeded',
      'verify:succeeded',
      'reboot:interrupted',
      'reboot:succeeded',
    ]);
  }, 60_000);

  it('reboot if-required: a package that asks for a reboot gets one; the rescan clears the flag', async () => {
    const host = fleet.hosts[2]!;
    await fleet.repository.publish({
      name: 'pd-libfoo1',
      version: '1.0-3',
      suite: 'bookworm-security',
      source: 'pd-foo',
      rebootRequired: true,
    });
    await refresh([ids[2]!]);
    const rebootsBefore = host.reboots;
    const view = await temp.engine.deploy.start(
      {
        deviceIds: [ids[2]!],
        selection: { kind: 'packages', packages: ['pd-libfoo1'] },
        reboot: 'if-required',
      },
      { ...fast, rebootTimeoutMs: 60_000 },
    ).done;
    expect(view.devices[0]).toMatchObject({ status: 'succeeded', rebootRequired: false });
    expect(host.reboots).toBe(rebootsBefore + 1);
  }, 120_000);

  it('a host that does not come back within the reboot timeout fails with a clear message', async () => {
    const host = fleet.hosts[3]!;
    await refresh([ids[3]!]);
    host.rebootDowntimeMs = 30_000;
    try {
      const view = await temp.engine.deploy.start(
        {
          deviceIds: [ids[3]!],
          selection: { kind: 'packages', packages: ['pd-libfoo1'] },
          reboot: 'always',
        },
        { ...fast, rebootTimeoutMs: 7_000 },
      ).done;
      expect(view.devices[0]!.status).toBe('failed');
      expect(view.devices[0]!.error).toMatch(/^The device did not come back from its reboot within 7 s \(/);
      expect(view.devices[0]!.changes).toEqual([{ package: 'pd-libfoo1', from: '1.0-1', to: '1.0-3' }]);
    } finally {
      host.rebootDowntimeMs = 2_000;
      await host.startSshd();
    }
  }, 120_000);

  it("a reboot that would start after the window's end is deferred: succeeded, with a warning", async () => {
    const stop = temp.engine.events.on('job:progress', (progress) => {
      // The window closes while the device verifies its install, before the reboot could start.
      if (progress.deviceId === ids[1]! && progress.step === 'verify' && progress.status === 'running')
        clockAheadMs = 2 * 3_600_000;
    });
    const notAfter = hourFromNow();
    const rebootsBefore = fleet.hosts[1]!.reboots;
    try {
      const view = await temp.engine.deploy.start(
        {
          deviceIds: [ids[1]!],
          selection: { kind: 'packages', packages: ['pd-tools'] },
          reboot: 'always',
          notAfter,
          postCommand: ['touch', '/tmp/post-after-deferral'],
        },
        fast,
      ).done;
      expect(view.devices[0]).toMatchObject({
        status: 'succeeded',
        rebootRequired: true,
        error: null,
        changes: [{ package: 'pd-tools', from: '2.0-1', to: '2.1-1' }],
      });
      expect(view.devices[0]!.warnings).toContain(
        `reboot deferred: the maintenance window closed at ${notAfter}.`,
      );
      expect(fleet.hosts[1]!.reboots).toBe(rebootsBefore);
      // The post-command still ran: it finishes what a pre-command began, reboot or not.
      expect((await fleet.hosts[1]!.exec(['test', '-e', '/tmp/post-after-deferral'])).exitCode).toBe(0);
    } finally {
      stop();
      clockAheadMs = 0;
    }
  }, 60_000);

  it('streams install output while a slow postinst prints, before the device finishes', async () => {
    await fleet.repository.publish({
      name: 'pd-hello',
      version: '1.2-1',
      suite: 'bookworm-security',
      postinstSlowLines: 8,
    });
    await refresh([ids[0]!]);
    const seen: (JobOutput & { at: number })[] = [];
    let doneAt = 0;
    const stopOutput = temp.engine.events.on('job:output', (output) =>
      seen.push({ ...output, at: performance.now() }),
    );
    const stopProgress = temp.engine.events.on('job:progress', (progress) => {
      if (progress.step === 'done') doneAt = performance.now();
    });
    try {
      const view = await temp.engine.deploy.start(
        { deviceIds: [ids[0]!], selection: { kind: 'packages', packages: ['pd-hello'] } },
        fast,
      ).done;
      expect(view.devices[0]!.status).toBe('succeeded');
      const install = seen.filter((output) => output.step === 'install');
      // dpkg writes through apt's pseudo-terminal: its lines end in CR LF, in the stream as in the record.
      const lines = (text: string) => text.replaceAll('\r\n', '\n');
      const streamed = lines(install.map((output) => output.output).join(''));
      for (let line = 1; line <= 8; line += 1)
        expect(streamed).toContain(`pd-hello postinst: step ${line}\n`);
      // The first postinst line arrived while the rest still took seconds to come.
      const first = install.find((output) => lines(output.output).includes('postinst: step 1\n'))!;
      expect(doneAt - first.at).toBeGreaterThan(2_000);
      expect(install.filter((output) => output.at < doneAt - 1_000).length).toBeGreaterThan(2);
      // Coalesced: never two events for the device closer than the interval allows (with a little timer slack).
      const gaps = install.slice(1).map((output, index) => output.at - install[index]!.at);
      expect(Math.min(...gaps)).toBeGreaterThan(80);
      // What streamed is what the record keeps.
      expect(lines(view.devices[0]!.output!)).toContain(streamed.trim());
    } finally {
      stopOutput();
      stopProgress();
    }
  }, 60_000);

  it('Patchdeck killed during the install: on resume the completed pre-command does not run again', async () => {
    await fleet.repository.publish({
      name: 'pd-hello',
      version: '1.3-1',
      suite: 'bookworm-security',
      postinstSlowLines: 6,
    });
    await refresh();
    for (const host of fleet.hosts)
      await host.exec(['rm', '-f', '/var/tmp/pre-count', '/var/tmp/post-count']);
    const child = await bundleDeployChild(temp.dbPath);
    const jobsBefore = new Set(temp.engine.deploy.list(1000).map((job) => job.job));
    try {
      const spec = child.spawnArgs(
        {
          deviceIds: ids,
          selection: { kind: 'packages', packages: ['pd-hello'] },
          concurrency: 4,
          preCommand: ['sh', '-c', 'echo ran >> /var/tmp/pre-count'],
          postCommand: ['sh', '-c', 'echo ran >> /var/tmp/post-count'],
        },
        fast,
      );
      const running = spawn(spec.command, spec.argv, { env: spec.env, stdio: 'ignore' });
      const exited = new Promise((resolve) => running.on('exit', resolve));
      // Killed once every device finished its pre-command and is installing.
      let job: number | undefined;
      for (let tries = 0; tries < 600; tries += 1) {
        job ??= temp.engine.deploy.list(1000).find((view) => !jobsBefore.has(view.job))?.job;
        const steps = job === undefined ? [] : listSteps(temp.engine.database, job);
        const installing = ids.every((id) =>
          steps.some((step) => step.deviceId === id && step.step === 'install' && step.status === 'running'),
        );
        if (installing) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      running.kill('SIGKILL');
      await exited;
      expect(job).toBeDefined();
      const resumed = await cli.run(['--json', 'job', 'resume', String(job)]);
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'succeeded' });
      for (const [index, host] of fleet.hosts.entries()) {
        expect(stepsOf(job!, ids[index]!)).toEqual([
          'preflight:succeeded',
          'pre-command:succeeded',
          'install:interrupted',
          'install:succeeded',
          'verify:succeeded',
          'post-command:succeeded',
        ]);
        expect((await host.exec(['cat', '/var/tmp/pre-count'])).stdout).toBe('ran\n');
        expect((await host.exec(['cat', '/var/tmp/post-count'])).stdout).toBe('ran\n');
        expect(await dpkgUnpackCount(host, 'pd-hello', '1.3-1')).toBe(1);
        expect(await installedVersion(host, 'pd-hello')).toBe('1.3-1');
      }
    } finally {
      child.cleanup();
    }
  }, 180_000);
});
