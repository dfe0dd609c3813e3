import type { Ring } from '../../../shared/domain/fleet';
import type { AvailableUpdate } from '../../../shared/domain/inventory';
import type { Engine } from '../../../electron/engine/create-engine';
import { recordScans } from '../../../electron/engine/db/repositories/inventory';

export interface FleetDevice {
  readonly name: string;
  readonly tags?: readonly string[];
  readonly ring?: Ring;
}

/** A client with agent-login devices (nothing here connects anywhere), as the device service adds them. */
export async function addFleet(
  engine: Engine,
  client: { name: string; timeZone: string },
  devices: readonly FleetDevice[],
): Promise<{ clientId: number; deviceIds: Map<string, number> }> {
  const { id: clientId } = engine.clients.add(client);
  const deviceIds = new Map<string, number>();
  for (const device of devices) {
    const added = await engine.devices.add({
      clientId,
      name: device.name,
      host: '127.0.0.1',
      port: 22,
      user: 'tech',
      auth: { kind: 'agent' },
      sudo: true,
      tags: [...(device.tags ?? [])],
      ring: device.ring ?? 'broad',
    });
    deviceIds.set(device.name, added.id);
  }
  return { clientId, deviceIds };
}

/** A missing Debian update in the shape a scan stores it. */
export function debianUpdate(name: string, overrides: Partial<AvailableUpdate> = {}): AvailableUpdate {
  return {
    name,
    installedVersion: '1.0-1',
    availableVersion: '1.0-2',
    arch: 'amd64',
    origin: 'Debian-Security:12/bookworm-security',
    security: true,
    classification: 'security',
    vendorSeverity: null,
    advisoryIds: [],
    cves: [],
    rebootRequired: null,
    manager: 'dpkg',
    ...overrides,
  };
}

/** Store a successful scan that found these updates missing, through the same path real scans take. */
export function recordMissingUpdates(
  engine: Engine,
  deviceId: number,
  updates: readonly AvailableUpdate[],
  at = '2026-11-20T08:00:00.000Z',
): void {
  engine.database.transaction(() =>
    recordScans(engine.database, [
      {
        deviceId,
        depth: 'quick',
        startedAt: at,
        finishedAt: at,
        status: 'ok',
        error: null,
        durationMs: 1000,
        inventory: {
          platform: 'debian',
          os: {
            family: 'debian',
            name: 'Debian GNU/Linux 12 (bookworm)',
            id: 'debian',
            version: '12',
            codename: 'bookworm',
            kernel: '6.1.0-28-amd64',
            arch: 'amd64',
            hostname: null,
          },
          packages: updates.map((update) => ({
            name: update.name,
            version: update.installedVersion ?? '0',
            arch: update.arch,
            sourceName: null,
            sourceVersion: null,
            manager: update.manager,
          })),
          updates,
          rebootRequired: false,
          metadataStale: false,
          warnings: [],
        },
      },
    ]),
  );
}
