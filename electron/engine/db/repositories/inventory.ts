import type {
  AvailableUpdate,
  InstalledPackage,
  OsFacts,
  PackageManager,
  PlatformFamily,
} from '../../../../shared/domain/inventory';
import type { ScanStatus } from '../../../../shared/domain/fleet';
import type { DeviceMissingUpdates } from '../../../../shared/domain/patch-groups';
import { AppError } from '../../../../shared/errors';
import type { Database } from '../database';

/** One finished scan attempt of one device, successful or not. */
export interface ScanRecord {
  readonly deviceId: number;
  readonly depth: 'quick' | 'full';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly status: ScanStatus;
  readonly error: string | null;
  readonly durationMs: number;
  /** Present only when status is 'ok'. */
  readonly inventory: {
    readonly platform: PlatformFamily;
    readonly os: OsFacts;
    readonly packages: readonly InstalledPackage[];
    readonly updates: readonly AvailableUpdate[];
    readonly rebootRequired: boolean;
    readonly metadataStale: boolean;
    readonly warnings: readonly string[];
    /**
     * Managers whose list of offered updates the scan could not read whole (ScanReport.unreadUpdateManagers): their
     * stored updates are kept, first-seen date and all, and only what the scan did see is added or changed.
     */
    readonly unreadUpdateManagers?: readonly PackageManager[];
    /**
     * Managers whose updates' advisories, or CVE ids, the scan could not read (ScanReport.unreadAdvisoryManagers,
     * unreadCveManagers): the updates an earlier scan stored keep theirs, and only new ones are stored with none.
     */
    readonly unreadAdvisoryManagers?: readonly PackageManager[];
    readonly unreadCveManagers?: readonly PackageManager[];
  } | null;
}

/** How many rows a scan wrote, so tests and benchmarks can hold the "rescan writes almost nothing" promise. */
export interface IngestStats {
  rowsWritten: number;
}

interface InstalledRow {
  manager: string;
  name: string;
  arch: string;
  version: string;
  source_name: string;
  source_version: string;
}

interface UpdateRow {
  manager: string;
  name: string;
  arch: string;
  installed_version: string | null;
  available_version: string;
  origin: string | null;
  security: number;
  classification: string;
  vendor_severity: string | null;
  advisory_ids: string;
  cves: string;
  reboot_required: number | null;
  first_seen_at: string;
}

const key = (manager: string, name: string, arch: string | null) =>
  `${manager}\u0000${name}\u0000${arch ?? ''}`;

/**
 * Store scans, all of them or none: call it inside one transaction for a batch, and once per transaction (the next
 * call is what confirms this one's new package builds, see BuildIndex). A failed scan only updates the device's
 * last-scan status: its previous inventory stays as it was.
 */
export function recordScans(database: Database, scans: readonly ScanRecord[]): IngestStats {
  settleBuilds(database);
  const stats: IngestStats = { rowsWritten: 0 };
  for (const scan of scans) recordScan(database, scan, stats);
  return stats;
}

/**
 * Store scans that arrived together, each in a savepoint of its own, so one that cannot be stored (its device was
 * removed during the scan, say) is rolled back alone instead of taking the others with it. Call it as recordScans.
 * Returns, scan by scan, the error that kept it out, or undefined once it is stored.
 */
export function recordEachScan(database: Database, scans: readonly ScanRecord[]): unknown[] {
  const index = settleBuilds(database);
  const stats: IngestStats = { rowsWritten: 0 };
  return scans.map((scan) => {
    const mark = index.learned.length;
    try {
      database.transaction(() => recordScan(database, scan, stats));
      return undefined;
    } catch (error) {
      forgetBuildsSince(index, mark);
      return error;
    }
  });
}

function recordScan(database: Database, scan: ScanRecord, stats: IngestStats): void {
  // A device removed while it was scanned has no row left for its scan: say so, not SQLite's foreign-key error.
  if (database.statement('SELECT 1 FROM devices WHERE id = ?').get(scan.deviceId) === undefined) {
    throw new AppError(
      'not-found',
      `The device with id ${scan.deviceId} was removed during its scan; its scan was not stored.`,
    );
  }
  const inventory = scan.inventory;
  const scanId = Number(
    database
      .statement(
        `INSERT INTO scans (device_id, depth, started_at, finished_at, status, error, metadata_stale, warnings,
                            package_count, update_count, security_update_count, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        scan.deviceId,
        scan.depth,
        scan.startedAt,
        scan.finishedAt,
        scan.status,
        scan.error,
        inventory?.metadataStale ? 1 : 0,
        JSON.stringify(inventory?.warnings ?? []),
        inventory?.packages.length ?? null,
        inventory?.updates.length ?? null,
        inventory ? inventory.updates.filter((update) => update.security).length : null,
        scan.durationMs,
      ).lastInsertRowid,
  );
  stats.rowsWritten += 1;
  if (!inventory) {
    database
      .statement(
        'UPDATE devices SET last_scan_at = ?, last_scan_status = ?, last_scan_error = ? WHERE id = ?',
      )
      .run(scan.finishedAt, scan.status, scan.error, scan.deviceId);
    stats.rowsWritten += 1;
    return;
  }
  database
    .statement(
      `UPDATE devices SET platform = ?, os_json = ?, reboot_required = ?, last_scan_at = ?, last_scan_status = ?,
         last_scan_error = ? WHERE id = ?`,
    )
    .run(
      inventory.platform,
      JSON.stringify(inventory.os),
      inventory.rebootRequired ? 1 : 0,
      scan.finishedAt,
      scan.status,
      scan.error,
      scan.deviceId,
    );
  stats.rowsWritten += 1;
  storePackages(database, scan.deviceId, scanId, inventory.packages, stats);
  storeUpdates(database, scan.deviceId, inventory.updates, inventory, scan.finishedAt, stats);
}

/**
 * Package build ids by identity, keyed field by field in nested maps: a scan looks up every package, and joining six
 * fields into one key string per lookup cost more than the database writes.
 */
type BuildTree = Map<string, BuildTree | number>;
/** name, version, arch, manager, source name, source version: the columns of package_builds' unique key. */
type BuildIdentity = [string, string, string, string, string, string];

/**
 * The distinct package builds, cached per connection. A build this connection inserts stays unconfirmed until the
 * next recordScans call finds it in the table under the same identity: its transaction may have rolled back since
 * (a scan that failed, a COMMIT that failed, a caller that threw after recordScans returned), and SQLite then gives
 * its id to the next build anyone inserts. Checking at the next call catches all of these by itself; forgetting ids
 * when a write fails would need every transaction's owner to tell the cache, and would miss a failed COMMIT.
 */
interface BuildIndex {
  /** Builds seen committed: rows are never deleted or changed, so these stay true. */
  readonly confirmed: BuildTree;
  readonly unconfirmed: BuildTree;
  /** The unconfirmed builds in the order they were learned, so a rolled-back savepoint's can be dropped. */
  readonly learned: { identity: BuildIdentity; id: number }[];
}
const buildCaches = new WeakMap<Database, BuildIndex>();

function identityOf(pkg: InstalledPackage): BuildIdentity {
  return [pkg.name, pkg.version, pkg.arch ?? '', pkg.manager, pkg.sourceName ?? '', pkg.sourceVersion ?? ''];
}

function findBuild(tree: BuildTree, pkg: InstalledPackage): number | undefined {
  const byVersion = tree.get(pkg.name) as BuildTree | undefined;
  const byArch = byVersion?.get(pkg.version) as BuildTree | undefined;
  const byManager = byArch?.get(pkg.arch ?? '') as BuildTree | undefined;
  const bySource = byManager?.get(pkg.manager) as BuildTree | undefined;
  const bySourceVersion = bySource?.get(pkg.sourceName ?? '') as BuildTree | undefined;
  return bySourceVersion?.get(pkg.sourceVersion ?? '') as number | undefined;
}

function rememberBuild(tree: BuildTree, identity: readonly string[], id: number): void {
  let level = tree;
  identity.forEach((part, depth) => {
    if (depth === identity.length - 1) {
      level.set(part, id);
      return;
    }
    let next = level.get(part) as BuildTree | undefined;
    if (!next) {
      next = new Map();
      level.set(part, next);
    }
    level = next;
  });
}

function buildIndex(database: Database): BuildIndex {
  let index = buildCaches.get(database);
  if (!index) {
    index = { confirmed: new Map(), unconfirmed: new Map(), learned: [] };
    const rows = database
      .statement('SELECT id, name, version, arch, manager, source_name, source_version FROM package_builds')
      .raw()
      .all() as [number, ...BuildIdentity][];
    for (const [id, ...identity] of rows) rememberBuild(index.confirmed, identity, id);
    buildCaches.set(database, index);
  }
  return index;
}

/**
 * At the start of a recordScans call, so in a later transaction than the builds learned before: keep those the
 * table still holds under the same identity, drop the others (their transaction rolled back).
 */
function settleBuilds(database: Database): BuildIndex {
  const index = buildIndex(database);
  if (index.learned.length === 0) return index;
  const rows = database
    .statement(
      `SELECT id, name, version, arch, manager, source_name, source_version FROM package_builds
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(JSON.stringify(index.learned.map((build) => build.id))) as [number, ...BuildIdentity][];
  const stored = new Map(rows.map(([id, ...identity]) => [id, identity]));
  for (const { identity, id } of index.learned) {
    if (stored.get(id)?.every((part, field) => part === identity[field])) {
      rememberBuild(index.confirmed, identity, id);
    }
  }
  forgetBuildsSince(index, 0);
  return index;
}

/** Drop the unconfirmed builds learned since mark, e.g. those of a scan whose savepoint was rolled back. */
function forgetBuildsSince(index: BuildIndex, mark: number): void {
  index.learned.splice(mark);
  index.unconfirmed.clear();
  for (const { identity, id } of index.learned) rememberBuild(index.unconfirmed, identity, id);
}

/** The id of a package build, inserting it the first time it is seen (another process may have added it). */
function buildIdOf(database: Database, index: BuildIndex, pkg: InstalledPackage): number {
  const known = findBuild(index.confirmed, pkg) ?? findBuild(index.unconfirmed, pkg);
  if (known !== undefined) return known;
  const identity = identityOf(pkg);
  const [name, version, arch, manager, sourceName, sourceVersion] = identity;
  database
    .statement(
      `INSERT INTO package_builds (manager, name, arch, version, source_name, source_version) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    )
    .run(manager, name, arch, version, sourceName, sourceVersion);
  const id = (
    database
      .statement(
        `SELECT id FROM package_builds
         WHERE manager = ? AND name = ? AND arch = ? AND version = ? AND source_name = ? AND source_version = ?`,
      )
      .get(manager, name, arch, version, sourceName, sourceVersion) as { id: number }
  ).id;
  rememberBuild(index.unconfirmed, identity, id);
  index.learned.push({ identity, id });
  return id;
}

interface BuildRow {
  id: number;
  manager: string;
  name: string;
  arch: string;
  version: string;
}

function storePackages(
  database: Database,
  deviceId: number,
  scanId: number,
  packages: readonly InstalledPackage[],
  stats: IngestStats,
): void {
  const index = buildIndex(database);
  const current = new Set(
    database
      .statement('SELECT build_id FROM installed_packages WHERE device_id = ?')
      .pluck()
      .all(deviceId) as number[],
  );
  const next = new Set<number>();
  for (const pkg of packages) next.add(buildIdOf(database, index, pkg));
  const added = [...next].filter((id) => !current.has(id));
  const removed = [...current].filter((id) => !next.has(id));
  if (added.length === 0 && removed.length === 0) return;

  // One statement per device, not one per package: the set goes in as a JSON array, sorted so the B-tree appends.
  database
    .statement('INSERT INTO installed_packages (device_id, build_id) SELECT ?, value FROM json_each(?)')
    .run(deviceId, JSON.stringify(added.sort((a, b) => a - b)));
  if (removed.length > 0) {
    database
      .statement(
        'DELETE FROM installed_packages WHERE device_id = ? AND build_id IN (SELECT value FROM json_each(?))',
      )
      .run(deviceId, JSON.stringify(removed));
  }
  stats.rowsWritten += added.length + removed.length;
  // The first scan is the baseline: its packages are the inventory, not a list of changes.
  if (current.size === 0) return;

  // A version change is one removed and one added build of the same manager, name and arch.
  const describe = database.statement(
    'SELECT id, manager, name, arch, version FROM package_builds WHERE id = ?',
  );
  const slot = (row: BuildRow) => `${row.manager}\u0000${row.name}\u0000${row.arch}`;
  const before = new Map(
    (removed.map((id) => describe.get(id)) as BuildRow[]).map((row) => [slot(row), row]),
  );
  const change = database.statement(
    `INSERT INTO package_changes (device_id, scan_id, manager, name, arch, from_version, to_version)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const row of added.map((id) => describe.get(id)) as BuildRow[]) {
    const previous = before.get(slot(row));
    before.delete(slot(row));
    if (previous?.version === row.version) continue;
    change.run(deviceId, scanId, row.manager, row.name, row.arch, previous?.version ?? null, row.version);
    stats.rowsWritten += 1;
  }
  for (const row of before.values()) {
    change.run(deviceId, scanId, row.manager, row.name, row.arch, row.version, null);
    stats.rowsWritten += 1;
  }
}

/**
 * Replace the device's missing updates with the scan's. Updates of `unread.unreadUpdateManagers` the scan did not see
 * are kept: only a list that was read shows an update is gone, and deleting one would restart its first-seen date
 * (the SLA clock) when the list is read again. Likewise only advisories that were read show an update fixes none:
 * where they were not, an update still offered keeps its stored ones, and with them its colour and due date.
 */
function storeUpdates(
  database: Database,
  deviceId: number,
  updates: readonly AvailableUpdate[],
  unread: Pick<
    NonNullable<ScanRecord['inventory']>,
    'unreadUpdateManagers' | 'unreadAdvisoryManagers' | 'unreadCveManagers'
  >,
  seenAt: string,
  stats: IngestStats,
): void {
  const current = new Map<string, UpdateRow>();
  for (const row of database
    .statement('SELECT * FROM available_updates WHERE device_id = ?')
    .iterate(deviceId) as Iterable<UpdateRow>) {
    current.set(key(row.manager, row.name, row.arch), row);
  }
  const upsert = database.statement(
    `INSERT INTO available_updates (device_id, manager, name, arch, installed_version, available_version, origin,
       security, classification, vendor_severity, advisory_ids, cves, reboot_required, first_seen_at)
     VALUES (@device_id, @manager, @name, @arch, @installed_version, @available_version, @origin, @security,
       @classification, @vendor_severity, @advisory_ids, @cves, @reboot_required, @first_seen_at)
     ON CONFLICT (device_id, manager, name, arch) DO UPDATE SET
       installed_version = excluded.installed_version, available_version = excluded.available_version,
       origin = excluded.origin, security = excluded.security, classification = excluded.classification,
       vendor_severity = excluded.vendor_severity, advisory_ids = excluded.advisory_ids, cves = excluded.cves,
       reboot_required = excluded.reboot_required`,
  );
  const advisoriesUnread = new Set<string>(unread.unreadAdvisoryManagers);
  const cvesUnread = new Set<string>(unread.unreadCveManagers);
  const seen = new Set<string>();
  for (const update of updates) {
    const arch = update.arch ?? '';
    const id = key(update.manager, update.name, arch);
    if (seen.has(id)) continue;
    seen.add(id);
    const before = current.get(id);
    const row: UpdateRow = {
      manager: update.manager,
      name: update.name,
      arch,
      installed_version: update.installedVersion,
      available_version: update.availableVersion,
      origin: update.origin,
      security: update.security ? 1 : 0,
      classification: update.classification,
      vendor_severity: update.vendorSeverity,
      advisory_ids: JSON.stringify(update.advisoryIds),
      cves: JSON.stringify(update.cves),
      reboot_required: update.rebootRequired === null ? null : update.rebootRequired ? 1 : 0,
      first_seen_at: before?.first_seen_at ?? seenAt,
      ...(before && advisoriesUnread.has(update.manager)
        ? {
            security: before.security,
            classification: before.classification,
            vendor_severity: before.vendor_severity,
            advisory_ids: before.advisory_ids,
          }
        : {}),
      ...(before && cvesUnread.has(update.manager) ? { cves: before.cves } : {}),
    };
    if (before && sameUpdate(before, row)) continue;
    upsert.run({ device_id: deviceId, ...row });
    stats.rowsWritten += 1;
  }
  const remove = database.statement(
    'DELETE FROM available_updates WHERE device_id = ? AND manager = ? AND name = ? AND arch = ?',
  );
  const listsUnread = new Set<string>(unread.unreadUpdateManagers);
  for (const [id, row] of current) {
    if (seen.has(id) || listsUnread.has(row.manager)) continue;
    remove.run(deviceId, row.manager, row.name, row.arch);
    stats.rowsWritten += 1;
  }
}

function sameUpdate(a: UpdateRow, b: UpdateRow): boolean {
  return (Object.keys(b) as (keyof UpdateRow)[]).every((field) => a[field] === b[field]);
}

const toInstalledPackage = (row: InstalledRow): InstalledPackage => ({
  name: row.name,
  version: row.version,
  arch: row.arch === '' ? null : row.arch,
  sourceName: row.source_name === '' ? null : row.source_name,
  sourceVersion: row.source_version === '' ? null : row.source_version,
  manager: row.manager as InstalledPackage['manager'],
});

/** The device's current package set, by name. */
export function listInstalledPackages(database: Database, deviceId: number): InstalledPackage[] {
  const rows = database
    .statement(
      `SELECT b.manager, b.name, b.arch, b.version, b.source_name, b.source_version
       FROM installed_packages i JOIN package_builds b ON b.id = i.build_id
       WHERE i.device_id = ? ORDER BY b.name, b.arch`,
    )
    .all(deviceId) as InstalledRow[];
  return rows.map(toInstalledPackage);
}

/** Only the device's installed packages with these names: e.g. the ones its missing updates would replace. */
export function listInstalledPackagesNamed(
  database: Database,
  deviceId: number,
  names: readonly string[],
): InstalledPackage[] {
  if (names.length === 0) return [];
  const rows = database
    .statement(
      `SELECT b.manager, b.name, b.arch, b.version, b.source_name, b.source_version
       FROM installed_packages i JOIN package_builds b ON b.id = i.build_id
       WHERE i.device_id = ? AND b.name IN (SELECT value FROM json_each(?)) ORDER BY b.name, b.arch`,
    )
    .all(deviceId, JSON.stringify(names)) as InstalledRow[];
  return rows.map(toInstalledPackage);
}

/** A missing update on a device, as stored. */
export interface StoredUpdate extends AvailableUpdate {
  readonly deviceId: number;
  readonly firstSeenAt: string;
}

/** Missing updates for some devices (all when deviceIds is null), ordered by device then package. */
export function listAvailableUpdates(
  database: Database,
  deviceIds: readonly number[] | null,
): StoredUpdate[] {
  const rows = (
    deviceIds === null
      ? database.statement('SELECT * FROM available_updates ORDER BY device_id, name').all()
      : database
          .statement(
            'SELECT * FROM available_updates WHERE device_id IN (SELECT value FROM json_each(?)) ORDER BY device_id, name',
          )
          .all(JSON.stringify(deviceIds))
  ) as (UpdateRow & { device_id: number })[];
  return rows.map((row) => ({
    deviceId: row.device_id,
    name: row.name,
    installedVersion: row.installed_version,
    availableVersion: row.available_version,
    arch: row.arch === '' ? null : row.arch,
    origin: row.origin,
    security: row.security === 1,
    classification: row.classification as AvailableUpdate['classification'],
    vendorSeverity: row.vendor_severity,
    advisoryIds: JSON.parse(row.advisory_ids) as string[],
    cves: JSON.parse(row.cves) as string[],
    rebootRequired: row.reboot_required === null ? null : row.reboot_required === 1,
    manager: row.manager as AvailableUpdate['manager'],
    firstSeenAt: row.first_seen_at,
  }));
}

/**
 * Counts per active device that misses anything, by device id: one pass over the devices, each device's updates
 * read through the table's primary key (device_id first), never the rows themselves sent anywhere.
 */
export const missingUpdatesByDeviceSql = `SELECT d.id AS deviceId, d.name AS name, c.name AS clientName,
         count(DISTINCT u.name) AS missing, count(DISTINCT CASE WHEN u.security = 1 THEN u.name END) AS security
  FROM devices d JOIN clients c ON c.id = d.client_id JOIN available_updates u ON u.device_id = d.id
  WHERE d.retired_at IS NULL
  GROUP BY d.id ORDER BY d.id`;

/** How many packages each active device misses (and how many are security updates); devices missing none are left out. */
export function countMissingUpdatesByDevice(database: Database): DeviceMissingUpdates[] {
  return database.statement(missingUpdatesByDeviceSql).all() as DeviceMissingUpdates[];
}

/** The package changes a device went through, newest first. */
export function listPackageChanges(database: Database, deviceId: number, limit = 500) {
  return database
    .statement(
      `SELECT c.manager, c.name, c.arch, c.from_version AS fromVersion, c.to_version AS toVersion, s.finished_at AS at
       FROM package_changes c JOIN scans s ON s.id = c.scan_id WHERE c.device_id = ? ORDER BY c.id DESC LIMIT ?`,
    )
    .all(deviceId, limit) as {
    manager: string;
    name: string;
    arch: string;
    fromVersion: string | null;
    toVersion: string | null;
    at: string;
  }[];
}

/** Replace a device's pinned host key, whatever is stored: for a key the technician checked and trusts. */
export function setDeviceHostKey(database: Database, deviceId: number, hostKey: string | null): void {
  database.statement('UPDATE devices SET host_key = ? WHERE id = ?').run(hostKey, deviceId);
}

/**
 * Pin a host key on first use: written only while the device has none, so of two operations that reached an
 * unpinned device at once, the second cannot replace the first's key. Answers whether this call wrote it, and the
 * key stored now (undefined when the device no longer exists).
 */
export function pinDeviceHostKeyIfUnset(
  database: Database,
  deviceId: number,
  hostKey: string,
): { readonly written: boolean; readonly stored: string | undefined } {
  const written =
    database
      .statement('UPDATE devices SET host_key = ? WHERE id = ? AND host_key IS NULL')
      .run(hostKey, deviceId).changes === 1;
  const row = database.statement('SELECT host_key AS hostKey FROM devices WHERE id = ?').get(deviceId) as
    { hostKey: string | null } | undefined;
  return { written, stored: row?.hostKey ?? undefined };
}
