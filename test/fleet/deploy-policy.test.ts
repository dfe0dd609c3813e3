import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreflightSummary } from '../../shared/domain/jobs';
import { createTempEngine } from '../support/temp-engine';
import {
  addFleetDevices,
  bundleCli,
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

  const refresh = (deviceIds = ids) => temp.engine.scans.scan({ deviceIds, depth: 'full', concurrency: 8 });

  beforeAll(async () => {
    fleet = await startFleet({ count: 4, prefix: 'pdpol' });
    temp = createTempEngine({ passphrase: vaultPassphrase, clock: { now: () => new Date() } });
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
    // host-2's package manager is busy: a process holds dpkg's lock open.
    await fleet.hosts[1]!.exec([
      'sh',
      '-c',
      'setsid sh -c "exec 9</var/lib/dpkg/lock; echo \\$\\$ > /tmp/lock-holder.pid; exec sleep 120" </dev/null >/dev/null 2>&1 &',
    ]);
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
      expect(summary.devices[1]!.error).toMatch(/package manager is busy: sleep/);
      expect(summary.devices[3]!.error).toMatch(/cannot be reached|did not answer/);
    } finally {
      await fleet.hosts[3]!.linkUp();
      await fleet.hosts[1]!.exec(['sh', '-c', 'kill "$(cat /tmp/lock-holder.pid)"']);
    }
    expect(temp.engine.deploy.list(1000)).toHaveLength(jobsBefore);
    for (const host of fleet.hosts.slice(0, 3)) expect(await installedVersion(host, 'pd-hello')).toBe('1.0-1');

    const current = await temp.engine.deploy.preflight({
      deviceIds: [ids[0]!],
      selection: { kind: 'packages', packages: ['pd-extra'] },
    });
    expect(current.devices[0]).toMatchObject({ status: 'nothing-to-do', packages: [], error: null });
  }, 120_000);
});
