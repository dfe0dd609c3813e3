import type { JobDeviceStatus, JobView } from '../../../../shared/domain/jobs';

/** A rollback job that undid (or is undoing) one device of a deployment. */
export interface RolledBackBy {
  readonly job: number;
  readonly status: JobDeviceStatus;
}

const COVERS: ReadonlySet<JobDeviceStatus> = new Set(['queued', 'running', 'succeeded']);

/**
 * Per device of a deployment, the rollback among the listed jobs that undid it or is undoing it: the engine refuses
 * to roll such a device back again (a failed, cancelled or skipped rollback does not count).
 */
export function earlierRollbacks(jobs: readonly JobView[], deployJob: number): Map<number, RolledBackBy> {
  const found = new Map<number, RolledBackBy>();
  for (const job of jobs) {
    if (job.kind !== 'rollback' || job.rollbackOf !== deployJob) continue;
    for (const device of job.devices) {
      if (COVERS.has(device.status) && !found.has(device.deviceId))
        found.set(device.deviceId, { job: job.job, status: device.status });
    }
  }
  return found;
}
