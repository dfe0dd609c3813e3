import type { Migration } from '../migrate';

/**
 * The durable job journal. A job and each of its per-device steps are rows written (and committed with
 * synchronous=FULL) before the work starts and again when it ends, so after a crash the next start knows exactly
 * which step was under way on which device and can resume it or mark it honestly.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'jobs',
  up(database) {
    database.exec(`
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('deploy', 'rollback')),
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped')),
        -- What was asked for: reboot policy, concurrency, failure threshold (JSON), so a resumed job runs as planned.
        settings TEXT NOT NULL,
        -- The deploy job a rollback undoes.
        rollback_of INTEGER REFERENCES jobs(id) ON DELETE RESTRICT,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        -- The process running the job right now; a job whose runner is gone was interrupted.
        runner_pid INTEGER,
        runner_token TEXT,
        error TEXT
      ) STRICT;
      CREATE INDEX jobs_by_status ON jobs(status);

      CREATE TABLE job_devices (
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE RESTRICT,
        position INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped')),
        -- Deploy: package names; rollback: {name, version} pairs to reinstall (JSON array).
        packages TEXT NOT NULL,
        reboot_required INTEGER,
        warnings TEXT NOT NULL DEFAULT '[]',
        error TEXT,
        started_at TEXT,
        finished_at TEXT,
        PRIMARY KEY (job_id, device_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX job_devices_by_device ON job_devices(device_id);

      CREATE TABLE job_steps (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL,
        device_id INTEGER NOT NULL,
        step TEXT NOT NULL CHECK (step IN ('preflight', 'install', 'verify', 'reboot')),
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        -- What the step learned (JSON): recorded versions, candidate versions, exit code, timings.
        result TEXT,
        output TEXT,
        error TEXT,
        FOREIGN KEY (job_id, device_id) REFERENCES job_devices(job_id, device_id) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX job_steps_by_device ON job_steps(job_id, device_id, id);
      -- The journal's core promise: a step that completed is never started again for the same device and job.
      CREATE UNIQUE INDEX job_steps_complete_once ON job_steps(job_id, device_id, step) WHERE status = 'succeeded';

      CREATE TABLE job_changes (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL,
        device_id INTEGER NOT NULL,
        package TEXT NOT NULL,
        from_version TEXT,
        to_version TEXT,
        -- Whether the old version can be reinstalled, and why not (checked before the install).
        rollback_possible INTEGER NOT NULL,
        rollback_note TEXT,
        FOREIGN KEY (job_id, device_id) REFERENCES job_devices(job_id, device_id) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX job_changes_by_job ON job_changes(job_id, device_id);
    `);
  },
};
