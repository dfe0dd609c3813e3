import type { Migration } from '../migrate';

/**
 * A policy's pre- and post-commands are journaled as steps of their own ('pre-command', 'post-command'), so a
 * resumed job never runs a completed one twice. SQLite cannot change a CHECK in place: job_steps is rebuilt with the
 * wider CHECK and every row, index and the complete-once promise carried over.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'command-steps',
  up(database) {
    database.exec(`
      CREATE TABLE job_steps_new (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL,
        device_id INTEGER NOT NULL,
        step TEXT NOT NULL
          CHECK (step IN ('preflight', 'pre-command', 'install', 'verify', 'reboot', 'post-command')),
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        -- What the step learned (JSON): recorded versions, candidate versions, exit code, timings.
        result TEXT,
        output TEXT,
        error TEXT,
        FOREIGN KEY (job_id, device_id) REFERENCES job_devices(job_id, device_id) ON DELETE CASCADE
      ) STRICT;
      INSERT INTO job_steps_new (id, job_id, device_id, step, status, started_at, finished_at, result, output, error)
        SELECT id, job_id, device_id, step, status, started_at, finished_at, result, output, error FROM job_steps;
      DROP TABLE job_steps;
      ALTER TABLE job_steps_new RENAME TO job_steps;
      CREATE INDEX job_steps_by_device ON job_steps(job_id, device_id, id);
      -- The journal's core promise: a step that completed is never started again for the same device and job.
      CREATE UNIQUE INDEX job_steps_complete_once ON job_steps(job_id, device_id, step) WHERE status = 'succeeded';
    `);
  },
};
