import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listJobDevices, insertJob } from '../../../electron/engine/db/repositories/jobs';
import { runDevice } from '../../../electron/engine/deploy/device-run';
import type { ScanOutcome, ScanService } from '../../../electron/engine/inventory/scan-service';
import { createJobJournal } from '../../../electron/engine/jobs/job-journal';
import { silentLog } from '../../../electron/engine/log';
import { macosDeployment } from '../../../electron/engine/platforms/macos/deploy-adapter';
import {
  parseSoftwareUpdateList,
  softwareUpdateToAvailable,
} from '../../../electron/engine/platforms/macos/software-update';
import type { RemoteScript } from '../../../electron/engine/platforms/types';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import { SshPool } from '../../../electron/engine/ssh/pool';
import { bigSurMac, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { fixture, frame } from '../platforms/macos/frame';
import { startLocalSshd, testUsers, type LocalSshd } from './local-sshd';

const mac = (name: string) => fixture('macos', name);
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const osUpdate = 'softwareupdate:macOS Big Sur 11.6-20G165';
const offers = parseSoftwareUpdateList(mac('softwareupdate-big-sur.txt'))
  .entries.map((entry) => softwareUpdateToAvailable(entry, '11.5.2'))
  .filter((offer) => offer.name === osUpdate);

const preflightOutput = frame('macos-preflight', [
  [
    'disk',
    'Filesystem 1024-blocks Used Available Capacity Mounted\n/dev/disk3s1s1 482797652 9556016 301258208 4% /',
    0,
  ],
  ['lock', '', 0],
  ['boot-id', mac('sysctl-kern-boottime.txt'), 0],
  ['sw-vers', '11.5.2', 0],
  ['softwareupdate', mac('softwareupdate-big-sur.txt'), 0],
  ['brew', '', 127, 'brew: not found'],
]);
const installOutput = frame('macos-install', [
  ['start', 'now', 0],
  ['wait', 'finished', 0],
  ['log', mac('softwareupdate-install-big-sur.txt'), 0],
  ['timing', '1705219092000000000 1705219212000000000', 0],
]);
// Before the restart the Mac reports its recorded boot time; after it, a later one.
const bootIdOutput = (restarted: boolean) =>
  frame('macos-boot-id', [
    [
      'boot-id',
      restarted ? '{ sec = 1232800000, usec = 0 } Sat Jan 24 12:26:40 2009' : mac('sysctl-kern-boottime.txt'),
      0,
    ],
  ]);

/**
 * Trust on first use holds for the whole job, not just its first connection: a device deployed to before anything
 * pinned its key gets pinned by the job's first session, and every later session of that job (the ones that wait
 * for its reboot, the post-command's) must meet that key. Whatever answers at the address while the device
 * restarts with another key is an impostor until the technician says otherwise.
 *
 * The SSH part is real (a local sshd whose host key is rotated while the "Mac" reboots, and the real SshPool with
 * its host-key check); only the scripts' answers are recorded macOS outputs, since this machine is no Mac.
 */
describe('host key pinning across the sessions of one deployment', () => {
  let sshd: LocalSshd;
  let temp: ReturnType<typeof createTempEngine>;
  beforeAll(async () => {
    sshd = await startLocalSshd();
  });
  afterAll(async () => sshd?.stop());
  afterEach(() => temp?.close());

  it('refuses the host that answers with another key after the reboot, keeping the key the job pinned first', async () => {
    temp = createTempEngine();
    const { engine } = temp;
    const { database } = engine;
    const clock = fixedClock();
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await engine.devices.add({
      clientId: client.id,
      name: 'mac-01',
      host: sshd.host,
      port: sshd.port,
      user: testUsers.plain,
      auth: { kind: 'key', keyPath: sshd.clientKeyPath },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    storeScan(database, {
      deviceId: device.id,
      at: clock.now().toISOString(),
      os: bigSurMac,
      updates: offers,
    });
    expect(engine.devices.get(device.id).hostKey).toBeNull();
    const firstKey = await sshd.hostKeyFingerprint();

    let rotation: Promise<void> | null = null;
    const ranAfterReboot: string[] = [];
    const recordedMac = {
      run: (script: RemoteScript) => {
        if (rotation !== null) ranAfterReboot.push(script.script.slice(0, 40));
        if (script === macosDeployment.preflightScript) return Promise.resolve(ok(preflightOutput));
        if (script === macosDeployment.installScript) return Promise.resolve(ok(installOutput));
        if (script === macosDeployment.bootIdScript)
          return Promise.resolve(ok(bootIdOutput(rotation !== null)));
        if (script === macosDeployment.rebootScript) {
          // While the Mac restarts, another host answers at its address with a key of its own.
          rotation = sshd.rotateHostKey();
          return Promise.resolve(ok(''));
        }
        return Promise.resolve(ok(''));
      },
    } as unknown as SshSession;
    const realPool = new SshPool();
    // Every session is a real connection with the real host-key check; its scripts are answered by the recordings.
    const pool = {
      withSession: <T>(
        target: Parameters<SshPool['withSession']>[0],
        work: (session: SshSession) => Promise<T>,
        options: Parameters<SshPool['withSession']>[2],
      ) => realPool.withSession(target, () => work(recordedMac), options),
    } as unknown as SshPool;
    const rescansAfterReboot: string[] = [];
    const scans = {
      scanThroughSession: (): Promise<ScanOutcome> => {
        if (rotation !== null) rescansAfterReboot.push('rescan');
        storeScan(database, {
          deviceId: device.id,
          at: clock.now().toISOString(),
          os: bigSurMac,
          updates: [],
        });
        return Promise.resolve({
          deviceId: device.id,
          device: device.name,
          status: 'ok',
          os: 'macOS 11.6',
          packages: 0,
          updates: 0,
          securityUpdates: 0,
          rebootRequired: false,
          metadataStale: false,
          durationMs: 1,
          error: null,
          offerSources: [],
        });
      },
    } as unknown as ScanService;
    const jobId = database.transaction(() =>
      insertJob(database, {
        kind: 'deploy',
        settings: '{}',
        rollbackOf: null,
        actor: 'tester',
        createdAt: clock.now().toISOString(),
        devices: [{ deviceId: device.id, packages: '[]' }],
      }),
    );

    const status = await runDevice(
      {
        context: { database, vault: engine.vault, clock, log: silentLog, actor: 'tester' },
        journal: createJobJournal(database, clock),
        devices: engine.devices,
        scans,
        pool,
        progress: () => {},
        output: () => {},
      },
      {
        jobId,
        mode: 'upgrade',
        reboot: 'always',
        commandTimeoutMs: 10_000,
        rebootTimeoutMs: 20_000,
        connect: {},
        preCommand: null,
        postCommand: null,
        notAfter: null,
        cancelRequested: () => false,
      },
      engine.devices.get(device.id),
      [{ name: osUpdate, version: null }],
    );
    await rotation;

    expect(rotation).not.toBeNull();
    expect(status).toBe('failed');
    expect(listJobDevices(database, jobId)[0]).toMatchObject({ failureStatus: 'host-key-mismatch' });
    expect(listJobDevices(database, jobId)[0]?.error).toContain('has changed');
    // Nothing ran on the impostor, and the key pinned by the job's first session still stands.
    expect(ranAfterReboot).toEqual([]);
    expect(rescansAfterReboot).toEqual([]);
    expect(engine.devices.get(device.id).hostKey).toBe(firstKey);
  }, 40_000);
});
