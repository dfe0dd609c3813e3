import type { AvailableUpdate } from '../../../shared/domain/inventory';
import type { Engine } from '../../../electron/engine/create-engine';
import { storeScan } from '../../support/stored-scan';

/** Record a new successful scan of a device: its system unchanged, these updates missing (none: fully patched). */
export function rescanDevice(
  engine: Engine,
  deviceId: number,
  finishedAt: string,
  updates: readonly AvailableUpdate[] = [],
): void {
  const os = engine.devices.get(deviceId).os;
  if (!os) throw new Error(`device ${deviceId} was never scanned, so its system is unknown`);
  storeScan(engine.database, { deviceId, at: finishedAt, os, updates });
}
