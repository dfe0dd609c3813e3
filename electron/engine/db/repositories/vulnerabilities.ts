import type { FeedStatus } from '../../../../shared/domain/vulnerabilities';
import type { EpssScores } from '../../vuln/feeds/epss';
import type { KevCatalog } from '../../vuln/feeds/kev';
import type { OsvAdvisory } from '../../vuln/feeds/osv';
import type { Database } from '../database';

/** What one feed write stored, for the import summary and feed status. */
export interface FeedWrite {
  readonly feed: string;
  readonly records: number;
}

interface FeedStatusValues {
  readonly feed: string;
  readonly source: 'osv' | 'kev' | 'epss';
  readonly fileName: string;
  readonly recordCount: number;
  readonly skippedCount: number;
  readonly importedAt: string;
  readonly dataDate: string | null;
}

function writeStatus(database: Database, status: FeedStatusValues): void {
  database
    .statement(
      `INSERT INTO feed_status (feed, source, file_name, record_count, skipped_count, imported_at, data_date)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (feed) DO UPDATE SET source = excluded.source, file_name = excluded.file_name,
         record_count = excluded.record_count, skipped_count = excluded.skipped_count,
         imported_at = excluded.imported_at, data_date = excluded.data_date`,
    )
    .run(
      status.feed,
      status.source,
      status.fileName,
      status.recordCount,
      status.skippedCount,
      status.importedAt,
      status.dataDate,
    );
}

/**
 * Stores OSV advisories (call inside a transaction). With wholeFeed, each distribution the file covers is
 * replaced entirely (a zip is the whole ecosystem); otherwise the records replace only their own ids.
 */
export function writeOsvAdvisories(
  database: Database,
  advisories: readonly OsvAdvisory[],
  options: { wholeFeed: boolean; fileName: string; skippedRanges: number; importedAt: string },
): FeedWrite[] {
  const byFeed = new Map<string, OsvAdvisory[]>();
  for (const advisory of advisories) {
    const list = byFeed.get(advisory.feed) ?? [];
    list.push(advisory);
    byFeed.set(advisory.feed, list);
  }
  const insertAdvisory = database.statement(
    `INSERT INTO advisories (feed, osv_id, modified, summary, cvss_score, cvss_vector, vendor_severity, ids)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (feed, osv_id) DO UPDATE SET modified = excluded.modified, summary = excluded.summary,
       cvss_score = excluded.cvss_score, cvss_vector = excluded.cvss_vector,
       vendor_severity = excluded.vendor_severity, ids = excluded.ids
     RETURNING id`,
  );
  const clearRanges = database.statement('DELETE FROM advisory_ranges WHERE advisory_id = ?');
  const insertRange = database.statement(
    'INSERT INTO advisory_ranges (advisory_id, release, package, introduced, fixed, last_affected) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const writes: FeedWrite[] = [];
  for (const [feed, list] of byFeed) {
    if (options.wholeFeed) {
      database
        .statement(
          'DELETE FROM advisory_ranges WHERE advisory_id IN (SELECT id FROM advisories WHERE feed = ?)',
        )
        .run(feed);
      database.statement('DELETE FROM advisories WHERE feed = ?').run(feed);
    }
    let newest: string | null = null;
    for (const advisory of list) {
      const { id } = insertAdvisory.get(
        feed,
        advisory.id,
        advisory.modified,
        advisory.summary,
        advisory.cvssScore,
        advisory.cvssVector,
        advisory.vendorSeverity,
        JSON.stringify(advisory.ids),
      ) as { id: number };
      if (!options.wholeFeed) clearRanges.run(id);
      for (const range of advisory.ranges) {
        insertRange.run(id, range.release, range.package, range.introduced, range.fixed, range.lastAffected);
      }
      if (advisory.modified !== null && (newest === null || advisory.modified > newest))
        newest = advisory.modified;
    }
    const total = (
      database.statement('SELECT count(*) AS n FROM advisories WHERE feed = ?').get(feed) as { n: number }
    ).n;
    const previous = database.statement('SELECT data_date FROM feed_status WHERE feed = ?').get(feed) as
      { data_date: string | null } | undefined;
    writeStatus(database, {
      feed,
      source: 'osv',
      fileName: options.fileName,
      recordCount: total,
      skippedCount: options.skippedRanges,
      importedAt: options.importedAt,
      // A few single records on top of a full export do not make the whole feed newer or older.
      dataDate: options.wholeFeed
        ? newest
        : ([previous?.data_date ?? null, newest].filter(Boolean).sort().pop() ?? null),
    });
    writes.push({ feed, records: list.length });
  }
  return writes;
}

/** Replaces the KEV catalog (call inside a transaction). */
export function writeKevCatalog(
  database: Database,
  catalog: KevCatalog,
  fileName: string,
  importedAt: string,
): FeedWrite {
  database.statement('DELETE FROM kev').run();
  const insert = database.statement(
    `INSERT OR REPLACE INTO kev (cve, vendor, product, name, date_added, due_date, ransomware) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const entry of catalog.entries) {
    insert.run(
      entry.cve,
      entry.vendor,
      entry.product,
      entry.name,
      entry.dateAdded,
      entry.dueDate,
      entry.ransomware,
    );
  }
  writeStatus(database, {
    feed: 'kev',
    source: 'kev',
    fileName,
    recordCount: catalog.entries.length,
    skippedCount: 0,
    importedAt,
    dataDate: catalog.dateReleased ?? catalog.catalogVersion,
  });
  return { feed: 'kev', records: catalog.entries.length };
}

/** Replaces the EPSS scores (call inside a transaction). */
export function writeEpssScores(
  database: Database,
  scores: EpssScores,
  fileName: string,
  importedAt: string,
): FeedWrite {
  database.statement('DELETE FROM epss').run();
  const insert = database.statement('INSERT OR REPLACE INTO epss (cve, score, percentile) VALUES (?, ?, ?)');
  for (const score of scores.scores) insert.run(score.cve, score.score, score.percentile);
  writeStatus(database, {
    feed: 'epss',
    source: 'epss',
    fileName,
    recordCount: scores.scores.length,
    skippedCount: 0,
    importedAt,
    dataDate: scores.scoreDate,
  });
  return { feed: 'epss', records: scores.scores.length };
}

/** Every imported feed, by name. */
export function listFeedStatus(database: Database): FeedStatus[] {
  const rows = database.statement('SELECT * FROM feed_status ORDER BY feed').all() as {
    feed: string;
    source: FeedStatus['source'];
    file_name: string;
    record_count: number;
    skipped_count: number;
    imported_at: string;
    data_date: string | null;
  }[];
  return rows.map((row) => ({
    feed: row.feed,
    source: row.source,
    fileName: row.file_name,
    recordCount: row.record_count,
    skippedCount: row.skipped_count,
    importedAt: row.imported_at,
    dataDate: row.data_date,
  }));
}

/** An affected range with what its advisory says, as matching reads it. */
export interface StoredRange {
  readonly advisoryId: number;
  readonly release: string;
  readonly package: string;
  readonly introduced: string | null;
  readonly fixed: string | null;
  readonly lastAffected: string | null;
}

/** Every affected range of the given releases. */
export function listRanges(database: Database, releases: readonly string[]): StoredRange[] {
  return database
    .statement(
      `SELECT advisory_id AS advisoryId, release, package, introduced, fixed, last_affected AS lastAffected
       FROM advisory_ranges WHERE release IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(releases)) as StoredRange[];
}

/** An advisory's identity and severity, as priority reads it. */
export interface StoredAdvisory {
  readonly id: number;
  readonly osvId: string;
  readonly ids: readonly string[];
  readonly cvssScore: number | null;
  readonly vendorSeverity: string | null;
}

/** The advisories with these row ids. */
export function listAdvisories(database: Database, ids: readonly number[]): StoredAdvisory[] {
  const rows = database
    .statement(
      `SELECT id, osv_id AS osvId, ids, cvss_score AS cvssScore, vendor_severity AS vendorSeverity
       FROM advisories WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as {
    id: number;
    osvId: string;
    ids: string;
    cvssScore: number | null;
    vendorSeverity: string | null;
  }[];
  return rows.map((row) => ({ ...row, ids: JSON.parse(row.ids) as string[] }));
}

/** KEV entries of these CVEs, by CVE. */
export function findKevEntries(
  database: Database,
  cves: readonly string[],
): Map<string, { dateAdded: string }> {
  const rows = database
    .statement('SELECT cve, date_added AS dateAdded FROM kev WHERE cve IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(cves)) as { cve: string; dateAdded: string }[];
  return new Map(rows.map((row) => [row.cve, { dateAdded: row.dateAdded }]));
}

/** EPSS scores of these CVEs, by CVE. */
export function findEpssScores(database: Database, cves: readonly string[]): Map<string, number> {
  const rows = database
    .statement('SELECT cve, score FROM epss WHERE cve IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(cves)) as { cve: string; score: number }[];
  return new Map(rows.map((row) => [row.cve, row.score]));
}
