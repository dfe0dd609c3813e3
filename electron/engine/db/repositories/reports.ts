import type { SlaColour } from '../../../../shared/domain/fleet';
import type { Database } from '../database';

/** One missing update's computed priority, as the vulnerability work found it. */
export interface PatchStatusRow {
  readonly deviceId: number;
  readonly clientId: number;
  readonly manager: string;
  readonly name: string;
  readonly arch: string | null;
  readonly colour: SlaColour | null;
  readonly kev: boolean;
  readonly dueAt: string | null;
}

/**
 * Replace the stored priorities of these devices (call inside one transaction) with the given rows, and their
 * per-device summaries. Devices without rows are stored as having nothing outstanding.
 */
export function replacePatchStatus(
  database: Database,
  devices: readonly { id: number; clientId: number }[],
  rows: readonly PatchStatusRow[],
  refreshedAt: string,
): void {
  const ids = JSON.stringify(devices.map((device) => device.id));
  database.statement('DELETE FROM patch_status WHERE device_id IN (SELECT value FROM json_each(?))').run(ids);
  database
    .statement('DELETE FROM device_compliance WHERE device_id IN (SELECT value FROM json_each(?))')
    .run(ids);
  const insert = database.statement(
    `INSERT OR REPLACE INTO patch_status (device_id, manager, name, arch, client_id, colour, kev, due_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const summaries = new Map(
    devices.map((device) => [
      device.id,
      {
        clientId: device.clientId,
        red: 0,
        yellow: 0,
        green: 0,
        unrated: 0,
        kev: 0,
        next: null as string | null,
      },
    ]),
  );
  for (const row of rows) {
    insert.run(
      row.deviceId,
      row.manager,
      row.name,
      row.arch ?? '',
      row.clientId,
      row.colour,
      row.kev ? 1 : 0,
      row.dueAt,
    );
    const summary = summaries.get(row.deviceId);
    if (!summary) continue;
    if (row.colour === null) summary.unrated += 1;
    else summary[row.colour] += 1;
    if (row.kev) summary.kev += 1;
    if (row.dueAt !== null && (summary.next === null || row.dueAt < summary.next)) summary.next = row.dueAt;
  }
  const summarise = database.statement(
    `INSERT INTO device_compliance (device_id, client_id, red, yellow, green, unrated, kev, next_due_at, refreshed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [deviceId, s] of summaries) {
    summarise.run(deviceId, s.clientId, s.red, s.yellow, s.green, s.unrated, s.kev, s.next, refreshedAt);
  }
}

/** One client's compliance on one day, for the trend charts. */
export interface ComplianceSnapshot {
  readonly clientId: number;
  readonly day: string;
  readonly devices: number;
  readonly fullyPatched: number;
  readonly red: number;
  readonly yellow: number;
  readonly green: number;
  readonly overdue: number;
  readonly kev: number;
}

/** Measure one client now, from the stored priorities and the current inventory. */
export function measureClient(
  database: Database,
  clientId: number,
  now: string,
): Omit<ComplianceSnapshot, 'day'> {
  const devices = database
    .statement(
      `SELECT count(*) AS devices,
              -- os_json: a scan read the inventory; a device whose every scan failed is not known to be patched
              coalesce(sum(d.os_json IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM available_updates a WHERE a.device_id = d.id)), 0) AS fullyPatched
       FROM devices d WHERE d.client_id = ? AND d.retired_at IS NULL`,
    )
    .get(clientId) as { devices: number; fullyPatched: number };
  const colours = database
    .statement(
      `SELECT coalesce(sum(c.red), 0) AS red, coalesce(sum(c.yellow), 0) AS yellow,
              coalesce(sum(c.green), 0) AS green, coalesce(sum(c.kev), 0) AS kev
       FROM device_compliance c JOIN devices d ON d.id = c.device_id
       WHERE c.client_id = ? AND d.retired_at IS NULL`,
    )
    .get(clientId) as { red: number; yellow: number; green: number; kev: number };
  const overdue = database
    .statement(
      `SELECT count(*) FROM patch_status p INDEXED BY patch_status_by_client
       WHERE p.client_id = ? AND p.colour IN ('red', 'yellow', 'green') AND p.due_at < ?`,
    )
    .pluck()
    .get(clientId, now) as number;
  return { clientId, ...devices, ...colours, overdue };
}

/** Store (or replace: the day's latest measurement wins) one snapshot per client for a day. */
export function upsertSnapshot(database: Database, snapshot: ComplianceSnapshot, recordedAt: string): void {
  database
    .statement(
      `INSERT INTO compliance_snapshots (client_id, day, devices, fully_patched, red, yellow, green, overdue, kev,
         recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (client_id, day) DO UPDATE SET devices = excluded.devices,
         fully_patched = excluded.fully_patched, red = excluded.red, yellow = excluded.yellow,
         green = excluded.green, overdue = excluded.overdue, kev = excluded.kev, recorded_at = excluded.recorded_at`,
    )
    .run(
      snapshot.clientId,
      snapshot.day,
      snapshot.devices,
      snapshot.fullyPatched,
      snapshot.red,
      snapshot.yellow,
      snapshot.green,
      snapshot.overdue,
      snapshot.kev,
      recordedAt,
    );
}

/** A client's snapshots from one day to another (inclusive), oldest first. */
export function listSnapshots(
  database: Database,
  clientId: number,
  from: string,
  to: string,
): ComplianceSnapshot[] {
  return database
    .statement(
      `SELECT client_id AS clientId, day, devices, fully_patched AS fullyPatched, red, yellow, green, overdue, kev
       FROM compliance_snapshots WHERE client_id = ? AND day BETWEEN ? AND ? ORDER BY day`,
    )
    .all(clientId, from, to) as ComplianceSnapshot[];
}

/** A setting's stored JSON text, or null. */
export function readSetting(database: Database, key: string): string | null {
  return (
    (database.statement('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ??
    null
  );
}

export function writeSetting(database: Database, key: string, value: string): void {
  database
    .statement(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(key, value);
}

/** A device of the report, with its latest scan and stored priorities. */
export interface ReportDeviceRow {
  readonly id: number;
  readonly name: string;
  readonly platform: string | null;
  readonly osJson: string | null;
  readonly lastScanAt: string | null;
  readonly lastScanStatus: string | null;
  readonly rebootRequired: number | null;
  readonly updates: number;
  readonly red: number;
  readonly yellow: number;
  readonly green: number;
  readonly unrated: number;
  readonly kev: number;
}

/** The client's active devices by name, each with its outstanding counts. */
export function listReportDevices(database: Database, clientId: number): ReportDeviceRow[] {
  return database
    .statement(
      `SELECT d.id, d.name, d.platform, d.os_json AS osJson, d.last_scan_at AS lastScanAt,
              d.last_scan_status AS lastScanStatus, d.reboot_required AS rebootRequired,
              (SELECT count(*) FROM available_updates a WHERE a.device_id = d.id) AS updates,
              coalesce(c.red, 0) AS red, coalesce(c.yellow, 0) AS yellow, coalesce(c.green, 0) AS green,
              coalesce(c.unrated, 0) AS unrated, coalesce(c.kev, 0) AS kev
       FROM devices d LEFT JOIN device_compliance c ON c.device_id = d.id
       WHERE d.client_id = ? AND d.retired_at IS NULL ORDER BY d.name`,
    )
    .all(clientId) as ReportDeviceRow[];
}

/** A missing update of the client with its stored priority. */
export interface ReportPatchRow {
  readonly deviceId: number;
  readonly device: string;
  readonly name: string;
  readonly installedVersion: string | null;
  readonly availableVersion: string;
  readonly classification: string;
  readonly security: number;
  readonly cves: string;
  readonly colour: SlaColour | null;
  readonly kev: number | null;
  readonly dueAt: string | null;
  readonly firstSeenAt: string;
}

/** Every missing update on the client's active devices, most urgent first. */
export function listReportPatches(database: Database, clientId: number): ReportPatchRow[] {
  return database
    .statement(
      `SELECT a.device_id AS deviceId, d.name AS device, a.name, a.installed_version AS installedVersion,
              a.available_version AS availableVersion, a.classification, a.security, a.cves, p.colour, p.kev,
              p.due_at AS dueAt, a.first_seen_at AS firstSeenAt
       FROM devices d JOIN available_updates a ON a.device_id = d.id
       LEFT JOIN patch_status p ON p.device_id = a.device_id AND p.manager = a.manager AND p.name = a.name
         AND p.arch = a.arch
       WHERE d.client_id = ? AND d.retired_at IS NULL
       ORDER BY p.due_at IS NULL, p.due_at, d.name, a.name`,
    )
    .all(clientId) as ReportPatchRow[];
}

/** A package version change found by a scan of one of the client's devices in the period. */
export interface ReportChangeRow {
  readonly at: string;
  readonly device: string;
  readonly manager: string;
  readonly name: string;
  readonly fromVersion: string | null;
  readonly toVersion: string | null;
}

/** Package changes the client's scans found between two instants (from inclusive, to exclusive). */
export function listPeriodChanges(
  database: Database,
  clientId: number,
  from: string,
  to: string,
): ReportChangeRow[] {
  return database
    .statement(
      `SELECT s.finished_at AS at, d.name AS device, c.manager, c.name, c.from_version AS fromVersion,
              c.to_version AS toVersion
       FROM scans s JOIN devices d ON d.id = s.device_id JOIN package_changes c ON c.scan_id = s.id
       WHERE s.finished_at >= ? AND s.finished_at < ? AND d.client_id = ?
       ORDER BY s.finished_at, d.name, c.name`,
    )
    .all(from, to, clientId) as ReportChangeRow[];
}

/** An audit entry of the period, with what it recorded (JSON text). */
export interface ReportAuditRow {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectName: string | null;
  readonly details: string;
}

const AUDIT_COLUMNS = `l.id, l.at, l.actor, l.action, l.subject_type AS subjectType, l.subject_name AS subjectName,
  l.details`;

/**
 * The devices that were the client's: its devices now, retired ones included, and those the period's entries name
 * that were removed since. A device never moves to another client and its id is never given again, so the client
 * its `device.added` entry records is its client for every entry. Only removed devices are looked up in the log,
 * each through the subject index.
 */
const CLIENT_DEVICES = `
  client_devices(id) AS (
    SELECT id FROM devices WHERE client_id = @client
    UNION ALL
    -- By time: the subject index would read every device's entries of all time.
    SELECT removed.id FROM (
      SELECT l.subject_id AS id FROM audit_log l INDEXED BY audit_log_by_at
      WHERE l.at >= @from AND l.at < @to AND l.subject_type = 'device'
      UNION
      SELECT l.details ->> '$.target.deviceId' FROM audit_log l INDEXED BY audit_log_by_at
      WHERE l.at >= @from AND l.at < @to AND l.subject_type = 'exception' AND l.details ->> '$.target.kind' = 'device'
    ) removed
    WHERE removed.id NOT IN (SELECT id FROM devices) AND (
      SELECT added.details ->> '$.clientId' FROM audit_log added
      WHERE added.subject_type = 'device' AND added.subject_id = removed.id AND added.action = 'device.added') = @client)`;

/** The client a policy entry records the policy on (after a change, where it went), or null if it records none. */
const PLACED = `coalesce(l.details ->> '$.after.clientId', l.details ->> '$.clientId')`;

/**
 * The period's policy entries that are the client's: each belongs to the client the policy served when it was
 * written, as the policy's own entries record it (added, changed, removed), and a move to another client to both.
 * An entry that records no client (a scheduled run's claim, a removed device taken out of the scope) takes it from
 * the policy's last entry before it that does: one in the period, or else, once per policy, the last one before the
 * period, found backwards through the subject index. The current policies table is not asked: a policy moved or
 * removed since must not take its past entries with it.
 */
const CLIENT_POLICY_ENTRIES = `
  policy_entries(id, policy, placed, left_client, placed_by) AS (
    SELECT l.id, l.subject_id, ${PLACED}, l.details ->> '$.before.clientId',
      max(CASE WHEN ${PLACED} IS NOT NULL THEN l.id END) OVER (PARTITION BY l.subject_id ORDER BY l.id)
    FROM audit_log l INDEXED BY audit_log_by_at
    WHERE l.at >= @from AND l.at < @to AND l.subject_type = 'policy'),
  placed_before(policy, placed) AS (
    SELECT first.policy, (
      SELECT ${PLACED} FROM audit_log l
      WHERE l.subject_type = 'policy' AND l.subject_id = first.policy AND l.id < first.id AND ${PLACED} IS NOT NULL
      ORDER BY l.id DESC LIMIT 1)
    FROM (SELECT policy, min(id) AS id FROM policy_entries WHERE placed_by IS NULL GROUP BY policy) first),
  client_policy_entries(id) AS (
    SELECT e.id FROM policy_entries e
    LEFT JOIN policy_entries placement ON placement.id = e.placed_by
    LEFT JOIN placed_before b ON e.placed_by IS NULL AND b.policy = e.policy
    WHERE coalesce(placement.placed, b.placed) = @client OR e.left_client = @client)`;

/** `listPeriodAudit`'s query, exported for its plan test. */
export const periodAuditSql = `
  WITH ${CLIENT_DEVICES}, ${CLIENT_POLICY_ENTRIES}
  SELECT ${AUDIT_COLUMNS}
  FROM audit_log l
  WHERE l.at >= @from AND l.at < @to AND (
    (l.subject_type = 'client' AND l.subject_id = @client)
    OR (l.subject_type = 'device' AND l.subject_id IN client_devices)
    -- By id: the list holds only policy entries, and a test of subject_type would read those of all time.
    OR l.id IN client_policy_entries
    OR (l.subject_type = 'exception' AND (
      (l.details ->> '$.target.kind' = 'client' AND l.details ->> '$.target.clientId' = @client)
      OR (l.details ->> '$.target.kind' = 'device' AND l.details ->> '$.target.deviceId' IN client_devices))))
  ORDER BY l.id`;

/**
 * Audit entries about the client, one of its devices (removed ones included) or one of its policies (as they were
 * then), and exceptions that hold a package back on the client or one of its devices (from, inclusive, to to,
 * exclusive). No id of a client, device or policy is ever given twice, so an id names one subject for all time.
 */
export function listPeriodAudit(
  database: Database,
  clientId: number,
  from: string,
  to: string,
): ReportAuditRow[] {
  return database.statement(periodAuditSql).all({ client: clientId, from, to }) as ReportAuditRow[];
}

/**
 * The period's fleet-wide decisions that may concern the client: approvals, deferrals, exclusions and withdrawals
 * (by package or KB), and exceptions on a tag one of the client's devices carries. Whether the packages they name
 * concern the client is `listClientPackages`'s to say.
 */
export function listPeriodDecisions(
  database: Database,
  clientId: number,
  from: string,
  to: string,
): ReportAuditRow[] {
  return database
    .statement(
      `SELECT ${AUDIT_COLUMNS}
       FROM audit_log l
       WHERE l.at >= ? AND l.at < ? AND (l.subject_type = 'approval'
         OR (l.subject_type = 'exception' AND l.details ->> '$.target.kind' = 'tag' AND EXISTS (
           SELECT 1 FROM device_tags t JOIN devices d ON d.id = t.device_id
           WHERE t.tag = l.details ->> '$.target.tag' AND d.client_id = ?)))
       ORDER BY l.id`,
    )
    .all(from, to, clientId) as ReportAuditRow[];
}

// Each part walks from the client's devices or from the names, never through the whole fleet's inventory.
export const clientPackagesSql = `
  WITH wanted(name) AS (SELECT DISTINCT lower(value) FROM json_each(@names))
  SELECT lower(a.name) AS name FROM devices d JOIN available_updates a ON a.device_id = d.id
    WHERE d.client_id = @client AND lower(a.name) IN wanted
  UNION
  SELECT lower(x.value) FROM devices d JOIN available_updates a ON a.device_id = d.id, json_each(a.advisory_ids) x
    WHERE d.client_id = @client AND a.advisory_ids <> '[]' AND lower(x.value) IN wanted
  UNION
  SELECT lower(c.name) FROM scans s JOIN devices d ON d.id = s.device_id JOIN package_changes c ON c.scan_id = s.id
    WHERE s.finished_at >= @from AND s.finished_at < @to AND d.client_id = @client AND lower(c.name) IN wanted
  UNION
  SELECT w.name FROM wanted w WHERE EXISTS (
    SELECT 1 FROM package_builds b CROSS JOIN devices d CROSS JOIN installed_packages i
    WHERE b.name = w.name COLLATE NOCASE AND d.client_id = @client AND i.device_id = d.id AND i.build_id = b.id)`;

/**
 * Which of these packages or KBs concern the client, in lower case: offered as an update to one of its devices now
 * (by name or advisory id), changed on one of them by a scan of the period, or installed on one of them now.
 */
export function listClientPackages(
  database: Database,
  clientId: number,
  names: readonly string[],
  from: string,
  to: string,
): Set<string> {
  if (names.length === 0) return new Set();
  return new Set(
    database
      .statement(clientPackagesSql)
      .pluck()
      .all({ names: JSON.stringify(names), client: clientId, from, to }) as string[],
  );
}

/** A device of a deploy or rollback job that failed in the period. */
export interface ReportFailureRow {
  readonly jobId: number;
  readonly device: string;
  readonly finishedAt: string | null;
  readonly packages: string;
  readonly error: string | null;
}

export function listPeriodFailures(
  database: Database,
  clientId: number,
  from: string,
  to: string,
): ReportFailureRow[] {
  return database
    .statement(
      `SELECT j.id AS jobId, d.name AS device, coalesce(jd.finished_at, j.finished_at) AS finishedAt,
              jd.packages, coalesce(jd.error, j.error) AS error
       FROM jobs j JOIN job_devices jd ON jd.job_id = j.id JOIN devices d ON d.id = jd.device_id
       WHERE j.created_at >= ? AND j.created_at < ? AND d.client_id = ? AND jd.status = 'failed'
       ORDER BY j.id, d.name`,
    )
    .all(from, to, clientId) as ReportFailureRow[];
}

/** How an automation profile's runs went in the period, counted per device. */
export interface ReportProfileRow {
  readonly policy: string;
  readonly runs: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly other: number;
}

export function listProfileOutcomes(
  database: Database,
  clientId: number,
  from: string,
  to: string,
): ReportProfileRow[] {
  return database
    .statement(
      `SELECT p.name AS policy, count(DISTINCT r.occurrence_key) AS runs,
              coalesce(sum(jd.status = 'succeeded'), 0) AS succeeded, coalesce(sum(jd.status = 'failed'), 0) AS failed,
              coalesce(sum(jd.status NOT IN ('succeeded', 'failed')), 0) AS other
       FROM policies p JOIN policy_runs r ON r.policy_id = p.id
       LEFT JOIN job_devices jd ON jd.job_id = r.job_id
       WHERE p.client_id = ? AND r.window_start >= ? AND r.window_start < ?
       GROUP BY p.id ORDER BY p.name`,
    )
    .all(clientId, from, to) as ReportProfileRow[];
}

const STALE_DEVICES = `
  FROM devices d LEFT JOIN device_compliance c ON c.device_id = d.id
  WHERE d.retired_at IS NULL AND (c.device_id IS NULL
    OR c.refreshed_at <= coalesce(d.last_scan_at, '')
    OR c.refreshed_at <= coalesce((SELECT max(imported_at) FROM feed_status), ''))`;

/**
 * Whether the stored priorities of a client's devices are older than what they were computed from: a device
 * never summarised, scanned since, or a feed imported since. Equal timestamps count as stale: within one
 * millisecond the order of a scan and a refresh is unknown, and refreshing twice is only a little work.
 */
export function priorityIsStale(database: Database, clientId: number): boolean {
  return (
    database
      .statement(`SELECT EXISTS (SELECT 1 ${STALE_DEVICES} AND d.client_id = ?)`)
      .pluck()
      .get(clientId) === 1
  );
}

/** The clients with at least one device whose stored priorities are stale (see priorityIsStale). */
export function listClientsWithStalePriorities(database: Database): number[] {
  return database.statement(`SELECT DISTINCT d.client_id ${STALE_DEVICES}`).pluck().all() as number[];
}
