import type { InstalledPackage } from '../../../shared/domain/inventory';
import type { Patch } from '../../../shared/domain/scan';
import { listAvailableUpdates, listInstalledPackages } from '../db/repositories/inventory';
import type { EngineContext } from '../engine-context';
import type { DeviceService } from '../fleet/devices';

export interface PatchQuery {
  readonly deviceId?: number | undefined;
  readonly clientId?: number | undefined;
}

/** What is installed and what is missing, as the last successful scans found it. */
export interface InventoryService {
  packages(deviceId: number): InstalledPackage[];
  patches(query?: PatchQuery): Patch[];
}

export function createInventoryService(context: EngineContext, devices: DeviceService): InventoryService {
  const { database } = context;
  return {
    packages(deviceId) {
      devices.get(deviceId);
      return listInstalledPackages(database, deviceId);
    },
    patches(query = {}) {
      const scope =
        query.deviceId !== undefined
          ? [devices.get(query.deviceId)]
          : devices.list({ clientId: query.clientId });
      const byId = new Map(scope.map((device) => [device.id, device]));
      return listAvailableUpdates(database, [...byId.keys()]).map((update) => {
        const device = byId.get(update.deviceId)!;
        // Severity, KEV and due dates come from vulnerability intelligence; without it nothing is known.
        return {
          ...update,
          device: device.name,
          clientName: device.clientName,
          severity: null,
          kev: false,
          dueAt: null,
        };
      });
    },
  };
}
