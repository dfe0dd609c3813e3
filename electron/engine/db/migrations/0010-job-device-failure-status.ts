import type { Migration } from '../migrate';

/**
 * A device of a job that met a changed host key is reported as `host-key-mismatch` (CLI.md's host-key rule), not
 * just `failed`. Its `status` stays 'failed' and the more precise word sits beside it in `failure_status`: every
 * reader of the journal that asks whether a device failed (the job's final status, the failure threshold, retry, the
 * rollback guard, reports, the dashboard) keeps working unchanged, where a new status value would have had to be
 * taught to each of them. Adding a column needs no table rebuild; its CHECK keeps the word to failed devices.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'job-device-failure-status',
  up(database) {
    database.exec(`
      ALTER TABLE job_devices ADD COLUMN failure_status TEXT
        CHECK (failure_status IS NULL OR (failure_status IN ('host-key-mismatch') AND status = 'failed'));
    `);
  },
};
