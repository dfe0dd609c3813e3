import type { AvailableUpdate } from '../../../shared/domain/inventory';
import type { Engine } from '../../../electron/engine/create-engine';
import { recordScans } from '../../../electron/engine/db/repositories/inventory';

/** Record a new successful scan of a device: its system unchanged, these updates missing (none: fully patched). */
export function rescanDevice(
  engine: Engine,
  deviceId: number,
  finishedAt: string,
  updates: readonly AvailableUpdate[] = [],
): void {
  const os = engine.devices.get(deviceId).os;
  if (!os) throw new Error(`device ${deviceId} was never scanned, so its system is unknown`);
  engine.database.transaction(() =>
    recordScans(engine.database, [
      {
        deviceId,
        depth: 'full',
        startedAt: finishedAt,
        finishedAt,
        status: 'ok',
        error: null,
        durationMs: 900,
        inventory: {
          platform: os.family,
          os,
          packages: [],
          updates,
          rebootRequired: false,
          metadataStale: false,
          warnings: [],
        },
      },
    ]),
  );
}
