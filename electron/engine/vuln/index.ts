import type { InstalledPackage } from '../../../shared/domain/inventory';
import { defaultSlaDays, type SlaDays } from '../../../shared/domain/fleet';
import type {
  FeedImportResult,
  FeedStatus,
  PatchPriority,
  VulnerabilityFilter,
  VulnerabilityFinding,
} from '../../../shared/domain/vulnerabilities';
import { findClientById } from '../db/repositories/clients';
import { findDeviceById, listDevices, type DeviceRecord } from '../db/repositories/devices';
import {
  listAvailableUpdates,
  listInstalledPackages,
  listInstalledPackagesNamed,
  type StoredUpdate,
} from '../db/repositories/inventory';
import {
  findEpssScores,
  findKevEntries,
  listAdvisories,
  listFeedStatus,
  listRanges,
  type StoredAdvisory,
} from '../db/repositories/vulnerabilities';
import type { EngineContext } from '../engine-context';
import { feedDownloads, fetchBytes, type FeedDownload, type FetchBytes } from './feeds/feed-downloads';
import { importFeeds, readFeedBytes, type FeedBytes, type FeedImportOptions } from './feeds/import-feeds';
import { AdvisoryIndex } from './matching/advisory-index';
import { matchDevice, type DeviceMatch } from './matching/match-device';
import { releaseOfDevice } from './matching/releases';
import { cvesOf, patchPriority } from './priority/patch-priorities';

export { feedDownloads } from './feeds/feed-downloads';
export type { FeedDownload, FetchBytes } from './feeds/feed-downloads';
export { priorityThresholds } from './priority/thresholds';

/** Vulnerability intelligence: feeds in, matches and SLA colours out. */
export interface VulnerabilityService {
  /**
   * Import feed files (OSV zip/JSON, KEV JSON, EPSS CSV/CSV.gz): all of them, or none when one is bad or older
   * than the feed it would replace (unless `allowOlder`).
   */
  importFiles(paths: readonly string[], options?: FeedImportOptions): FeedImportResult[];
  /** The same for content already in memory (the console's file picker, a download). */
  importContent(files: readonly FeedBytes[], options?: FeedImportOptions): FeedImportResult[];
  /** Download the feeds from their public addresses and import them (needs the machine online; off by default). */
  download(sources?: readonly FeedDownload[], fetch?: FetchBytes): Promise<FeedImportResult[]>;
  /** What each imported feed holds. */
  status(): FeedStatus[];
  /** Colour, CVEs, KEV, EPSS, CVSS, due date and overdue flag of each missing update, in the same order. */
  prioritise(updates: readonly StoredUpdate[]): PatchPriority[];
  /** Vulnerabilities on devices, by advisory: which package, which fix, which update brings it. */
  findings(filter?: VulnerabilityFilter): VulnerabilityFinding[];
}

function groupByDevice(updates: readonly StoredUpdate[]): Map<number, StoredUpdate[]> {
  const byDevice = new Map<number, StoredUpdate[]>();
  for (const update of updates) {
    const list = byDevice.get(update.deviceId) ?? [];
    list.push(update);
    byDevice.set(update.deviceId, list);
  }
  return byDevice;
}

interface DeviceFacts {
  readonly device: DeviceRecord;
  readonly release: string | null;
  readonly installed: InstalledPackage[];
}

/** Builds the vulnerability service; the advisory index is loaded on first use and dropped on every import. */
export function createVulnerabilityService(context: EngineContext): VulnerabilityService {
  const { database, clock } = context;
  const indexes = new Map<string, AdvisoryIndex>();

  const indexFor = (releases: readonly string[]): AdvisoryIndex => {
    const key = [...new Set(releases)].sort().join('\n');
    let index = indexes.get(key);
    if (!index) {
      index = new AdvisoryIndex(listRanges(database, key === '' ? [] : key.split('\n')));
      indexes.clear();
      indexes.set(key, index);
    }
    return index;
  };

  const imported = (results: FeedImportResult[]) => {
    indexes.clear();
    for (const result of results) {
      context.log.info(
        `Imported ${result.file}: ${result.feeds.map((feed) => `${feed.records} ${feed.feed}`).join(', ')}`,
      );
    }
    return results;
  };

  const importContent = (files: readonly FeedBytes[], options?: FeedImportOptions) =>
    imported(importFeeds(database, files, { at: clock.now(), actor: context.actor }, options));

  const match = (facts: readonly DeviceFacts[], updatesOf: (deviceId: number) => readonly StoredUpdate[]) => {
    const index = indexFor(facts.flatMap((fact) => (fact.release ? [fact.release] : [])));
    const matches = new Map<number, DeviceMatch>();
    for (const fact of facts) {
      if (fact.release)
        matches.set(
          fact.device.id,
          matchDevice(index, fact.release, fact.installed, updatesOf(fact.device.id)),
        );
    }
    return matches;
  };

  /**
   * Each device's release and installed packages; with `onlyNamed`, just the packages of those names (to rate
   * missing updates, only the packages they replace matter, not the whole inventory).
   */
  const factsOf = (
    devices: readonly DeviceRecord[],
    onlyNamed?: (deviceId: number) => string[],
  ): DeviceFacts[] =>
    devices.map((device) => {
      const release = releaseOfDevice(device.os);
      if (!release) return { device, release, installed: [] };
      const installed = onlyNamed
        ? listInstalledPackagesNamed(database, device.id, onlyNamed(device.id))
        : listInstalledPackages(database, device.id);
      return { device, release, installed };
    });

  const advisoriesById = (ids: Iterable<number>) =>
    new Map(listAdvisories(database, [...new Set(ids)]).map((advisory) => [advisory.id, advisory]));

  const intelligence = (cves: readonly string[]) => ({
    kev: findKevEntries(database, cves),
    epss: findEpssScores(database, cves),
  });

  return {
    importFiles: (paths, options) => importContent(readFeedBytes(paths), options),
    importContent,
    async download(
      sources = feedDownloads(['Debian', 'Ubuntu', 'Alpine', 'Rocky Linux', 'AlmaLinux']),
      fetch = fetchBytes,
    ) {
      const files: FeedBytes[] = [];
      for (const source of sources) files.push({ name: source.fileName, bytes: await fetch(source.url) });
      return importContent(files);
    },
    status: () => listFeedStatus(database),
    prioritise(updates) {
      const byDevice = groupByDevice(updates);
      const devices = [...byDevice.keys()].flatMap((id) => findDeviceById(database, id) ?? []);
      const updatesOf = (id: number) => byDevice.get(id) ?? [];
      const matches = match(
        factsOf(devices, (id) => updatesOf(id).map((update) => update.name)),
        updatesOf,
      );
      const fixesOf = new Map<StoredUpdate, number[]>();
      for (const [deviceId, list] of byDevice) {
        const found = matches.get(deviceId);
        list.forEach((update, position) => fixesOf.set(update, found?.fixesByUpdate[position] ?? []));
      }
      const advisories = advisoriesById([...fixesOf.values()].flat());
      const fixesFor = (update: StoredUpdate): StoredAdvisory[] =>
        (fixesOf.get(update) ?? []).flatMap((id) => advisories.get(id) ?? []);
      const allCves = new Set(
        updates.flatMap((update) => [...update.cves, ...fixesFor(update).flatMap(cvesOf)]),
      );
      const known = intelligence([...allCves]);
      const slaOf = slaLookup(context, devices);
      const now = clock.now();
      return updates.map((update) =>
        patchPriority(
          {
            security: update.security,
            vendorSeverity: update.vendorSeverity,
            vendorCves: update.cves,
            fixes: fixesFor(update),
            firstSeenAt: update.firstSeenAt,
            slaDays: slaOf(update.deviceId),
          },
          known,
          now,
        ),
      );
    },
    findings(filter = {}) {
      const devices =
        filter.deviceId !== undefined
          ? [findDeviceById(database, filter.deviceId) ?? []].flat()
          : listDevices(database, { clientId: filter.clientId });
      const updates = listAvailableUpdates(
        database,
        devices.map((device) => device.id),
      );
      const updatesByDevice = groupByDevice(updates);
      const updatesOf = (id: number) => updatesByDevice.get(id) ?? [];
      const facts = factsOf(devices);
      const matches = match(facts, updatesOf);
      const advisories = advisoriesById(
        [...matches.values()].flatMap((found) =>
          found.affected.flatMap((entry) => entry.hits.map((hit) => hit.advisoryId)),
        ),
      );
      const known = intelligence([...new Set([...advisories.values()].flatMap(cvesOf))]);
      const findings: VulnerabilityFinding[] = [];
      for (const fact of facts) {
        const found = matches.get(fact.device.id);
        if (!found) continue;
        const deviceUpdates = updatesOf(fact.device.id);
        const seen = new Map<string, VulnerabilityFinding>();
        for (const entry of found.affected) {
          const fixes = entry.update >= 0 ? found.fixesByUpdate[entry.update] : undefined;
          for (const hit of entry.hits) {
            if (filter.unfixedOnly && hit.fixed !== null) continue;
            const advisory = advisories.get(hit.advisoryId);
            if (!advisory) continue;
            const key = `${hit.advisoryId}\u0000${entry.package}`;
            const fixedBy = fixes?.includes(hit.advisoryId)
              ? (deviceUpdates[entry.update]?.name ?? null)
              : null;
            const previous = seen.get(key);
            // Several binary packages of one source share an advisory: one finding, naming an update that fixes it.
            if (previous) {
              if (previous.fixedBy === null && fixedBy !== null) seen.set(key, { ...previous, fixedBy });
              continue;
            }
            const cves = cvesOf(advisory);
            seen.set(key, {
              deviceId: fact.device.id,
              device: fact.device.name,
              advisory: advisory.osvId,
              cves,
              package: entry.package,
              installedVersion: entry.installedVersion,
              fixedVersion: hit.fixed,
              fixedBy,
              kev: cves.some((cve) => known.kev.has(cve)),
              cvss: advisory.cvssScore,
            });
          }
        }
        findings.push(...seen.values());
      }
      return findings;
    },
  };
}

function slaLookup(context: EngineContext, devices: readonly DeviceRecord[]): (deviceId: number) => SlaDays {
  const clientOf = new Map(devices.map((device) => [device.id, device.clientId]));
  const slaByClient = new Map<number, SlaDays>();
  return (deviceId) => {
    const clientId = clientOf.get(deviceId);
    if (clientId === undefined) return defaultSlaDays;
    let sla = slaByClient.get(clientId);
    if (!sla) {
      sla = findClientById(context.database, clientId)?.slaDays ?? defaultSlaDays;
      slaByClient.set(clientId, sla);
    }
    return sla;
  };
}
