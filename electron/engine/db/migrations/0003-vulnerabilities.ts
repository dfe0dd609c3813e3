import type { Migration } from '../migrate';

/**
 * Vulnerability intelligence: OSV advisories with their affected version ranges per release, the CISA KEV
 * catalog, EPSS scores, and the status of each imported feed. Feeds are replaced whole in one transaction, so
 * these tables only ever hold complete feeds.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'vulnerabilities',
  up(database) {
    database.exec(`
      -- One row per feed: 'osv:Debian', 'osv:Alpine', ..., 'kev', 'epss'.
      CREATE TABLE feed_status (
        feed TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('osv', 'kev', 'epss')),
        file_name TEXT NOT NULL,
        record_count INTEGER NOT NULL,
        skipped_count INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        -- When the data itself was published (KEV dateReleased, EPSS score_date, newest OSV modified).
        data_date TEXT
      ) STRICT;

      CREATE TABLE advisories (
        id INTEGER PRIMARY KEY,
        feed TEXT NOT NULL,
        osv_id TEXT NOT NULL,
        modified TEXT,
        summary TEXT,
        cvss_score REAL,
        cvss_vector TEXT,
        vendor_severity TEXT,
        -- JSON array: the record's id, aliases, related and upstream ids (CVE-..., DSA-..., GHSA-...).
        ids TEXT NOT NULL,
        UNIQUE (feed, osv_id)
      ) STRICT;

      -- One affected interval of one package in one release ('Debian:12', 'Alpine:v3.19', 'Rocky Linux:9').
      CREATE TABLE advisory_ranges (
        advisory_id INTEGER NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,
        release TEXT NOT NULL,
        package TEXT NOT NULL,
        introduced TEXT,
        fixed TEXT,
        last_affected TEXT
      ) STRICT;
      CREATE INDEX advisory_ranges_by_package ON advisory_ranges(release, package);
      CREATE INDEX advisory_ranges_by_advisory ON advisory_ranges(advisory_id);

      CREATE TABLE kev (
        cve TEXT PRIMARY KEY,
        vendor TEXT NOT NULL,
        product TEXT NOT NULL,
        name TEXT NOT NULL,
        date_added TEXT NOT NULL,
        due_date TEXT,
        ransomware TEXT
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE epss (
        cve TEXT PRIMARY KEY,
        score REAL NOT NULL,
        percentile REAL NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
