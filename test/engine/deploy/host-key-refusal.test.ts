import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertChange,
  insertJob,
  listJobDevices,
  listSteps,
  setJobDeviceStatus,
  setJobStatus,
} from '../../../electron/engine/db/repositories/jobs';
import type { LocalSshd } from '../../engine/ssh/local-sshd';
import { scannedSshdDevice, type ScannedSshdDevice } from '../../support/scanned-sshd-device';
import { recordedJobSettings } from '../../support/recorded-job';
import { dpkgPackage, storeScan } from '../../support/stored-scan';

/**
 * A retry and a rollback reuse the per-device status of the job they start from: a device refused for a changed
 * host key must be reported as `host-key-mismatch` by them too, stay counted as failed (so a retry runs it again),
 * and lose that status once the technician trusted the new key. The device is this machine through a local sshd,
 * signed in as the account without sudo: nothing here can install anything.
 */
describe('deploy jobs and a device whose host key changed', () => {
  let sshd: LocalSshd;
  let temp: ScannedSshdDevice['temp'];
  let deviceId = 0;

  beforeAll(async () => {
    ({ sshd, temp, deviceId } = await scannedSshdDevice('acc', 'key'));
    await sshd.rotateHostKey();
  });
  afterAll(async () => {
    await sshd?.stop();
    temp?.close();
  });

  it('keeps the device failed in the journal, with host-key-mismatch beside it for the view', async () => {
    const view = await temp.engine.deploy.start({
      deviceIds: [deviceId],
      selection: { kind: 'packages', packages: ['pd-hello'] },
    }).done;
    expect(view).toMatchObject({
      status: 'failed',
      devices: [{ device: 'acc', status: 'host-key-mismatch', changes: [] }],
    });
    expect(listJobDevices(temp.engine.database, view.job)).toMatchObject([
      { status: 'failed', failureStatus: 'host-key-mismatch' },
    ]);
    expect(listSteps(temp.engine.database, view.job)).toEqual([]);
  });

  it('reports a rollback refused for the changed key as host-key-mismatch, having run nothing', async () => {
    const { database } = temp.engine;
    const at = new Date().toISOString();
    const deployJob = database.transaction(() => {
      const jobId = insertJob(database, {
        kind: 'deploy',
        settings: recordedJobSettings,
        rollbackOf: null,
        actor: 'tester',
        createdAt: at,
        devices: [{ deviceId, packages: '[]' }],
      });
      insertChange(database, {
        jobId,
        deviceId,
        package: 'pd-hello',
        from: '1.0-1',
        to: '1.1-1',
        rollbackPossible: true,
        rollbackNote: null,
      });
      setJobDeviceStatus(database, jobId, deviceId, 'succeeded', at);
      setJobStatus(database, jobId, 'succeeded', at);
      return jobId;
    });
    // The job's verifying rescan, as it would have stored it: pd-hello is still as the job left it.
    storeScan(database, { deviceId, at, packages: [dpkgPackage('pd-hello', '1.1-1')] });
    const rollback = await temp.engine.deploy.rollback(deployJob).done;
    expect(rollback).toMatchObject({
      kind: 'rollback',
      status: 'failed',
      devices: [{ device: 'acc', status: 'host-key-mismatch', changes: [] }],
    });
    expect(listSteps(database, rollback.job)).toEqual([]);
  });

  it('retries such a device, and reports it as usual once the technician trusted the new key', async () => {
    const { database } = temp.engine;
    const first = await temp.engine.deploy.start({
      deviceIds: [deviceId],
      selection: { kind: 'packages', packages: ['pd-hello'] },
    }).done;
    const again = await temp.engine.deploy.retry(first.job).done;
    expect(again).toMatchObject({ status: 'failed', devices: [{ status: 'host-key-mismatch' }] });

    await temp.engine.scans.trustHostKey(deviceId);
    const trusted = await temp.engine.deploy.retry(again.job).done;
    // Signed in this time: the read-only pre-flight ran (pd-hello is not installed here, so nothing more does).
    expect(listSteps(database, trusted.job).map((step) => step.step)).toEqual(['preflight']);
    expect(trusted.devices[0]?.status).not.toBe('host-key-mismatch');
    expect(listJobDevices(database, trusted.job)[0]?.failureStatus).toBeNull();
  });
});
