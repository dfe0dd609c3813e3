import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/engine/api/handlers';
import {
  listClientsWithStalePriorities,
  listSnapshots,
} from '../../../electron/engine/db/repositories/reports';
import { createTempEngine } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

describe("the console's scans and feed imports", () => {
  // Each reading of the clock a millisecond later: a refresh at the very instant of the scan would count as stale.
  let tick = Date.parse('2026-11-22T09:00:00Z');
  const temp = createTempEngine({ clock: { now: () => new Date(tick++) } });
  afterAll(() => temp.close());

  it('leave no stored priority stale and today in the trend, so the next dashboard visit does not refresh them', async () => {
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await addUnreachableDevice(engine, client.id, 'web-01');
    expect(listClientsWithStalePriorities(engine.database)).toEqual([client.id]);

    const outcomes = await createHandlers(engine, { version: 'test' })['scan:run']({
      deviceIds: [device.id],
      depth: 'quick',
    });
    expect(outcomes).toHaveLength(1);
    expect(listClientsWithStalePriorities(engine.database)).toEqual([]);
    expect(listSnapshots(engine.database, client.id, '2000-01-01', '2999-12-31')).toMatchObject([
      { day: '2026-11-22', devices: 1, fullyPatched: 0 },
    ]);

    // A feed import changes every device's colours: all of them are refreshed before the import answers.
    const kev = path.join(import.meta.dirname, '..', 'vuln', 'fixtures', 'kev-subset.json');
    await createHandlers(engine, { version: 'test' })['feed:import']({ paths: [kev] });
    expect(listClientsWithStalePriorities(engine.database)).toEqual([]);
  });
});
