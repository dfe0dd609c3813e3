import type { Migration } from '../migrate';

/**
 * Scans, the current package set and available updates per device, and the history of package changes. The
 * current set is kept once (as ids of distinct package builds); each scan writes only what changed, so a rescan
 * of an unchanged host writes almost nothing.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'inventory',
  up(database) {
    database.exec(`
      CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        depth TEXT NOT NULL CHECK (depth IN ('quick', 'full')),
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        status TEXT NOT NULL,
        error TEXT,
        metadata_stale INTEGER NOT NULL DEFAULT 0,
        warnings TEXT NOT NULL DEFAULT '[]',
        package_count INTEGER,
        update_count INTEGER,
        security_update_count INTEGER,
        duration_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX scans_by_device ON scans(device_id, id);

      -- Every distinct package build seen anywhere in the fleet, once. Devices of one client mostly run the
      -- same builds, so a device's package set is a list of ids: ingest writes integer pairs, and matching
      -- advisories works on the distinct builds instead of on every device's copy. Never deleted.
      -- arch, source_name and source_version are '' when unknown, so the unique key can hold them.
      CREATE TABLE package_builds (
        id INTEGER PRIMARY KEY,
        manager TEXT NOT NULL,
        name TEXT NOT NULL,
        arch TEXT NOT NULL,
        version TEXT NOT NULL,
        source_name TEXT NOT NULL,
        source_version TEXT NOT NULL,
        UNIQUE (manager, name, arch, version, source_name, source_version)
      ) STRICT;

      -- No foreign keys: checking both parents for each of a fleet's millions of rows costs more than the insert.
      -- Builds are never deleted; a removed device's rows go with it through the trigger below.
      CREATE TABLE installed_packages (
        device_id INTEGER NOT NULL,
        build_id INTEGER NOT NULL,
        PRIMARY KEY (device_id, build_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER installed_packages_follow_device AFTER DELETE ON devices
        BEGIN DELETE FROM installed_packages WHERE device_id = old.id; END;

      CREATE TABLE package_changes (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        manager TEXT NOT NULL,
        name TEXT NOT NULL,
        arch TEXT NOT NULL,
        from_version TEXT,
        to_version TEXT
      ) STRICT;
      CREATE INDEX package_changes_by_device ON package_changes(device_id, id);

      CREATE TABLE available_updates (
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        manager TEXT NOT NULL,
        name TEXT NOT NULL,
        arch TEXT NOT NULL,
        installed_version TEXT,
        available_version TEXT NOT NULL,
        origin TEXT,
        security INTEGER NOT NULL,
        classification TEXT NOT NULL,
        vendor_severity TEXT,
        advisory_ids TEXT NOT NULL,
        cves TEXT NOT NULL,
        reboot_required INTEGER,
        -- When this update was first seen missing on this device: SLA due dates count from here.
        first_seen_at TEXT NOT NULL,
        PRIMARY KEY (device_id, manager, name, arch)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX available_updates_by_name ON available_updates(name);
    `);
  },
};
