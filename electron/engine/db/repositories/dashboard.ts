import type { SlaColour } from '../../../../shared/domain/fleet';
import type { Database } from '../database';

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
    SELECT d.name AS device, c.name AS client, p.name AS package, p.colour, p.kev, p.due_at AS dueAt
    FROM patch_status p INDEXED BY patch_status_by_due
    JOIN devices d ON d.id = p.device_id JOIN clients c ON c.id = d.client_id
    WHERE p.due_at >= ? AND p.colour IS NOT NULL AND d.retired_at IS NULL ORDER BY p.due_at LIMIT ?`,
  failedJobCount: `SELECT count(*) FROM jobs WHERE status = 'failed' AND finished_at >= ?`,
  recentFailedJobs: `
    SELECT j.id AS jobId, j.finished_at AS finishedAt, j.error,
           (SELECT count(*) FROM job_devices jd WHERE jd.job_id = j.id AND jd.status = 'failed') AS failedDevices
    FROM jobs j WHERE j.status = 'failed' ORDER BY j.id DESC LIMIT ?`,
  scanFreshness: `
    SELECT coalesce(sum(last_scan_at IS NULL), 0) AS neverScanned,
           coalesce(sum(last_scan_at < ?), 0) AS olderThan7Days,
           coalesce(sum(last_scan_at < ?), 0) AS olderThan30Days
    FROM devices WHERE retired_at IS NULL`,
  stalest: `
    SELECT d.name AS device, c.name AS client, d.last_scan_at AS lastScanAt
    FROM devices d INDEXED BY devices_by_last_scan JOIN clients c ON c.id = d.client_id
    WHERE d.retired_at IS NULL AND (d.last_scan_at IS NULL OR d.last_scan_at < ?)
    ORDER BY d.last_scan_at LIMIT ?`,
  systems: `SELECT os_json AS osJson, count(*) AS devices FROM devices
    WHERE retired_at IS NULL AND os_json IS NOT NULL GROUP BY os_json`,
  expiredExceptions: `
    SELECT e.id, e.package, e.target_kind AS targetKind, coalesce(d.name, e.tag, c.name) AS target,
           e.expires_at AS expiresAt
    FROM patch_exceptions e LEFT JOIN devices d ON d.id = e.device_id LEFT JOIN clients c ON c.id = e.client_id
    WHERE e.expires_at < ? ORDER BY e.expires_at DESC LIMIT ?`,
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
      device: string;
      client: string;
      package: string;
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

export function readScanFreshness(
  database: Database,
  sevenDaysAgo: string,
  thirtyDaysAgo: string,
  limit: number,
) {
  const counts = database.statement(dashboardSql.scanFreshness).get(sevenDaysAgo, thirtyDaysAgo) as {
    neverScanned: number;
    olderThan7Days: number;
    olderThan30Days: number;
  };
  const stalest = database.statement(dashboardSql.stalest).all(sevenDaysAgo, limit) as {
    device: string;
    client: string;
    lastScanAt: string | null;
  }[];
  return { ...counts, stalest };
}

export function readSystems(database: Database): { osJson: string; devices: number }[] {
  return database.statement(dashboardSql.systems).all() as { osJson: string; devices: number }[];
}

export function readExpiredExceptions(database: Database, now: string, limit: number) {
  return database.statement(dashboardSql.expiredExceptions).all(now, limit) as {
    id: number;
    package: string;
    targetKind: string;
    target: string | null;
    expiresAt: string;
  }[];
}

export function readTrend(database: Database, fromDay: string) {
  return database.statement(dashboardSql.trend).all(fromDay) as {
    day: string;
    devices: number;
    fullyPatched: number;
    overdue: number;
  }[];
}
