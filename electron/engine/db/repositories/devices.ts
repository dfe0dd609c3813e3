import type { Device, DeviceAuth, RetiredDevices, Ring, ScanStatus } from '../../../../shared/domain/fleet';
import type { OsFacts, PlatformFamily } from '../../../../shared/domain/inventory';
import type { Database } from '../database';
import { unusedIdSql } from './unused-id';

interface DeviceRow {
  id: number;
  client_id: number;
  client_name: string;
  name: string;
  host: string;
  port: number;
  user: string;
  auth_kind: DeviceAuth['kind'];
  key_path: string | null;
  password_credential_id: number | null;
  sudo: number;
  sudo_credential_id: number | null;
  ring: Ring;
  platform: PlatformFamily | null;
  os_json: string | null;
  host_key: string | null;
  reboot_required: number | null;
  last_scan_at: string | null;
  last_scan_status: ScanStatus | null;
  last_scan_error: string | null;
  retired_at: string | null;
  created_at: string;
  tags: string | null;
}

/** A device row with the references the engine needs but the renderer never sees (credential ids). */
export interface DeviceRecord extends Device {
  readonly passwordCredentialId: number | null;
  readonly sudoCredentialId: number | null;
}

const TAG_SEPARATOR = '\u001f';

// Every device, retired or not: each query adds its own WHERE, and most of them `MANAGED`.
const SELECT_DEVICES = `
  SELECT d.*, c.name AS client_name,
    (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM device_tags t WHERE t.device_id = d.id ORDER BY tag)) AS tags
  FROM devices d JOIN clients c ON c.id = d.client_id`;

/** A device Patchdeck still manages: a retired one keeps its row (and its history) but is never worked on. */
const MANAGED = 'd.retired_at IS NULL';

function toDevice(row: DeviceRow): DeviceRecord {
  const auth: DeviceAuth =
    row.auth_kind === 'key' ? { kind: 'key', keyPath: row.key_path ?? '' } : { kind: row.auth_kind };
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    name: row.name,
    host: row.host,
    port: row.port,
    user: row.user,
    auth,
    sudo: row.sudo === 1,
    tags: row.tags ? row.tags.split(TAG_SEPARATOR) : [],
    ring: row.ring,
    platform: row.platform,
    os: row.os_json ? (JSON.parse(row.os_json) as OsFacts) : null,
    hostKey: row.host_key,
    rebootRequired: row.reboot_required === null ? null : row.reboot_required === 1,
    lastScanAt: row.last_scan_at,
    lastScanStatus: row.last_scan_status,
    lastScanError: row.last_scan_error,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
    passwordCredentialId: row.password_credential_id,
    sudoCredentialId: row.sudo_credential_id,
  };
}

export interface DeviceQuery {
  readonly clientId?: number | undefined;
  readonly search?: string | undefined;
  /** Retired devices: left out (the default), listed with the others, or listed alone. */
  readonly retired?: RetiredDevices | undefined;
}

const retiredCondition: Readonly<Record<RetiredDevices, string>> = {
  hide: MANAGED,
  include: '1',
  only: 'd.retired_at IS NOT NULL',
};

/** Devices ordered by client and name; `search` matches name, host, client or tag, case-insensitively. */
export function listDevices(database: Database, query: DeviceQuery = {}): DeviceRecord[] {
  const search = query.search?.trim() ? `%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = database
    .statement(
      `${SELECT_DEVICES}
       WHERE ${retiredCondition[query.retired ?? 'hide']}
       AND (@client IS NULL OR d.client_id = @client)
       AND (@search IS NULL OR d.name LIKE @search ESCAPE '\\' OR d.host LIKE @search ESCAPE '\\'
            OR c.name LIKE @search ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM device_tags t WHERE t.device_id = d.id AND t.tag LIKE @search ESCAPE '\\'))
       ORDER BY c.name, d.name`,
    )
    .all({ client: query.clientId ?? null, search }) as DeviceRow[];
  return rows.map(toDevice);
}

/** A managed device by id: a retired one is not found here (see `findDeviceOrRetiredById`). */
export function findDeviceById(database: Database, id: number): DeviceRecord | null {
  const row = database.statement(`${SELECT_DEVICES} WHERE ${MANAGED} AND d.id = ?`).get(id) as
    DeviceRow | undefined;
  return row ? toDevice(row) : null;
}

/** A device by id, retired or not: for what may still be done to a retired device (reinstate, rename, remove). */
export function findDeviceOrRetiredById(database: Database, id: number): DeviceRecord | null {
  const row = database.statement(`${SELECT_DEVICES} WHERE d.id = ?`).get(id) as DeviceRow | undefined;
  return row ? toDevice(row) : null;
}

/**
 * Devices with this name in any client (names are unique within a client only), managed ones only unless
 * `withRetired`: a retired device keeps its name, as the devices table's UNIQUE (client_id, name) requires.
 */
export function findDevicesByName(
  database: Database,
  name: string,
  options: { readonly withRetired?: boolean } = {},
): DeviceRecord[] {
  const condition = options.withRetired ? '1' : MANAGED;
  return (
    database.statement(`${SELECT_DEVICES} WHERE ${condition} AND d.name = ?`).all(name) as DeviceRow[]
  ).map(toDevice);
}

/** Mark a device retired at an instant, or (null) managed again. */
export function setDeviceRetiredAt(database: Database, id: number, retiredAt: string | null): void {
  database.statement('UPDATE devices SET retired_at = ? WHERE id = ?').run(retiredAt, id);
}

/**
 * Drop the device's stored priorities (`patch_status`, `device_compliance`). They are derived from its inventory,
 * and some readers (a client's overdue count, the dashboard's next due date) aggregate them without looking at the
 * device: kept, a retired device's overdue updates would still count. A device without a summary counts as stale,
 * so after a reinstatement the next dashboard or report computes them again.
 */
export function dropDevicePriorities(database: Database, id: number): void {
  database.statement('DELETE FROM patch_status WHERE device_id = ?').run(id);
  database.statement('DELETE FROM device_compliance WHERE device_id = ?').run(id);
}

/** Ids of the queued or running jobs that include the device. */
export function listUnfinishedJobsOfDevice(database: Database, id: number): number[] {
  return database
    .statement(
      `SELECT DISTINCT j.id FROM jobs j JOIN job_devices jd ON jd.job_id = j.id
       WHERE jd.device_id = ? AND j.status IN ('queued', 'running') ORDER BY j.id`,
    )
    .pluck()
    .all(id) as number[];
}

export interface DeviceRowValues {
  readonly clientId: number;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly authKind: DeviceAuth['kind'];
  readonly keyPath: string | null;
  readonly passwordCredentialId: number | null;
  readonly sudo: boolean;
  readonly sudoCredentialId: number | null;
  readonly ring: Ring;
}

function rowParameters(values: DeviceRowValues) {
  return {
    client_id: values.clientId,
    name: values.name,
    host: values.host,
    port: values.port,
    user: values.user,
    auth_kind: values.authKind,
    key_path: values.keyPath,
    password_credential_id: values.passwordCredentialId,
    sudo: values.sudo ? 1 : 0,
    sudo_credential_id: values.sudoCredentialId,
    ring: values.ring,
  };
}

/** A new device's id is one no device ever had (see `unusedIdSql`). */
export function insertDevice(database: Database, values: DeviceRowValues, createdAt: string): number {
  const result = database
    .statement(
      `INSERT INTO devices (id, client_id, name, host, port, user, auth_kind, key_path, password_credential_id, sudo,
                            sudo_credential_id, ring, created_at)
       VALUES (${unusedIdSql('devices')}, @client_id, @name, @host, @port, @user, @auth_kind, @key_path,
         @password_credential_id, @sudo, @sudo_credential_id, @ring, @created_at)`,
    )
    .run({ ...rowParameters(values), created_at: createdAt });
  return Number(result.lastInsertRowid);
}

export function updateDeviceRow(database: Database, id: number, values: DeviceRowValues): void {
  database
    .statement(
      `UPDATE devices SET client_id = @client_id, name = @name, host = @host, port = @port, user = @user,
         auth_kind = @auth_kind, key_path = @key_path, password_credential_id = @password_credential_id,
         sudo = @sudo, sudo_credential_id = @sudo_credential_id, ring = @ring
       WHERE id = @id`,
    )
    .run({ ...rowParameters(values), id });
}

export function replaceDeviceTags(database: Database, deviceId: number, tags: readonly string[]): void {
  database.statement('DELETE FROM device_tags WHERE device_id = ?').run(deviceId);
  const insert = database.statement('INSERT OR IGNORE INTO device_tags (device_id, tag) VALUES (?, ?)');
  for (const tag of tags) insert.run(deviceId, tag);
}

export function deleteDeviceRow(database: Database, id: number): void {
  database.statement('DELETE FROM devices WHERE id = ?').run(id);
}

/** The client's devices, managed and retired: a client with either cannot be removed. */
export function countDevicesOfClient(
  database: Database,
  clientId: number,
): { readonly managed: number; readonly retired: number } {
  return database
    .statement(
      `SELECT coalesce(sum(retired_at IS NULL), 0) AS managed, coalesce(sum(retired_at IS NOT NULL), 0) AS retired
       FROM devices WHERE client_id = ?`,
    )
    .get(clientId) as { managed: number; retired: number };
}
