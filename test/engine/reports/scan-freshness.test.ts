import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordScans } from '../../../electron/engine/db/repositories/inventory';
import { storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

const NOW = '2026-11-22T09:00:00.000Z';
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();

describe('scan freshness on the dashboard', () => {
  const temp = createTempEngine({ clock: fixedClock(NOW) });
  const { engine } = temp;

  const failedScan = (deviceId: number, at: string) =>
    engine.database.transaction(() =>
      recordScans(engine.database, [
        {
          deviceId,
          depth: 'full',
          startedAt: at,
          finishedAt: at,
          status: 'unreachable',
          error: 'The device did not answer on port 22.',
          durationMs: 10_000,
          inventory: null,
        },
      ]),
    );

  beforeAll(async () => {
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const add = async (name: string) => (await addUnreachableDevice(engine, client.id, name)).id;
    storeScan(engine.database, { deviceId: await add('scanned-5-days-ago'), at: daysAgo(5) });
    // Read 40 days ago, unreachable every day since: its inventory is 40 days old, whatever the scheduler tried.
    const unreachable = await add('unreachable-since-40-days');
    storeScan(engine.database, { deviceId: unreachable, at: daysAgo(40) });
    for (let day = 39; day >= 1; day -= 1) failedScan(unreachable, daysAgo(day));
    failedScan(await add('every-scan-failed'), daysAgo(1));
    await add('never-scanned');
    const retired = await add('retired');
    storeScan(engine.database, { deviceId: retired, at: daysAgo(90) });
    engine.database.statement('UPDATE devices SET retired_at = ? WHERE id = ?').run(daysAgo(60), retired);
  });
  afterAll(() => temp.close());

  it('counts a device by its last scan that read the inventory, not by its last failed attempt', () => {
    const fresh = engine.reports.dashboard().scanFreshness;
    expect(fresh).toMatchObject({ staleAfterDays: 7, neverScanned: 2, stale: 1, olderThan30Days: 1 });
    expect(fresh.stalest.map(({ device, lastScanAt }) => ({ device, lastScanAt }))).toEqual([
      { device: 'every-scan-failed', lastScanAt: null },
      { device: 'never-scanned', lastScanAt: null },
      { device: 'unreachable-since-40-days', lastScanAt: daysAgo(40) },
    ]);
  });

  it('uses the scan freshness threshold from Settings', () => {
    engine.settings.update({ scanFreshnessDays: 3 });
    const fresh = engine.reports.dashboard().scanFreshness;
    expect(fresh).toMatchObject({ staleAfterDays: 3, neverScanned: 2, stale: 2, olderThan30Days: 1 });
    expect(fresh.stalest.map((stale) => stale.device)).toEqual([
      'every-scan-failed',
      'never-scanned',
      'unreachable-since-40-days',
      'scanned-5-days-ago',
    ]);
  });
});
