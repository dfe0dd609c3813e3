import type { Engine } from '../../electron/engine/create-engine';
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
