import type { AvailableUpdate, InstalledPackage, OsFacts } from '../../shared/domain/inventory';
import type { Database } from '../../electron/engine/db/database';
import { recordScans, type ScanRecord } from '../../electron/engine/db/repositories/inventory';

/** What a scan of Debian 12 reports about the system, as the parser reads it from `/etc/os-release`. */
export const debianBookworm: OsFacts = {
  family: 'debian',
  name: 'Debian GNU/Linux 12 (bookworm)',
  id: 'debian',
  version: '12',
  codename: 'bookworm',
  kernel: null,
  arch: 'amd64',
  hostname: null,
};

/** What a scan of a Mac on Big Sur stores about the system. */
export const bigSurMac: OsFacts = {
  family: 'macos',
  name: 'macOS 11.5.2',
  id: 'macos',
  version: '11.5.2',
  codename: null,
  kernel: null,
  arch: null,
  hostname: null,
};

/** OS facts that name only the family (and a name), for tests where nothing else about the system matters. */
export function osOf(family: OsFacts['family'], name: string = family): OsFacts {
  return {
    family,
    name,
    id: family,
    version: null,
    codename: null,
    kernel: null,
    arch: null,
    hostname: null,
  };
}

/** A Debian package as dpkg lists it, built from its source package (by default of the same name and version). */
export function dpkgPackage(
  name: string,
  version: string,
  source = name,
  sourceVersion = version,
): InstalledPackage {
  return { name, version, arch: 'amd64', sourceName: source, sourceVersion, manager: 'dpkg' };
}

/** An update apt offers for a Debian 12 package, from the security archive or the point release. */
export function aptUpdate(
  name: string,
  from: string,
  to: string,
  security: boolean,
  arch = 'amd64',
): AvailableUpdate {
  return {
    name,
    installedVersion: from,
    availableVersion: to,
    arch,
    origin: security ? 'Debian-Security:12/bookworm-security' : 'Debian:12.12/stable',
    security,
    classification: security ? 'security' : 'bugfix',
    vendorSeverity: null,
    advisoryIds: [],
    cves: [],
    rebootRequired: null,
    manager: 'dpkg',
  };
}

export interface StoredScan {
  readonly deviceId: number;
  /** When the scan finished; it started a second before. */
  readonly at: string;
  readonly os?: OsFacts;
  readonly packages?: readonly InstalledPackage[];
  readonly updates?: readonly AvailableUpdate[];
}

/** One successful quick scan of a device, as the scan service hands it to the inventory repository. */
export function scanRecordOf({
  deviceId,
  at,
  os = debianBookworm,
  packages = [],
  updates = [],
}: StoredScan): ScanRecord {
  const finished = new Date(at);
  return {
    deviceId,
    depth: 'quick',
    startedAt: new Date(finished.getTime() - 1000).toISOString(),
    finishedAt: finished.toISOString(),
    status: 'ok',
    error: null,
    durationMs: 1000,
    inventory: {
      platform: os.family,
      os,
      packages: [...packages],
      updates: [...updates],
      rebootRequired: false,
      metadataStale: false,
      warnings: [],
    },
  };
}

/**
 * Store one successful quick scan of a device through the inventory repository, as the scan service stores what it
 * read: for tests that need a scanned fleet without running scans against hosts.
 */
export function storeScan(database: Database, scan: StoredScan): void {
  database.transaction(() => recordScans(database, [scanRecordOf(scan)]));
}
