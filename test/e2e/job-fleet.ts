import type { Engine } from '../../electron/engine/create-engine';
import { listInstalledPackages } from '../../electron/engine/db/repositories/inventory';
import { insertChange } from '../../electron/engine/db/repositories/jobs';
import { storeScan } from '../support/stored-scan';
import { seedReportFleet } from '../engine/reports/report-fleet';

/** Nothing listens on the discard port of the loopback address: a job or pre-flight fails fast and honestly there. */
export const CLOSED_PORT = 9;

/** The job pages' fleet: one client's eight devices with missing updates of every kind, and a job history. */
export function seedJobFleet(engine: Engine): void {
  seedReportFleet(engine, { clients: 1, devicesPerClient: 8, packages: 30, maxUpdates: 5, now: new Date() });
}

/** The same fleet at the closed port: every deployment or rollback the console starts is a real job that fails. */
export async function seedUnreachableJobFleet(engine: Engine): Promise<void> {
  seedJobFleet(engine);
  for (const device of engine.devices.list())
    await engine.devices.update({ id: device.id, port: CLOSED_PORT });
}

/**
 * What a deployment changed on a device, as its verify records it: the change, and the rescan that found the new
 * version installed (a rollback leaves alone a package that is no longer as its job left it).
 */
export function recordUpgrade(
  engine: Engine,
  change: { jobId: number; deviceId: number; package: string; from: string; to: string },
): void {
  const { database } = engine;
  insertChange(database, { ...change, rollbackPossible: true, rollbackNote: null });
  const packages = listInstalledPackages(database, change.deviceId).map((pkg) =>
    pkg.name === change.package ? { ...pkg, version: change.to } : pkg,
  );
  const os = engine.devices.get(change.deviceId).os ?? undefined;
  storeScan(database, {
    deviceId: change.deviceId,
    at: new Date().toISOString(),
    packages,
    ...(os ? { os } : {}),
  });
}
