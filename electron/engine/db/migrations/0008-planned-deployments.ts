import type { Migration } from '../migrate';

/**
 * One-off deployments the technician left to a maintenance window ("in the next window"): the deploy request as
 * JSON, the one window occurrence it waits for, and what became of it. The scheduler claims a row by moving it from
 * 'planned' to 'started' in one statement, so however many schedulers look, one of them starts it. `policy_id` is
 * the policy whose window it waits for (null: a window the technician picked); `time_zone` is the client's.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'planned-deployments',
  up(database) {
    database.exec(`
      CREATE TABLE planned_deployments (
        id INTEGER PRIMARY KEY,
        request TEXT NOT NULL,
        policy_id INTEGER REFERENCES policies(id) ON DELETE SET NULL,
        policy_name TEXT,
        window_start TEXT NOT NULL,
        window_end TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('planned', 'started', 'cancelled')),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        claimed_by TEXT,
        started_at TEXT,
        cancelled_at TEXT,
        -- The deploy engine's job, once it said which (like policy_runs, no foreign key: jobs are never deleted).
        job_id INTEGER,
        error TEXT,
        CHECK (window_end > window_start)
      ) STRICT;
      -- The scheduler's question every minute: which planned rows have a window that has opened.
      CREATE INDEX planned_deployments_by_status_start ON planned_deployments(status, window_start);
    `);
  },
};
