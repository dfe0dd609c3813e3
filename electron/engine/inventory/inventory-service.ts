import type { InstalledPackage } from '../../../shared/domain/inventory';
import type { DeviceMissingUpdates, PatchGroup } from '../../../shared/domain/patch-groups';
import type { PackageChange, Patch } from '../../../shared/domain/scan';
import {
  countMissingUpdatesByDevice,
  listAvailableUpdates,
  listInstalledPackages,
  listPackageChanges,
} from '../db/repositories/inventory';
import { listApprovalDecisions } from '../db/repositories/policies';
import type { EngineContext } from '../engine-context';
import type { DeviceService } from '../fleet/devices';
import { decisionFor, indexDecisions } from '../policy/approval-rules';
import type { VulnerabilityService } from '../vuln';
import { createPatchRatings } from './patch-ratings';

export interface PatchQuery {
  readonly deviceId?: number | undefined;
  readonly clientId?: number | undefined;
}

/** What is installed and what is missing, as the last successful scans found it. */
export interface InventoryService {
  /** As the device's last scan found them; for a retired device too. */
  packages(deviceId: number): InstalledPackage[];
  /** What scans saw change on the device, newest first; for a retired device too. */
  changes(deviceId: number): PackageChange[];
  patches(query?: PatchQuery): Patch[];
  /** Fleet-wide by package (or KB): who misses it, its worst colour, earliest due date, KEV, CVEs; most urgent first. */
  patchGroups(): PatchGroup[];
  /** Each active device that misses updates, with counts only: what the deployment wizard offers to patch. */
  devicesMissing(): DeviceMissingUpdates[];
}

const colourRank = { red: 0, yellow: 1, green: 2 } as const;

/** A group as the missing updates make it, before the technician's decision (which changes on its own) is added. */
export type UndecidedPatchGroup = Omit<PatchGroup, 'decision'>;

/** One group per package name over every device's missing copy of it (a device counts once). */
export function groupPatches(patches: readonly Patch[]): UndecidedPatchGroup[] {
  const groups = new Map<
    string,
    UndecidedPatchGroup & {
      deviceIds: Set<number>;
      versionSet: Set<string>;
      clientSet: Set<string>;
      cveSet: Set<string>;
    }
  >();
  for (const patch of patches) {
    let group = groups.get(patch.name);
    if (!group) {
      group = {
        package: patch.name,
        versions: [],
        devices: 0,
        clients: [],
        security: false,
        kev: false,
        worstColour: null,
        colours: { red: 0, yellow: 0, green: 0, unrated: 0 },
        dueAt: null,
        cves: [],
        firstSeenAt: patch.firstSeenAt,
        deviceIds: new Set(),
        versionSet: new Set(),
        clientSet: new Set(),
        cveSet: new Set(),
      };
      groups.set(patch.name, group);
    }
    group.versionSet.add(patch.availableVersion);
    group.clientSet.add(patch.clientName);
    for (const cve of patch.cves) group.cveSet.add(cve);
    group.security ||= patch.security;
    group.kev ||= patch.kev;
    if (patch.firstSeenAt < group.firstSeenAt) group.firstSeenAt = patch.firstSeenAt;
    // Two architectures of one package on a device are one thing to patch there.
    if (group.deviceIds.has(patch.deviceId)) continue;
    group.deviceIds.add(patch.deviceId);
    group.colours[patch.severity ?? 'unrated'] += 1;
    if (
      patch.severity &&
      (group.worstColour === null || colourRank[patch.severity] < colourRank[group.worstColour])
    )
      group.worstColour = patch.severity;
    if (patch.dueAt !== null && (group.dueAt === null || patch.dueAt < group.dueAt))
      group.dueAt = patch.dueAt;
  }
  const rank = (group: UndecidedPatchGroup) =>
    group.worstColour === null ? 3 : colourRank[group.worstColour];
  return [...groups.values()]
    .map(({ deviceIds, versionSet, clientSet, cveSet, ...group }) => ({
      ...group,
      devices: deviceIds.size,
      versions: [...versionSet].sort(),
      clients: [...clientSet].sort(),
      cves: [...cveSet].sort(),
    }))
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        Number(b.kev) - Number(a.kev) ||
        (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') ||
        b.devices - a.devices ||
        a.package.localeCompare(b.package),
    );
}

export function createInventoryService(
  context: EngineContext,
  devices: DeviceService,
  vulnerabilities: VulnerabilityService,
): InventoryService {
  const { database } = context;
  const ratings = createPatchRatings(database, (scope) => {
    const byId = new Map(scope.map((device) => [device.id, device]));
    const updates = listAvailableUpdates(database, [...byId.keys()]);
    const priorities = vulnerabilities.prioritise(updates);
    return updates.map((update, position) => {
      const device = byId.get(update.deviceId)!;
      const priority = priorities[position];
      return {
        ...update,
        device: device.name,
        clientName: device.clientName,
        cves: priority?.cves ?? update.cves,
        severity: priority?.colour ?? null,
        kev: priority?.kev ?? false,
        dueAt: priority?.dueAt ?? null,
      };
    });
  });
  const patches = (query: PatchQuery = {}): Patch[] => {
    // An unknown or retired device is the caller's error, named, not an empty list.
    if (query.deviceId === undefined) return ratings.patches({ clientId: query.clientId });
    devices.get(query.deviceId);
    return ratings.patches({ deviceId: query.deviceId });
  };
  // Grouping 26,000 missing updates took 75-200 ms: the groups are kept until some device's ratings change. Each
  // package's first update is kept too: a decision may name it by an advisory id, as the approvals queue reads it.
  let grouped: {
    readonly generation: number;
    readonly groups: readonly UndecidedPatchGroup[];
    readonly first: ReadonlyMap<string, Patch>;
  } | null = null;
  return {
    // What a device ran and what scans saw change stay readable after it is retired: its page looks back at it.
    // An unknown device is still named, not an empty list.
    packages(deviceId) {
      devices.get(deviceId, { withRetired: true });
      return listInstalledPackages(database, deviceId);
    },
    changes(deviceId) {
      devices.get(deviceId, { withRetired: true });
      return listPackageChanges(database, deviceId);
    },
    patches,
    patchGroups() {
      const fleet = patches();
      if (grouped?.generation !== ratings.generation) {
        const first = new Map<string, Patch>();
        for (const patch of fleet) if (!first.has(patch.name)) first.set(patch.name, patch);
        grouped = { generation: ratings.generation, groups: groupPatches(fleet), first };
      }
      const { groups, first } = grouped;
      // Decisions change without a scan: read on every call (a few rows), never kept with the groups.
      const decisions = indexDecisions(listApprovalDecisions(database));
      return groups.map((group) => {
        const update = first.get(group.package);
        return { ...group, decision: (update && decisionFor(decisions, update)) ?? null };
      });
    },
    devicesMissing: () => countMissingUpdatesByDevice(database),
  };
}
