import type { JobDeviceStatus, JobKind, JobStatus } from '../../../../shared/domain/jobs';
import type { Database } from '../database';

export type StepName = 'preflight' | 'pre-command' | 'install' | 'verify' | 'reboot' | 'post-command';
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';
/** The precise word CLI.md has for some failures of a device, kept beside its 'failed' status. */
export type DeviceFailureStatus = Extract<JobDeviceStatus, 'host-key-mismatch'>;

export interface JobRecord {
  readonly id: number;
  readonly kind: JobKind;
  readonly status: JobStatus;
  readonly settings: string;
  readonly rollbackOf: number | null;
  readonly actor: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly cancelRequested: boolean;
  readonly runnerPid: number | null;
  readonly runnerToken: string | null;
  readonly error: string | null;
}

export interface JobDeviceRecord {
  readonly jobId: number;
  readonly deviceId: number;
  readonly position: number;
  readonly status: JobStatus;
  readonly packages: string;
  readonly rebootRequired: boolean | null;
  readonly warnings: readonly string[];
  readonly error: string | null;
  /** Set only when status is 'failed'; the job's view reports this in its place. */
  readonly failureStatus: DeviceFailureStatus | null;
}

export interface StepRecord {
  readonly id: number;
  readonly jobId: number;
  readonly deviceId: number;
  readonly step: StepName;
  readonly status: StepStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly result: string | null;
  readonly output: string | null;
  readonly error: string | null;
}

export interface ChangeRecord {
  readonly jobId: number;
  readonly deviceId: number;
  readonly package: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly rollbackPossible: boolean;
  readonly rollbackNote: string | null;
}

interface JobRow {
  id: number;
  kind: JobKind;
  status: JobStatus;
  settings: string;
  rollback_of: number | null;
  actor: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancel_requested: number;
  runner_pid: number | null;
  runner_token: string | null;
  error: string | null;
}

const jobFromRow = (row: JobRow): JobRecord => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  settings: row.settings,
  rollbackOf: row.rollback_of,
  actor: row.actor,
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  cancelRequested: row.cancel_requested !== 0,
  runnerPid: row.runner_pid,
  runnerToken: row.runner_token,
  error: row.error,
});

/** Write a new job with its devices, all queued. Call inside a transaction. */
export function insertJob(
  database: Database,
  job: {
    kind: JobKind;
    settings: string;
    rollbackOf: number | null;
    actor: string;
    createdAt: string;
    devices: readonly { deviceId: number; packages: string; warnings?: readonly string[] }[];
  },
): number {
  const { lastInsertRowid } = database
    .statement(
      `INSERT INTO jobs (kind, status, settings, rollback_of, actor, created_at)
       VALUES (?, 'queued', ?, ?, ?, ?)`,
    )
    .run(job.kind, job.settings, job.rollbackOf, job.actor, job.createdAt);
  const jobId = Number(lastInsertRowid);
  const insertDevice = database.statement(
    `INSERT INTO job_devices (job_id, device_id, position, status, packages, warnings) VALUES (?, ?, ?, 'queued', ?, ?)`,
  );
  job.devices.forEach((device, position) =>
    insertDevice.run(
      jobId,
      device.deviceId,
      position,
      device.packages,
      JSON.stringify(device.warnings ?? []),
    ),
  );
  return jobId;
}

export function findJob(database: Database, jobId: number): JobRecord | null {
  const row = database.statement('SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
  return row ? jobFromRow(row) : null;
}

/** Newest first. */
export function listJobs(database: Database, limit = 200): JobRecord[] {
  return (database.statement('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[]).map(
    jobFromRow,
  );
}

/** Jobs that have not reached an end state. */
export function listUnfinishedJobs(database: Database): JobRecord[] {
  return (
    database
      .statement(`SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY id`)
      .all() as JobRow[]
  ).map(jobFromRow);
}

export function setJobRunner(
  database: Database,
  jobId: number,
  pid: number | null,
  token: string | null,
): void {
  database.statement('UPDATE jobs SET runner_pid = ?, runner_token = ? WHERE id = ?').run(pid, token, jobId);
}

export function setJobStatus(
  database: Database,
  jobId: number,
  status: JobStatus,
  at: string,
  error: string | null = null,
): void {
  const ended = status !== 'queued' && status !== 'running';
  database
    .statement(
      `UPDATE jobs SET status = ?, error = ?,
         started_at = COALESCE(started_at, CASE WHEN ? = 'running' THEN ? END),
         finished_at = CASE WHEN ? THEN ? ELSE NULL END
       WHERE id = ?`,
    )
    .run(status, error, status, at, ended ? 1 : 0, at, jobId);
}

export function requestJobCancel(database: Database, jobId: number): void {
  database.statement('UPDATE jobs SET cancel_requested = 1 WHERE id = ?').run(jobId);
}

interface JobDeviceRow {
  job_id: number;
  device_id: number;
  position: number;
  status: JobStatus;
  packages: string;
  reboot_required: number | null;
  warnings: string;
  error: string | null;
  failure_status: DeviceFailureStatus | null;
}

export function listJobDevices(database: Database, jobId: number): JobDeviceRecord[] {
  return (
    database
      .statement('SELECT * FROM job_devices WHERE job_id = ? ORDER BY position')
      .all(jobId) as JobDeviceRow[]
  ).map((row) => ({
    jobId: row.job_id,
    deviceId: row.device_id,
    position: row.position,
    status: row.status,
    packages: row.packages,
    rebootRequired: row.reboot_required === null ? null : row.reboot_required !== 0,
    warnings: JSON.parse(row.warnings) as string[],
    error: row.error,
    failureStatus: row.failure_status,
  }));
}

/** Every status change sets the failure status too (to null unless given): a resumed device starts without one. */
export function setJobDeviceStatus(
  database: Database,
  jobId: number,
  deviceId: number,
  status: JobStatus,
  at: string,
  error: string | null = null,
  failureStatus: DeviceFailureStatus | null = null,
): void {
  const ended = status !== 'queued' && status !== 'running';
  database
    .statement(
      `UPDATE job_devices SET status = ?, error = ?, failure_status = ?,
         started_at = COALESCE(started_at, CASE WHEN ? = 'running' THEN ? END),
         finished_at = CASE WHEN ? THEN ? ELSE NULL END
       WHERE job_id = ? AND device_id = ?`,
    )
    .run(status, error, failureStatus, status, at, ended ? 1 : 0, at, jobId, deviceId);
}

export function setJobDeviceFindings(
  database: Database,
  jobId: number,
  deviceId: number,
  findings: { warnings?: readonly string[]; rebootRequired?: boolean; packages?: string },
): void {
  database
    .statement(
      `UPDATE job_devices SET warnings = COALESCE(?, warnings), reboot_required = COALESCE(?, reboot_required),
         packages = COALESCE(?, packages)
       WHERE job_id = ? AND device_id = ?`,
    )
    .run(
      findings.warnings ? JSON.stringify(findings.warnings) : null,
      findings.rebootRequired === undefined ? null : findings.rebootRequired ? 1 : 0,
      findings.packages ?? null,
      jobId,
      deviceId,
    );
}

interface StepRow {
  id: number;
  job_id: number;
  device_id: number;
  step: StepName;
  status: StepStatus;
  started_at: string;
  finished_at: string | null;
  result: string | null;
  output: string | null;
  error: string | null;
}

const stepFromRow = (row: StepRow): StepRecord => ({
  id: row.id,
  jobId: row.job_id,
  deviceId: row.device_id,
  step: row.step,
  status: row.status,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  result: row.result,
  output: row.output,
  error: row.error,
});

/** Journal a step as started; its row exists before anything reaches the device. */
export function startStep(
  database: Database,
  jobId: number,
  deviceId: number,
  step: StepName,
  at: string,
): number {
  const { lastInsertRowid } = database
    .statement(
      `INSERT INTO job_steps (job_id, device_id, step, status, started_at) VALUES (?, ?, ?, 'running', ?)`,
    )
    .run(jobId, deviceId, step, at);
  return Number(lastInsertRowid);
}

export function finishStep(
  database: Database,
  stepId: number,
  outcome: {
    status: Exclude<StepStatus, 'running'>;
    at: string;
    result?: unknown;
    output?: string | null;
    error?: string | null;
  },
): void {
  database
    .statement(
      `UPDATE job_steps SET status = ?, finished_at = ?, result = COALESCE(?, result), output = COALESCE(?, output), error = ?
       WHERE id = ?`,
    )
    .run(
      outcome.status,
      outcome.at,
      outcome.result === undefined ? null : JSON.stringify(outcome.result),
      outcome.output ?? null,
      outcome.error ?? null,
      stepId,
    );
}

export function listSteps(database: Database, jobId: number, deviceId?: number): StepRecord[] {
  return (
    database
      .statement(
        'SELECT * FROM job_steps WHERE job_id = @job AND (@device IS NULL OR device_id = @device) ORDER BY id',
      )
      .all({ job: jobId, device: deviceId ?? null }) as StepRow[]
  ).map(stepFromRow);
}

/** Mark the job's steps left 'running' by a runner that is gone; returns them. Call inside a transaction. */
export function interruptRunningSteps(database: Database, jobId: number, at: string): StepRecord[] {
  const running = (
    database
      .statement(`SELECT * FROM job_steps WHERE job_id = ? AND status = 'running'`)
      .all(jobId) as StepRow[]
  ).map(stepFromRow);
  database
    .statement(
      `UPDATE job_steps SET status = 'interrupted', finished_at = ?,
         error = 'Patchdeck stopped while this step was under way.'
       WHERE job_id = ? AND status = 'running'`,
    )
    .run(at, jobId);
  return running;
}

export function insertChange(database: Database, change: ChangeRecord): void {
  database
    .statement(
      `INSERT INTO job_changes (job_id, device_id, package, from_version, to_version, rollback_possible, rollback_note)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      change.jobId,
      change.deviceId,
      change.package,
      change.from,
      change.to,
      change.rollbackPossible ? 1 : 0,
      change.rollbackNote,
    );
}

interface ChangeRow {
  job_id: number;
  device_id: number;
  package: string;
  from_version: string | null;
  to_version: string | null;
  rollback_possible: number;
  rollback_note: string | null;
}

export function listChanges(database: Database, jobId: number, deviceId?: number): ChangeRecord[] {
  return (
    database
      .statement(
        'SELECT * FROM job_changes WHERE job_id = @job AND (@device IS NULL OR device_id = @device) ORDER BY id',
      )
      .all({ job: jobId, device: deviceId ?? null }) as ChangeRow[]
  ).map((row) => ({
    jobId: row.job_id,
    deviceId: row.device_id,
    package: row.package,
    from: row.from_version,
    to: row.to_version,
    rollbackPossible: row.rollback_possible !== 0,
    rollbackNote: row.rollback_note,
  }));
}
