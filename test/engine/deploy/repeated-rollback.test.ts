import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeScan } from '../../support/stored-scan';
import {
  insertChange,
  insertJob,
  listJobDevices,
  listJobs,
  setJobDeviceStatus,
  setJobStatus,
} from '../../../electron/engine/db/repositories/jobs';
import { previewRollback } from '../../../electron/engine/jobs/rollback-preview';
import { recordedJobSettings } from '../../support/recorded-job';
import { createTempEngine } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

// Nothing listens on port 1: a rollback is planned for real, then fails unreachable without touching anything.
const fastFail = { connect: { connectTimeoutMs: 2_000, handshakeTimeoutMs: 2_000 } };

/**
 * Deployment 1 upgraded pd-hello 1.0-1 → 1.2-1 on host-1 and host-2; a rollback then put host-2 back at 1.0-1, and a
 * later deployment upgraded host-2 to 1.2-1 again. Without a guard, rolling back host-2 of deployment 1 a second
 * time plans `pd-hello=1.0-1` once more: it would undo the later deployment's change in deployment 1's name.
 */
describe('rolling back a device a rollback already undid', () => {
  let temp: ReturnType<typeof createTempEngine>;
  const ids = { host1: 0, host2: 0, deploy: 0, rollback: 0, later: 0 };

  const journal = (
    kind: 'deploy' | 'rollback',
    rollbackOf: number | null,
    devices: readonly number[],
    at: string,
  ) => {
    const { database } = temp.engine;
    return database.transaction(() => {
      const jobId = insertJob(database, {
        kind,
        settings: recordedJobSettings,
        rollbackOf,
        actor: 'tester',
        createdAt: at,
        devices: devices.map((deviceId) => ({ deviceId, packages: '[]' })),
      });
      for (const deviceId of devices) {
        const [from, to] = kind === 'deploy' ? ['1.0-1', '1.2-1'] : ['1.2-1', '1.0-1'];
        insertChange(database, {
          jobId,
          deviceId,
          package: 'pd-hello',
          from,
          to,
          rollbackPossible: true,
          rollbackNote: null,
        });
        setJobDeviceStatus(database, jobId, deviceId, 'succeeded', at, null);
      }
      setJobStatus(database, jobId, 'succeeded', at);
      return jobId;
    });
  };

  beforeEach(async () => {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    for (const name of ['host-1', 'host-2'] as const) {
      const device = await addUnreachableDevice(engine, client.id, name);
      storeScan(engine.database, { deviceId: device.id, at: '2026-11-22T08:00:01.000Z' });
      ids[name === 'host-1' ? 'host1' : 'host2'] = device.id;
    }
    ids.deploy = journal('deploy', null, [ids.host1, ids.host2], '2026-11-22T09:00:00.000Z');
    ids.rollback = journal('rollback', ids.deploy, [ids.host2], '2026-11-22T10:00:00.000Z');
    ids.later = journal('deploy', null, [ids.host2], '2026-11-22T11:00:00.000Z');
  });
  afterEach(() => temp.close());

  const planned = (jobId: number) =>
    listJobDevices(temp.engine.database, jobId).map((row) => ({
      deviceId: row.deviceId,
      packages: JSON.parse(row.packages) as unknown,
    }));

  it('refuses rolling back that device again, naming the rollback that did it, and starts no job', () => {
    const jobs = listJobs(temp.engine.database).length;
    expect(() => temp.engine.deploy.rollback(ids.deploy, [ids.host2], fastFail)).toThrow(
      `host-2 was already rolled back by job ${ids.rollback}. Nothing of job ${ids.deploy} is left to undo there.`,
    );
    expect(listJobs(temp.engine.database)).toHaveLength(jobs);
  });

  it('rolls back the rest of the job, and refuses a device while its rollback is still under way', async () => {
    const whole = temp.engine.deploy.rollback(ids.deploy, undefined, fastFail);
    expect(planned(whole.jobId)).toEqual([
      { deviceId: ids.host1, packages: [{ name: 'pd-hello', version: '1.0-1', expected: '1.2-1' }] },
    ]);
    expect(() => temp.engine.deploy.rollback(ids.deploy, [ids.host1], fastFail)).toThrow(
      new RegExp(`^host-1 is being rolled back by job ${whole.jobId} \\((queued|running)\\)\\.`),
    );
    // Nothing listens on the port: that rollback fails, and a failed rollback may be tried again.
    expect((await whole.done).status).toBe('failed');
    const again = temp.engine.deploy.rollback(ids.deploy, [ids.host1], fastFail);
    expect(planned(again.jobId)).toEqual([
      { deviceId: ids.host1, packages: [{ name: 'pd-hello', version: '1.0-1', expected: '1.2-1' }] },
    ]);
    await again.done;
    // host-1's rollbacks failed and host-2's succeeded: rolling back the whole job again takes host-1 alone.
    const third = temp.engine.deploy.rollback(ids.deploy, undefined, fastFail);
    expect(planned(third.jobId).map((row) => row.deviceId)).toEqual([ids.host1]);
    await third.done;
  });

  it('refuses the whole job once every device was rolled back', () => {
    journal('rollback', ids.deploy, [ids.host1], '2026-11-22T12:00:00.000Z');
    expect(() => temp.engine.deploy.rollback(ids.deploy, undefined, fastFail)).toThrow(
      /^host-1 was already rolled back by job \d+\. host-2 was already rolled back by job \d+\. Nothing of job/,
    );
  });

  it('still rolls back the later deployment on that device', async () => {
    const later = temp.engine.deploy.rollback(ids.later, [ids.host2], fastFail);
    expect(planned(later.jobId)).toEqual([
      { deviceId: ids.host2, packages: [{ name: 'pd-hello', version: '1.0-1', expected: '1.2-1' }] },
    ]);
    await later.done;
  });

  it('previews the device as already rolled back, with nothing to reinstall', () => {
    expect(previewRollback(temp.engine.database, ids.deploy)).toEqual({
      job: ids.deploy,
      devices: [
        {
          deviceId: ids.host1,
          device: 'host-1',
          rollBack: [{ package: 'pd-hello', installed: '1.2-1', reinstall: '1.0-1' }],
          cannot: [],
        },
        {
          deviceId: ids.host2,
          device: 'host-2',
          rollBack: [],
          cannot: [{ package: 'pd-hello', note: `host-2 was already rolled back by job ${ids.rollback}.` }],
        },
      ],
    });
  });
});
