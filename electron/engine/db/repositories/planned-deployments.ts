import type { PlannedDeploymentStatus } from '../../../../shared/domain/jobs';
import type { Database } from '../database';

/** One planned_deployments row; `request` is the deploy request as JSON, parsed by the caller. */
export interface PlannedDeploymentRow {
  readonly id: number;
  readonly request: string;
  readonly policyId: number | null;
  readonly policyName: string | null;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly timeZone: string;
  readonly status: PlannedDeploymentStatus;
  readonly createdAt: string;
  readonly jobId: number | null;
  readonly error: string | null;
}

export interface NewPlannedDeployment {
  readonly request: string;
  readonly policyId: number | null;
  readonly policyName: string | null;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly timeZone: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

const columns = `id, request, policy_id AS policyId, policy_name AS policyName, window_start AS windowStart,
  window_end AS windowEnd, time_zone AS timeZone, status, created_at AS createdAt, job_id AS jobId, error`;

/** Writes a planned row; returns its id. */
export function insertPlannedDeployment(database: Database, row: NewPlannedDeployment): number {
  return Number(
    database
      .statement(
        `INSERT INTO planned_deployments
           (request, policy_id, policy_name, window_start, window_end, time_zone, status, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, 'planned', ?, ?)`,
      )
      .run(
        row.request,
        row.policyId,
        row.policyName,
        row.windowStart,
        row.windowEnd,
        row.timeZone,
        row.createdAt,
        row.createdBy,
      ).lastInsertRowid,
  );
}

export function findPlannedDeployment(database: Database, id: number): PlannedDeploymentRow | null {
  return (
    (database.statement(`SELECT ${columns} FROM planned_deployments WHERE id = ?`).get(id) as
      PlannedDeploymentRow | undefined) ?? null
  );
}

/** Every planned deployment still waiting, then the newest of the others; soonest window first. */
export function listPlannedDeployments(database: Database, limit: number): PlannedDeploymentRow[] {
  return database
    .statement(
      `SELECT ${columns} FROM planned_deployments
       ORDER BY status = 'planned' DESC, CASE WHEN status = 'planned' THEN window_start END, window_start DESC
       LIMIT ?`,
    )
    .all(limit) as PlannedDeploymentRow[];
}

/** Planned rows whose window is open at `at` (start ≤ at < end): a closed window is never started late. */
export function listOpenPlannedDeployments(database: Database, at: string): PlannedDeploymentRow[] {
  return database
    .statement(
      `SELECT ${columns} FROM planned_deployments
       WHERE status = 'planned' AND window_start <= ? AND window_end > ? ORDER BY window_start, id`,
    )
    .all(at, at) as PlannedDeploymentRow[];
}

/**
 * Moves a planned row to 'started' if it is still planned. True for exactly one caller, whichever process asks:
 * the UPDATE's WHERE is evaluated under SQLite's write lock.
 */
export function claimPlannedDeployment(
  database: Database,
  id: number,
  claimedBy: string,
  at: string,
): boolean {
  return (
    database
      .statement(
        `UPDATE planned_deployments SET status = 'started', claimed_by = ?, started_at = ?
         WHERE id = ? AND status = 'planned'`,
      )
      .run(claimedBy, at, id).changes === 1
  );
}

/** The job a started row became, or why it could not start. */
export function recordPlannedDeploymentStart(
  database: Database,
  id: number,
  outcome: { jobId: number | null; error: string | null },
): void {
  database
    .statement('UPDATE planned_deployments SET job_id = ?, error = ? WHERE id = ?')
    .run(outcome.jobId, outcome.error, id);
}

/** Cancels a row that has not started; false when it already started or was cancelled. */
export function cancelPlannedDeployment(database: Database, id: number, at: string): boolean {
  return (
    database
      .statement(
        `UPDATE planned_deployments SET status = 'cancelled', cancelled_at = ? WHERE id = ? AND status = 'planned'`,
      )
      .run(at, id).changes === 1
  );
}
