import type { Migration } from '../migrate';

/**
 * Automation profiles, the fleet-wide approval decisions, exceptions, and the scheduler's run ledger. The
 * ledger's primary key (policy, window occurrence) is what makes a window's work start once: every scheduler,
 * in any process, inserts the row before starting and only the one whose insert went in goes on.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'policies',
  up(database) {
    database.exec(`
      CREATE TABLE policies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE RESTRICT,
        -- Null: the client's zone, read when the windows are evaluated so a client's move follows.
        time_zone TEXT,
        -- Scope, content, approval, windows, reboot, concurrency, thresholds, pre/post commands (JSON, zod-checked).
        settings TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX policies_by_client ON policies(client_id);

      CREATE TABLE approval_decisions (
        package TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'defer', 'exclude')),
        until TEXT,
        note TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        actor TEXT NOT NULL
      ) STRICT;

      CREATE TABLE patch_exceptions (
        id INTEGER PRIMARY KEY,
        package TEXT NOT NULL COLLATE NOCASE,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('device', 'tag', 'client')),
        device_id INTEGER REFERENCES devices(id) ON DELETE CASCADE,
        tag TEXT COLLATE NOCASE,
        client_id INTEGER REFERENCES clients(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        CHECK ((target_kind = 'device') = (device_id IS NOT NULL)),
        CHECK ((target_kind = 'tag') = (tag IS NOT NULL)),
        CHECK ((target_kind = 'client') = (client_id IS NOT NULL))
      ) STRICT;

      CREATE TABLE policy_runs (
        policy_id INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
        -- The window occurrence's key: '<local start date>@<zone> <window as written>' (2026-11-21@UTC weekends 22:00-02:00).
        occurrence_key TEXT NOT NULL,
        window_start TEXT NOT NULL,
        window_end TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('starting', 'started', 'failed')),
        -- Whoever claimed it (process id and a random token), for the technician reading a stuck run.
        claimed_by TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        -- The deploy engine's job, once it said which.
        job_id INTEGER,
        devices TEXT NOT NULL,
        error TEXT,
        PRIMARY KEY (policy_id, occurrence_key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
