import type { Migration } from '../migrate';

/** Clients, devices, their credentials and tags, settings, and the hash-chained audit log. */
export const migration0001: Migration = {
  version: 1,
  name: 'fleet-and-audit',
  up(database) {
    database.exec(`
      CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        time_zone TEXT NOT NULL,
        sla_red_days INTEGER NOT NULL DEFAULT 2,
        sla_yellow_days INTEGER NOT NULL DEFAULT 14,
        sla_green_days INTEGER NOT NULL DEFAULT 30,
        created_at TEXT NOT NULL
      ) STRICT;

      -- Secrets sealed by the vault (safeStorage in the app, a passphrase-derived key in the CLI). Never plain text.
      CREATE TABLE credentials (
        id INTEGER PRIMARY KEY,
        scheme TEXT NOT NULL,
        sealed TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE RESTRICT,
        name TEXT NOT NULL COLLATE NOCASE,
        host TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        user TEXT NOT NULL,
        auth_kind TEXT NOT NULL CHECK (auth_kind IN ('key', 'password', 'agent')),
        key_path TEXT,
        password_credential_id INTEGER REFERENCES credentials(id) ON DELETE SET NULL,
        sudo INTEGER NOT NULL DEFAULT 0,
        sudo_credential_id INTEGER REFERENCES credentials(id) ON DELETE SET NULL,
        ring TEXT NOT NULL DEFAULT 'broad' CHECK (ring IN ('test', 'pilot', 'broad')),
        platform TEXT,
        os_json TEXT,
        host_key TEXT,
        reboot_required INTEGER,
        last_scan_at TEXT,
        last_scan_status TEXT,
        last_scan_error TEXT,
        retired_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (client_id, name)
      ) STRICT;
      CREATE INDEX devices_by_name ON devices(name);

      CREATE TABLE device_tags (
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        tag TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (device_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX device_tags_by_tag ON device_tags(tag);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- Append-only: triggers refuse UPDATE and DELETE; each entry's hash covers the previous entry's hash.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id INTEGER,
        subject_name TEXT,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE INDEX audit_log_by_subject ON audit_log(subject_type, subject_id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
  },
};
