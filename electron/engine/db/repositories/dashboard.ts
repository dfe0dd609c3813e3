import type { SlaColour } from '../../../../shared/domain/fleet';
import type { Database } from '../database';

/**
 * When a device's inventory was last read: a failed scan (unreachable, timeout...) also moves last_scan_at, so a
 * device the scheduler tries daily in vain would look fresh. Its last scan is the good one unless it failed; only
 * then are its earlier scans searched, newest first, through scans_by_device.
 */
const lastGoodScan = `CASE WHEN d.last_scan_status = 'ok' THEN d.last_scan_at ELSE (
    SELECT s.finished_at FROM scans s WHERE s.device_id = d.id AND s.status = 'ok' ORDER BY s.id DESC LIMIT 1) END`;

/** Exceptions with what they hold for: a device's target names its client too (device names repeat across clients). */
const exceptionsForReview = `
    SELECT e.id, e.package, e.target_kind AS targetKind, coalesce(d.name, e.tag, c.name) AS target,
           coalesce(dc.name, c.name) AS client, e.expires_at AS expiresAt
    FROM patch_exceptions e LEFT JOIN devices d ON d.id = e.device_id LEFT JOIN clients dc ON dc.id = d.client_id
    LEFT JOIN clients c ON c.id = e.client_id`;

/**
 * The dashboard's widget queries. Each reads small tables (devices, device_compliance, snapshots) or a range of
 * an index on the big ones (patch_status by due date, jobs by status): `dashboard-queries.test.ts` holds their
 * plans, `dashboard-queries.bench.ts` their times with 2,000 devices.
 */
export const dashboardSql = {
  compliance: `
    SELECT d.client_id AS clientId, c.name AS client, count(*) AS devices,
           coalesce(sum(d.last_scan_at IS NOT NULL), 0) AS scanned,
           -- os_json: a scan read the inventory; a device whose every scan failed is not known to be patched
           coalesce(sum(d.os_json IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM available_updates a WHERE a.device_id = d.id)), 0) AS fullyPatched
    FROM devices d JOIN clients c ON c.id = d.client_id
    WHERE d.retired_at IS NULL GROUP BY d.client_id ORDER BY c.name`,
  outstanding: `
    SELECT coalesce(sum(c.red), 0) AS red, coalesce(sum(c.yellow), 0) AS yellow, coalesce(sum(c.green), 0) AS green,
           coalesce(sum(c.unrated), 0) AS unrated, coalesce(sum(c.kev), 0) AS kevPatches,
           coalesce(sum(c.kev > 0), 0) AS kevDevices
    FROM device_compliance c JOIN devices d ON d.id = c.device_id WHERE d.retired_at IS NULL`,
  overdue: `
    SELECT p.colour, count(*) AS overdue FROM patch_status p INDEXED BY patch_status_by_due
    JOIN devices d ON d.id = p.device_id
    WHERE p.due_at < ? AND p.colour IS NOT NULL AND d.retired_at IS NULL GROUP BY p.colour`,
  nextDue: `
    SELECT min(p.due_at) FROM patch_status p INDEXED BY patch_status_by_colour WHERE p.colour = ? AND p.due_at >= ?`,
  dueSoon: `
    SELECT p.device_id AS deviceId, d.name AS device, c.name AS client, p.name AS package, p.manager, p.arch,
           p.colour, p.kev, p.due_at AS dueAt
    FROM patch_status p INDEXED BY patch_status_by_due
    JOIN devices d ON d.id = p.device_id JOIN clients c ON c.id = d.client_id
    WHERE p.due_at >= ? AND p.colour IS NOT NULL AND d.retired_at IS NULL ORDER BY p.due_at LIMIT ?`,
  failedJobCount: `SELECT count(*) FROM jobs WHERE status = 'failed' AND finished_at >= ?`,
  recentFailedJobs: `
    SELECT j.id AS jobId, j.finished_at AS finishedAt, j.error,
           (SELECT count(*) FROM job_devices jd WHERE jd.job_id = j.id AND jd.status = 'failed') AS failedDevices
    FROM jobs j WHERE j.status = 'failed' ORDER BY j.id DESC LIMIT ?`,
  scanFreshness: `
    SELECT coalesce(sum(lastGoodScan IS NULL), 0) AS neverScanned,
           coalesce(sum(lastGoodScan < ?), 0) AS stale,
           coalesce(sum(lastGoodScan < ?), 0) AS olderThan30Days
    FROM (SELECT ${lastGoodScan} AS lastGoodScan FROM devices d WHERE d.retired_at IS NULL)`,
  stalest: `
    SELECT * FROM (
      SELECT d.id AS deviceId, d.name AS device, c.name AS client, ${lastGoodScan} AS lastScanAt
      FROM devices d JOIN clients c ON c.id = d.client_id WHERE d.retired_at IS NULL)
    WHERE lastScanAt IS NULL OR lastScanAt < ?
    ORDER BY lastScanAt, device, client LIMIT ?`,
  systems: `SELECT os_json AS osJson, count(*) AS devices FROM devices
    WHERE retired_at IS NULL AND os_json IS NOT NULL GROUP BY os_json`,
  expiredExceptions: `${exceptionsForReview}
    -- At its expiry instant an exception stops holding (exceptionExpired): from then on it waits for review.
    WHERE e.expires_at <= ? ORDER BY e.expires_at DESC LIMIT ?`,
  expiringExceptions: `${exceptionsForReview}
    WHERE e.expires_at > ? AND e.expires_at <= ? ORDER BY e.expires_at LIMIT ?`,
  trend: `
    SELECT day, sum(devices) AS devices, sum(fully_patched) AS fullyPatched, sum(overdue) AS overdue
    FROM compliance_snapshots WHERE day >= ? GROUP BY day ORDER BY day`,
} as const;

export interface ClientCompliance {
  readonly clientId: number;
  readonly client: string;
  readonly devices: number;
  readonly scanned: number;
  readonly fullyPatched: number;
}

export function readCompliance(database: Database): ClientCompliance[] {
  return database.statement(dashboardSql.compliance).all() as ClientCompliance[];
}

export function readOutstanding(database: Database) {
  return database.statement(dashboardSql.outstanding).get() as {
    red: number;
    yellow: number;
    green: number;
    unrated: number;
    kevPatches: number;
    kevDevices: number;
  };
}

export function readOverdue(database: Database, now: string): Map<SlaColour, number> {
  const rows = database.statement(dashboardSql.overdue).all(now) as { colour: SlaColour; overdue: number }[];
  return new Map(rows.map((row) => [row.colour, row.overdue]));
}

export function readNextDue(database: Database, colour: SlaColour, now: string): string | null {
  return (
    (database.statement(dashboardSql.nextDue).pluck().get(colour, now) as string | null | undefined) ?? null
  );
}

export function readDueSoon(database: Database, now: string, limit: number) {
  return (
    database.statement(dashboardSql.dueSoon).all(now, limit) as {
      deviceId: number;
      device: string;
      client: string;
      package: string;
      manager: string;
      arch: string;
      colour: SlaColour;
      kev: number;
      dueAt: string;
    }[]
  ).map((row) => ({ ...row, kev: row.kev === 1 }));
}

export function readFailedJobs(database: Database, since: string, limit: number) {
  return {
    lastSevenDays: database.statement(dashboardSql.failedJobCount).pluck().get(since) as number,
    recent: database.statement(dashboardSql.recentFailedJobs).all(limit) as {
      jobId: number;
      finishedAt: string | null;
      error: string | null;
      failedDevices: number;
    }[],
  };
}

/** Devices by their last good scan: counts never scanned, older than `staleBefore`, older than 30 days; the stalest. */
export function readScanFreshness(
  database: Database,
  staleBefore: string,
  thirtyDaysAgo: string,
  limit: number,
) {
  const counts = database.statement(dashboardSql.scanFreshness).get(staleBefore, thirtyDaysAgo) as {
    neverScanned: number;
    stale: number;
    olderThan30Days: number;
  };
  const stalest = database.statement(dashboardSql.stalest).all(staleBefore, limit) as {
    deviceId: number;
    device: string;
    client: string;
    lastScanAt: string | null;
  }[];
  return { ...counts, stalest };
}

export function readSystems(database: Database): { osJson: string; devices: number }[] {
  return database.statement(dashboardSql.systems).all() as { osJson: string; devices: number }[];
}

export interface ExceptionForReviewRow {
  readonly id: number;
  readonly package: string;
  readonly targetKind: 'device' | 'tag' | 'client';
  readonly target: string | null;
  /** The device's client, or the client the exception is for; null for a tag. */
  readonly client: string | null;
  readonly expiresAt: string;
}

export function readExpiredExceptions(database: Database, now: string, limit: number) {
  return database.statement(dashboardSql.expiredExceptions).all(now, limit) as ExceptionForReviewRow[];
}

/** Exceptions still holding at `now` that expire by `until`, soonest first. */
export function readExpiringExceptions(database: Database, now: string, until: string, limit: number) {
  return database
    .statement(dashboardSql.expiringExceptions)
    .all(now, until, limit) as ExceptionForReviewRow[];
}

export function readTrend(database: Database, fromDay: string) {
  return database.statement(dashboardSql.trend).all(fromDay) as {
    day: string;
    devices: number;
    fullyPatched: number;
    overdue: number;
  }[];
}
