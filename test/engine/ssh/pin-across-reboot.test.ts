import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listJobDevices } from '../../../electron/engine/db/repositories/jobs';
import type { ScanOutcome, ScanService } from '../../../electron/engine/inventory/scan-service';
import type { RemoteScript } from '../../../electron/engine/platforms/types';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import { SshPool } from '../../../electron/engine/ssh/pool';
import { bigSurMac, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import {
  bigSurOffers,
  bigSurOsUpdate,
  recordedBigSurDeployment,
} from '../platforms/macos/recorded-deployment';
import { startLocalSshd, testUsers, type LocalSshd } from './local-sshd';
import { runOneDevice } from '../deploy/run-one-device';

const offers = bigSurOffers.filter((offer) => offer.name === bigSurOsUpdate);

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
    const recorded = recordedBigSurDeployment(() => {
      // While the Mac restarts, another host answers at its address with a key of its own.
      rotation = sshd.rotateHostKey();
    });
    const recordedMac = {
      run: (script: RemoteScript) => {
        if (rotation !== null) ranAfterReboot.push(script.script.slice(0, 40));
        return recorded.run(script);
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
    const { jobId, status } = await runOneDevice({
      engine,
      clock,
      deviceId: device.id,
      pool,
      scans,
      planned: [{ name: bigSurOsUpdate, version: null }],
      reboot: 'always',
      rebootTimeoutMs: 20_000,
    });
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
