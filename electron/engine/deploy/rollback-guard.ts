import type { JobStatus } from '../../../shared/domain/jobs';
import { AppError } from '../../../shared/errors';
import type { Database } from '../db/database';

/** The rollback job that undid, or is undoing, one device of a deployment. */
export interface EarlierRollback {
  readonly job: number;
  readonly status: Extract<JobStatus, 'queued' | 'running' | 'succeeded'>;
}

/**
 * Per device of a deployment, the rollback job that already undid it (or is undoing it now). A device rolled back
 * once is back at the versions from before the deployment, so rolling it back again would either do nothing while
 * calling itself a rollback, or, after a later deployment upgraded it again, undo that later change in this
 * deployment's name. A failed, cancelled or skipped rollback does not count: the technician may roll back again.
 */
export function earlierRollbacks(database: Database, deployJobId: number): Map<number, EarlierRollback> {
  const rows = database
    .statement(
      `SELECT jd.device_id AS deviceId, j.id AS job, jd.status
       FROM jobs j JOIN job_devices jd ON jd.job_id = j.id
       WHERE j.rollback_of = ? AND j.kind = 'rollback' AND jd.status IN ('queued', 'running', 'succeeded')
       ORDER BY j.id`,
    )
    .all(deployJobId) as ({ deviceId: number } & EarlierRollback)[];
  return new Map(rows.map((row) => [row.deviceId, { job: row.job, status: row.status }]));
}

/** "host-2 was already rolled back by job 7." (or "is being rolled back by job 7" while that job runs). */
export function rolledBackNote(device: string, earlier: EarlierRollback): string {
  return earlier.status === 'succeeded'
    ? `${device} was already rolled back by job ${earlier.job}.`
    : `${device} is being rolled back by job ${earlier.job} (${earlier.status}).`;
}

/**
 * The devices of a deployment still to roll back. Named devices that a rollback already covers are refused by
 * name; rolling back the whole job leaves those devices out, and is refused when that leaves none.
 */
export function devicesStillToRollBack<Row extends { readonly deviceId: number }>(
  database: Database,
  deployJobId: number,
  chosen: readonly Row[],
  named: boolean,
  deviceName: (deviceId: number) => string,
): Row[] {
  const earlier = earlierRollbacks(database, deployJobId);
  const covered = chosen.flatMap((row) => {
    const found = earlier.get(row.deviceId);
    return found ? [rolledBackNote(deviceName(row.deviceId), found)] : [];
  });
  const remaining = chosen.filter((row) => !earlier.has(row.deviceId));
  if (covered.length > 0 && (named || remaining.length === 0)) {
    throw new AppError(
      'conflict',
      `${covered.join(' ')} Nothing of job ${deployJobId} is left to undo there.`,
    );
  }
  return remaining;
}
