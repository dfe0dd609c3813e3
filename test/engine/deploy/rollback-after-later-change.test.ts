import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dpkgPackage, storeScan } from '../../support/stored-scan';
import {
  insertChange,
  insertJob,
  listJobDevices,
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
 * Deployment 1 upgraded pd-hello 1.0-1 → 1.2-1 and pd-tools 2.0-1 → 2.1-1 on host-1. Since then pd-hello moved on
 * (a later job, or a technician by hand), as the device's last scan shows. Rolling back deployment 1 must not
 * downgrade pd-hello from where it is now to 1.0-1: that undoes the later change in deployment 1's name.
 */
describe('rolling back a deployment whose package changed again since', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let host = 0;
  let deploy = 0;

  const journalDeploy = (changes: readonly [string, string, string][], at: string) => {
    const { database } = temp.engine;
    return database.transaction(() => {
      const jobId = insertJob(database, {
        kind: 'deploy',
        settings: recordedJobSettings,
        rollbackOf: null,
        actor: 'tester',
        createdAt: at,
        devices: [{ deviceId: host, packages: '[]' }],
      });
      for (const [name, from, to] of changes) {
        insertChange(database, {
          jobId,
          deviceId: host,
          package: name,
          from,
          to,
          rollbackPossible: true,
          rollbackNote: null,
        });
      }
      setJobDeviceStatus(database, jobId, host, 'succeeded', at, null);
      setJobStatus(database, jobId, 'succeeded', at);
      return jobId;
    });
  };
  const scanned = (helloVersion: string) =>
    storeScan(temp.engine.database, {
      deviceId: host,
      at: '2026-11-22T12:00:00.000Z',
      packages: [dpkgPackage('pd-hello', helloVersion), dpkgPackage('pd-tools', '2.1-1')],
    });
  const planned = (jobId: number) =>
    listJobDevices(temp.engine.database, jobId).map((row) => ({
      packages: JSON.parse(row.packages) as unknown,
      warnings: row.warnings,
    }));

  beforeEach(async () => {
    temp = createTempEngine();
    const client = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    host = (await addUnreachableDevice(temp.engine, client.id, 'host-1')).id;
    deploy = journalDeploy(
      [
        ['pd-hello', '1.0-1', '1.2-1'],
        ['pd-tools', '2.0-1', '2.1-1'],
      ],
      '2026-11-22T09:00:00.000Z',
    );
  });
  afterEach(() => temp.close());

  const changedNote = (now: string) =>
    `pd-hello is at ${now} now, not at 1.2-1 as job ${deploy} left it: it changed since (a later job or by hand), and reinstalling 1.0-1 would undo that change too.`;

  it('previews the package a later job upgraded as one that stays, saying why', () => {
    journalDeploy([['pd-hello', '1.2-1', '1.4-1']], '2026-11-22T11:00:00.000Z');
    scanned('1.4-1');
    expect(previewRollback(temp.engine.database, deploy).devices).toEqual([
      {
        deviceId: host,
        device: 'host-1',
        rollBack: [{ package: 'pd-tools', installed: '2.1-1', reinstall: '2.0-1' }],
        cannot: [{ package: 'pd-hello', note: changedNote('1.4-1') }],
      },
    ]);
  });

  it('rolls back only what is still as the job left it, warning about the package changed by hand', async () => {
    scanned('1.3-1');
    const rollback = temp.engine.deploy.rollback(deploy, undefined, fastFail);
    expect(planned(rollback.jobId)).toEqual([
      {
        packages: [{ name: 'pd-tools', version: '2.0-1', expected: '2.1-1' }],
        warnings: [`Not rolled back: ${changedNote('1.3-1')}`],
      },
    ]);
    await rollback.done;
  });

  it('rolls back a package still at the version the job left', async () => {
    scanned('1.2-1');
    expect(previewRollback(temp.engine.database, deploy).devices[0]?.cannot).toEqual([]);
    const rollback = temp.engine.deploy.rollback(deploy, undefined, fastFail);
    expect(planned(rollback.jobId)[0]?.packages).toEqual([
      { name: 'pd-hello', version: '1.0-1', expected: '1.2-1' },
      { name: 'pd-tools', version: '2.0-1', expected: '2.1-1' },
    ]);
    await rollback.done;
  });
});
