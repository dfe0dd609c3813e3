import type {
  ApprovalDecision,
  ApprovalDecisionKind,
  ExceptionTarget,
  NewPolicy,
} from '../../../../shared/domain/policies';
import type {
  PackageManager,
  PlatformFamily,
  UpdateClassification,
} from '../../../../shared/domain/inventory';
import type { Database } from '../database';
import { unusedIdSql } from './unused-id';

/** A policy row as stored: the settings JSON is parsed (and zod-checked) by the policy service. */
export interface PolicyRow {
  readonly id: number;
  readonly name: string;
  readonly clientId: number;
  readonly clientName: string;
  readonly clientTimeZone: string;
  readonly timeZone: string | null;
  readonly settings: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface RawPolicyRow {
  id: number;
  name: string;
  client_id: number;
  client_name: string;
  client_time_zone: string;
  time_zone: string | null;
  settings: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

const SELECT_POLICIES = `SELECT p.*, c.name AS client_name, c.time_zone AS client_time_zone
  FROM policies p JOIN clients c ON c.id = p.client_id`;

function toPolicyRow(row: RawPolicyRow): PolicyRow {
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    clientName: row.client_name,
    clientTimeZone: row.client_time_zone,
    timeZone: row.time_zone,
    settings: row.settings,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The settings a policy keeps as JSON: everything but its name, client, zone and enabled flag. */
export type PolicySettings = Omit<NewPolicy, 'name' | 'clientId' | 'timeZone' | 'enabled'>;

export function listPolicyRows(database: Database): PolicyRow[] {
  return (database.statement(`${SELECT_POLICIES} ORDER BY c.name, p.name`).all() as RawPolicyRow[]).map(
    toPolicyRow,
  );
}

export function findPolicyRowById(database: Database, id: number): PolicyRow | null {
  const row = database.statement(`${SELECT_POLICIES} WHERE p.id = ?`).get(id) as RawPolicyRow | undefined;
  return row ? toPolicyRow(row) : null;
}

export function findPolicyRowByName(database: Database, name: string): PolicyRow | null {
  const row = database.statement(`${SELECT_POLICIES} WHERE p.name = ?`).get(name) as RawPolicyRow | undefined;
  return row ? toPolicyRow(row) : null;
}

export interface PolicyRowValues {
  readonly name: string;
  readonly clientId: number;
  readonly timeZone: string | null;
  readonly settings: PolicySettings;
  readonly enabled: boolean;
}

/** A new policy's id is one no policy ever had (see `unusedIdSql`). */
export function insertPolicy(database: Database, values: PolicyRowValues, at: string): number {
  const result = database
    .statement(
      `INSERT INTO policies (id, name, client_id, time_zone, settings, enabled, created_at, updated_at)
       VALUES (${unusedIdSql('policies')}, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      values.name,
      values.clientId,
      values.timeZone,
      JSON.stringify(values.settings),
      values.enabled ? 1 : 0,
      at,
      at,
    );
  return Number(result.lastInsertRowid);
}

export function updatePolicyRow(database: Database, id: number, values: PolicyRowValues, at: string): void {
  database
    .statement(
      `UPDATE policies SET name = ?, client_id = ?, time_zone = ?, settings = ?, enabled = ?, updated_at = ? WHERE id = ?`,
    )
    .run(
      values.name,
      values.clientId,
      values.timeZone,
      JSON.stringify(values.settings),
      values.enabled ? 1 : 0,
      at,
      id,
    );
}

export function deletePolicyRow(database: Database, id: number): void {
  database.statement('DELETE FROM policies WHERE id = ?').run(id);
}

interface RawDecisionRow {
  package: string;
  decision: string;
  until: string | null;
  note: string;
  decided_at: string;
  actor: string;
}

export function listApprovalDecisions(database: Database): ApprovalDecision[] {
  return (
    database.statement('SELECT * FROM approval_decisions ORDER BY package').all() as RawDecisionRow[]
  ).map((row) => ({
    package: row.package,
    decision: row.decision as ApprovalDecisionKind,
    until: row.until,
    note: row.note,
    decidedAt: row.decided_at,
    actor: row.actor,
  }));
}

/** One decision per package: a new decision replaces the previous one. */
export function upsertApprovalDecision(database: Database, decision: ApprovalDecision): void {
  database
    .statement(
      `INSERT INTO approval_decisions (package, decision, until, note, decided_at, actor) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (package) DO UPDATE SET decision = excluded.decision, until = excluded.until,
         note = excluded.note, decided_at = excluded.decided_at, actor = excluded.actor`,
    )
    .run(
      decision.package,
      decision.decision,
      decision.until,
      decision.note,
      decision.decidedAt,
      decision.actor,
    );
}

export function deleteApprovalDecision(database: Database, packageName: string): boolean {
  return database.statement('DELETE FROM approval_decisions WHERE package = ?').run(packageName).changes > 0;
}

export interface ExceptionRow {
  readonly id: number;
  readonly package: string;
  readonly target: ExceptionTarget;
  readonly targetName: string;
  readonly reason: string;
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly actor: string;
}

interface RawExceptionRow {
  id: number;
  package: string;
  target_kind: 'device' | 'tag' | 'client';
  device_id: number | null;
  tag: string | null;
  client_id: number | null;
  device_name: string | null;
  client_name: string | null;
  reason: string;
  expires_at: string;
  created_at: string;
  actor: string;
}

function toTarget(row: RawExceptionRow): { target: ExceptionTarget; targetName: string } {
  if (row.target_kind === 'device')
    return { target: { kind: 'device', deviceId: row.device_id ?? 0 }, targetName: row.device_name ?? '' };
  if (row.target_kind === 'tag')
    return { target: { kind: 'tag', tag: row.tag ?? '' }, targetName: row.tag ?? '' };
  return { target: { kind: 'client', clientId: row.client_id ?? 0 }, targetName: row.client_name ?? '' };
}

export function listExceptionRows(database: Database): ExceptionRow[] {
  const rows = database
    .statement(
      `SELECT e.*, d.name AS device_name, coalesce(c.name, dc.name) AS client_name
       FROM patch_exceptions e
       LEFT JOIN devices d ON d.id = e.device_id
       LEFT JOIN clients dc ON dc.id = d.client_id
       LEFT JOIN clients c ON c.id = e.client_id
       ORDER BY e.expires_at, e.id`,
    )
    .all() as RawExceptionRow[];
  return rows.map((row) => ({
    id: row.id,
    package: row.package,
    ...toTarget(row),
    reason: row.reason,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    actor: row.actor,
  }));
}

export interface ExceptionValues {
  readonly package: string;
  readonly target: ExceptionTarget;
  readonly reason: string;
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly actor: string;
}

export function insertException(database: Database, values: ExceptionValues): number {
  const { target } = values;
  const result = database
    .statement(
      `INSERT INTO patch_exceptions (package, target_kind, device_id, tag, client_id, reason, expires_at, created_at, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      values.package,
      target.kind,
      target.kind === 'device' ? target.deviceId : null,
      target.kind === 'tag' ? target.tag : null,
      target.kind === 'client' ? target.clientId : null,
      values.reason,
      values.expiresAt,
      values.createdAt,
      values.actor,
    );
  return Number(result.lastInsertRowid);
}

export function deleteException(database: Database, id: number): boolean {
  return database.statement('DELETE FROM patch_exceptions WHERE id = ?').run(id).changes > 0;
}

export interface PolicyRunClaim {
  readonly policyId: number;
  readonly occurrenceKey: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly claimedBy: string;
  readonly claimedAt: string;
  readonly deviceIds: readonly number[];
}

/**
 * Claim a window occurrence for a policy. True when this caller's row went in; false when another scheduler (in
 * this process or another) claimed it first. The primary key decides, inside SQLite's write lock.
 */
export function claimPolicyRun(database: Database, claim: PolicyRunClaim): boolean {
  return (
    database
      .statement(
        `INSERT INTO policy_runs (policy_id, occurrence_key, window_start, window_end, status, claimed_by, claimed_at, devices)
         VALUES (?, ?, ?, ?, 'starting', ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        claim.policyId,
        claim.occurrenceKey,
        claim.windowStart,
        claim.windowEnd,
        claim.claimedBy,
        claim.claimedAt,
        JSON.stringify(claim.deviceIds),
      ).changes === 1
  );
}

export function finishPolicyRunStart(
  database: Database,
  policyId: number,
  occurrenceKey: string,
  outcome: { status: 'started' | 'failed'; jobId: number | null; error: string | null },
): void {
  database
    .statement(
      'UPDATE policy_runs SET status = ?, job_id = ?, error = ? WHERE policy_id = ? AND occurrence_key = ?',
    )
    .run(outcome.status, outcome.jobId, outcome.error, policyId, occurrenceKey);
}

export interface PolicyRunRow {
  readonly policyId: number;
  readonly occurrenceKey: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly status: 'starting' | 'started' | 'failed';
  readonly claimedBy: string;
  readonly claimedAt: string;
  readonly jobId: number | null;
  readonly deviceIds: number[];
  readonly error: string | null;
}

/** The runs whose window overlaps [from, to), to tell which occurrences already started. */
export function listPolicyRuns(database: Database, from: string, to: string): PolicyRunRow[] {
  const rows = database
    .statement('SELECT * FROM policy_runs WHERE window_end > ? AND window_start < ? ORDER BY claimed_at')
    .all(from, to) as {
    policy_id: number;
    occurrence_key: string;
    window_start: string;
    window_end: string;
    status: PolicyRunRow['status'];
    claimed_by: string;
    claimed_at: string;
    job_id: number | null;
    devices: string;
    error: string | null;
  }[];
  return rows.map((row) => ({
    policyId: row.policy_id,
    occurrenceKey: row.occurrence_key,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    status: row.status,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    jobId: row.job_id,
    deviceIds: JSON.parse(row.devices) as number[],
    error: row.error,
  }));
}

/** A finished device of a deploy job, as the ring gate reads it. */
export interface DeviceJobOutcome {
  readonly deviceId: number;
  readonly jobId: number;
  readonly status: string;
  readonly packages: string[];
  readonly finishedAt: string | null;
  readonly createdAt: string;
  /** A rollback job (not cancelled) took this device's part of the job back: the technician judged it bad. */
  readonly rolledBack: boolean;
}

/**
 * Deploy outcomes of these devices for jobs created at or after `since`, from the deploy engine's journal. Empty
 * when that journal does not exist in this database (an engine built without the deploy work).
 */
export function listDeviceJobOutcomes(
  database: Database,
  deviceIds: readonly number[],
  since: string,
): DeviceJobOutcome[] {
  const journal = database
    .statement(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('jobs', 'job_devices')",
    )
    .get() as { n: number };
  if (journal.n < 2) return [];
  const rows = database
    .statement(
      // The rolled-back pairs are read once (rollbacks are few, and jobs.rollback_of has no index), not per row.
      `SELECT jd.device_id, jd.job_id, jd.status, jd.packages, jd.finished_at, j.created_at,
              rb.job_id IS NOT NULL AS rolled_back
       FROM job_devices jd JOIN jobs j ON j.id = jd.job_id
       LEFT JOIN (SELECT DISTINCT r.rollback_of AS job_id, rd.device_id
                  FROM jobs r JOIN job_devices rd ON rd.job_id = r.id
                  WHERE r.rollback_of IS NOT NULL AND rd.status <> 'cancelled') rb
         ON rb.job_id = j.id AND rb.device_id = jd.device_id
       WHERE j.kind = 'deploy' AND j.created_at >= ? AND jd.device_id IN (SELECT value FROM json_each(?))`,
    )
    .all(since, JSON.stringify(deviceIds)) as {
    device_id: number;
    job_id: number;
    status: string;
    packages: string;
    finished_at: string | null;
    created_at: string;
    rolled_back: 0 | 1;
  }[];
  return rows.map((row) => ({
    deviceId: row.device_id,
    jobId: row.job_id,
    status: row.status,
    packages: parsePackageNames(row.packages),
    finishedAt: row.finished_at,
    createdAt: row.created_at,
    rolledBack: row.rolled_back === 1,
  }));
}

function parsePackageNames(text: string): string[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown) =>
    typeof entry === 'string'
      ? [entry]
      : entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string'
        ? [(entry as { name: string }).name]
        : [],
  );
}

/** A device as the scheduler's rules see it: no credentials, no OS facts, just what a scope or exception names. */
export interface ScheduledDeviceRow {
  readonly id: number;
  readonly clientId: number;
  readonly name: string;
  readonly ring: 'test' | 'pilot' | 'broad';
  readonly platform: PlatformFamily | null;
  readonly tags: string[];
  /** When its last successful scan finished (what it misses is known as of then); null: never scanned. */
  readonly lastGoodScanAt: string | null;
}

/**
 * Every managed (not retired) device with its tags, in two plain queries: the scheduler asks this every minute
 * for the whole fleet, so it reads only the columns its rules use.
 */
export function listScheduledDevices(database: Database): ScheduledDeviceRow[] {
  const rows = database
    .statement(
      `SELECT id, client_id, name, ring, platform,
         CASE WHEN last_scan_status = 'ok' THEN last_scan_at ELSE (
           SELECT s.finished_at FROM scans s WHERE s.device_id = devices.id AND s.status = 'ok' ORDER BY s.id DESC LIMIT 1)
         END
       FROM devices WHERE retired_at IS NULL ORDER BY client_id, name`,
    )
    .raw()
    .all() as [number, number, string, ScheduledDeviceRow['ring'], PlatformFamily | null, string | null][];
  const devices = rows.map(([id, clientId, name, ring, platform, lastGoodScanAt]) => ({
    id,
    clientId,
    name,
    ring,
    platform,
    tags: [] as string[],
    lastGoodScanAt,
  }));
  const byId = new Map(devices.map((device) => [device.id, device]));
  for (const [deviceId, tag] of database
    .statement('SELECT device_id, tag FROM device_tags ORDER BY device_id, tag')
    .raw()
    .all() as [number, string][]) {
    byId.get(deviceId)?.tags.push(tag);
  }
  return devices;
}

/** A missing update as the scheduler's rules see it, with its device. */
export interface ScheduledUpdateRow {
  readonly deviceId: number;
  readonly name: string;
  readonly security: boolean;
  readonly classification: UpdateClassification;
  readonly manager: PackageManager;
  readonly advisoryIds: string[];
  readonly firstSeenAt: string;
}

/**
 * Every device's missing updates, only the columns the policy rules read: the fleet-wide hot read. SQLite packs
 * each device's updates into one JSON array, which V8 parses far faster than it takes 24,000 separate rows.
 */
export function listScheduledUpdatesByDevice(database: Database): Map<number, ScheduledUpdateRow[]> {
  const rows = database
    .statement(
      `SELECT device_id, json_group_array(json_array(name, security, classification, manager, json(advisory_ids), first_seen_at))
       FROM available_updates GROUP BY device_id`,
    )
    .raw()
    .all() as [number, string][];
  const byDevice = new Map<number, ScheduledUpdateRow[]>();
  for (const [deviceId, packed] of rows) {
    const updates = JSON.parse(packed) as [
      string,
      number,
      UpdateClassification,
      PackageManager,
      string[],
      string,
    ][];
    byDevice.set(
      deviceId,
      updates.map(([name, security, classification, manager, advisoryIds, firstSeenAt]) => ({
        deviceId,
        name,
        security: security === 1,
        classification,
        manager,
        advisoryIds,
        firstSeenAt,
      })),
    );
  }
  return byDevice;
}

/**
 * A token that changes whenever the database's data may have changed: another connection's commit moves
 * data_version, this connection's own writes move total_changes(). Equal tokens mean nothing changed in between.
 */
export function dataChangeToken(database: Database): string {
  const version = database.pragma('data_version') as number;
  const own = database.statement('SELECT total_changes() AS n').get() as { n: number };
  return `${version}:${own.n}`;
}
