import type { Database } from '../db/database';
import { isRunnerAlive } from './runner-liveness';

/**
 * The job, other than `jobId`, that is working on this device right now: its device row is running and a live
 * Patchdeck process (this one or another) runs the job. A row left running by a crashed runner holds nothing: that
 * job is resumed later, and it then checks in turn. Null when the device is free.
 */
export function jobWorkingOn(database: Database, deviceId: number, jobId: number): number | null {
  const rows = database
    .statement(
      `SELECT j.id, j.runner_pid AS runnerPid
       FROM job_devices jd JOIN jobs j ON j.id = jd.job_id
       WHERE jd.device_id = ? AND jd.status = 'running' AND j.id <> ? AND j.status IN ('queued', 'running')
       ORDER BY j.id`,
    )
    .all(deviceId, jobId) as { id: number; runnerPid: number | null }[];
  return rows.find((row) => isRunnerAlive(row.runnerPid))?.id ?? null;
}
