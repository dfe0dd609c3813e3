import type { InstalledPackage } from '../../../shared/domain/inventory';
import type { PackageChange, Patch } from '../../../shared/domain/scan';
import {
  listAvailableUpdates,
  listInstalledPackages,
  listPackageChanges,
} from '../db/repositories/inventory';
import type { EngineContext } from '../engine-context';
import type { DeviceService } from '../fleet/devices';
import type { VulnerabilityService } from '../vuln';

export interface PatchQuery {
  readonly deviceId?: number | undefined;
  readonly clientId?: number | undefined;
}

/** What is installed and what is missing, as the last successful scans found it. */
export interface InventoryService {
  packages(deviceId: number): InstalledPackage[];
  /** What scans saw change on the device, newest first. */
  changes(deviceId: number): PackageChange[];
  patches(query?: PatchQuery): Patch[];
}

export function createInventoryService(
  context: EngineContext,
  devices: DeviceService,
  vulnerabilities: VulnerabilityService,
): InventoryService {
  const { database } = context;
  return {
    packages(deviceId) {
      devices.get(deviceId);
      return listInstalledPackages(database, deviceId);
    },
    changes(deviceId) {
      devices.get(deviceId);
      return listPackageChanges(database, deviceId);
    },
    patches(query = {}) {
      const scope =
        query.deviceId !== undefined
          ? [devices.get(query.deviceId)]
          : devices.list({ clientId: query.clientId });
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
    },
  };
}
