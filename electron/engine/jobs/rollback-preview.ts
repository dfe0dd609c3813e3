import type { RollbackPreview } from '../../../shared/domain/jobs';
import { AppError } from '../../../shared/errors';
import type { Database } from '../db/database';
import { findDeviceById } from '../db/repositories/devices';
import { findJob, listChanges, listJobDevices } from '../db/repositories/jobs';
import { earlierRollbacks, rolledBackNote } from '../deploy/rollback-guard';

/**
 * What rolling back a deployment (all its devices, or the ones named) would do, read from the changes its job
 * recorded: the same rule as the rollback itself (a change with an old version that can be reinstalled), so the
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
  const changes = listChanges(database, jobId).filter((change) => change.from !== null);
  const earlier = earlierRollbacks(database, jobId);
  const devices = listJobDevices(database, jobId)
    .filter((row) => deviceIds === undefined || deviceIds.includes(row.deviceId))
    .map((row) => {
      const mine = changes.filter((change) => change.deviceId === row.deviceId);
      const device = findDeviceById(database, row.deviceId)?.name ?? `device ${row.deviceId}`;
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
      return {
        deviceId: row.deviceId,
        device,
        rollBack: mine
          .filter((change) => change.rollbackPossible)
          .map((change) => ({ package: change.package, installed: change.to, reinstall: change.from ?? '' })),
        cannot: mine
          .filter((change) => !change.rollbackPossible)
          .map((change) => ({
            package: change.package,
            note: change.rollbackNote ?? `${change.package} ${change.from} cannot be reinstalled.`,
          })),
      };
    })
    .filter((device) => device.rollBack.length > 0 || device.cannot.length > 0);
  return { job: jobId, devices };
}
