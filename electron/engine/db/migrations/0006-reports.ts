import type { Migration } from '../migrate';

/**
 * What the dashboard and the compliance reports read. A missing update's colour, KEV flag and due date come from
 * the vulnerability work in JavaScript (advisories, KEV, EPSS, the client's SLA), so they are stored here when
 * computed (`patch_status`, one row per missing update; `device_compliance`, one summary row per device): the
 * dashboard's widgets then aggregate a few thousand small rows through indexes instead of re-matching the fleet.
 * `compliance_snapshots` keeps one row per client per day for the trend charts. The extra indexes on older tables
 * serve the period queries of a report (audit log and scans by time) and the stale-devices review.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'reports',
  up(database) {
    database.exec(`
      CREATE TABLE patch_status (
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        manager TEXT NOT NULL,
        name TEXT NOT NULL,
        arch TEXT NOT NULL,
        client_id INTEGER NOT NULL,
        colour TEXT CHECK (colour IN ('red', 'yellow', 'green')),
        kev INTEGER NOT NULL,
        due_at TEXT,
        PRIMARY KEY (device_id, manager, name, arch)
      ) STRICT, WITHOUT ROWID;
      -- Overdue counts read only the overdue rows: a range on due_at.
      CREATE INDEX patch_status_by_due ON patch_status(due_at, colour, kev);
      CREATE INDEX patch_status_by_colour ON patch_status(colour, due_at);
      CREATE INDEX patch_status_by_client ON patch_status(client_id, colour, due_at);

      CREATE TABLE device_compliance (
        device_id INTEGER PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
        client_id INTEGER NOT NULL,
        red INTEGER NOT NULL,
        yellow INTEGER NOT NULL,
        green INTEGER NOT NULL,
        unrated INTEGER NOT NULL,
        kev INTEGER NOT NULL,
        next_due_at TEXT,
        refreshed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX device_compliance_by_client ON device_compliance(client_id);

      CREATE TABLE compliance_snapshots (
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        devices INTEGER NOT NULL,
        fully_patched INTEGER NOT NULL,
        red INTEGER NOT NULL,
        yellow INTEGER NOT NULL,
        green INTEGER NOT NULL,
        overdue INTEGER NOT NULL,
        kev INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (client_id, day)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX compliance_snapshots_by_day ON compliance_snapshots(day);

      CREATE INDEX devices_by_client_scan ON devices(client_id, last_scan_at);
      CREATE INDEX devices_by_last_scan ON devices(last_scan_at);
      CREATE INDEX audit_log_by_at ON audit_log(at);
      CREATE INDEX scans_by_finished ON scans(finished_at);
      CREATE INDEX package_changes_by_scan ON package_changes(scan_id);
      CREATE INDEX jobs_by_status_finished ON jobs(status, finished_at);
      CREATE INDEX patch_exceptions_by_expiry ON patch_exceptions(expires_at);
    `);
  },
};
