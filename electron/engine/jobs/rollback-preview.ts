import type { RollbackPreview } from '../../../shared/domain/jobs';
import { AppError } from '../../../shared/errors';
import type { Database } from '../db/database';
import { findDeviceById } from '../db/repositories/devices';
import { findJob, listChanges, listJobDevices } from '../db/repositories/jobs';
import { changedSinceJob } from '../deploy/changed-since';
import { earlierRollbacks, rolledBackNote } from '../deploy/rollback-guard';
import { rollbackStep } from '../deploy/rollback-plan';
import { adapterFor } from '../platforms';

/**
 * What rolling back a deployment (all its devices, or the ones named) would do, read from the changes its job
 * recorded: the same rule as the rollback itself (rollbackStep: an old version that can be reinstalled on a package
 * the device's last scan still shows as the job left it, or a new install the platform can remove), so the
 * technician's confirmation lists exactly what will be undone and what will stay.
 */
export function previewRollback(
  database: Database,
  jobId: number,
  deviceIds?: readonly number[],
): RollbackPreview {
  const job = findJob(database, jobId);
  if (!job) throw new AppError('not-found', `There is no job ${jobId}.`);
  if (job.kind !== 'deploy')
    throw new AppError(
      'invalid-input',
      `Job ${jobId} is a ${job.kind}, not a deployment; only deployments can be rolled back.`,
    );
  const changes = listChanges(database, jobId);
  const earlier = earlierRollbacks(database, jobId);
  const devices = listJobDevices(database, jobId)
    .filter((row) => deviceIds === undefined || deviceIds.includes(row.deviceId))
    .map((row) => {
      const mine = changes.filter((change) => change.deviceId === row.deviceId);
      const record = findDeviceById(database, row.deviceId);
      const device = record?.name ?? `device ${row.deviceId}`;
      const undone = earlier.get(row.deviceId);
      // Already rolled back: every change stays as the rollback left it, and the engine refuses to repeat it.
      if (undone) {
        const note = rolledBackNote(device, undone);
        return {
          deviceId: row.deviceId,
          device,
          rollBack: [],
          cannot: mine.map((change) => ({ package: change.package, note })),
        };
      }
      const deployment = record?.platform ? (adapterFor(record.platform)?.deployment ?? null) : null;
      const changedSince = changedSinceJob(database, row.deviceId, jobId, deployment);
      const rollBack: RollbackPreview['devices'][number]['rollBack'] = [];
      const cannot: RollbackPreview['devices'][number]['cannot'] = [];
      for (const change of mine) {
        const step = rollbackStep(deployment, change, changedSince);
        if (step?.kind === 'undo') {
          rollBack.push({ package: change.package, installed: change.to, reinstall: step.planned.version });
        } else if (step?.kind === 'stays') {
          cannot.push({ package: change.package, note: step.note });
        }
      }
      return { deviceId: row.deviceId, device, rollBack, cannot };
    })
    .filter((device) => device.rollBack.length > 0 || device.cannot.length > 0);
  return { job: jobId, devices };
}
