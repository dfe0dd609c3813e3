import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { missingUpdatesByDeviceSql } from '../../../electron/engine/db/repositories/inventory';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { seedReportFleet, type ReportFleet } from '../reports/report-fleet';
import { aptUpdate } from '../../support/stored-scan';
import { rescanDevice } from './rescan-device';

const NOW = '2026-11-22T09:00:00.000Z';

describe('devices that miss updates (the deployment wizard, counts per device)', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let fleet: ReportFleet;
  beforeEach(() => {
    temp = createTempEngine({ clock: fixedClock(NOW) });
    fleet = seedReportFleet(temp.engine, {
      clients: 2,
      devicesPerClient: 8,
      packages: 30,
      maxUpdates: 10,
      now: new Date(NOW),
    });
  });
  afterEach(() => temp.close());

  it('agrees with patch:list: the same devices, distinct packages and security packages per device', () => {
    const patches = temp.engine.inventory.patches();
    const devices = new Map(temp.engine.devices.list().map((device) => [device.id, device]));
    const expected = [...new Set(patches.map((patch) => patch.deviceId))]
      .sort((a, b) => a - b)
      .map((id) => {
        const rows = patches.filter((patch) => patch.deviceId === id);
        return {
          deviceId: id,
          name: devices.get(id)?.name,
          clientName: devices.get(id)?.clientName,
          missing: new Set(rows.map((patch) => patch.name)).size,
          security: new Set(rows.filter((patch) => patch.security).map((patch) => patch.name)).size,
        };
      });
    const counted = temp.engine.inventory.devicesMissing();
    expect(counted).toEqual(expected);
    // The seeded fleet has fully patched devices and devices with only non-security updates: both cases are covered.
    expect(counted.length).toBeLessThan(fleet.deviceIds.length);
    expect(counted.some((device) => device.security === 0)).toBe(true);
    expect(counted.some((device) => device.security > 0)).toBe(true);
  });

  it('counts two architectures of one package once, and leaves out fully patched and retired devices', () => {
    const [twoArch, patched, retired] = fleet.deviceIds;
    rescanDevice(temp.engine, twoArch!, NOW, [
      aptUpdate('libssl3', '1.0-1', '1.1-1', true, 'amd64'),
      aptUpdate('libssl3', '1.0-1', '1.1-1', true, 'i386'),
      aptUpdate('nano', '1.0-1', '1.1-1', false, 'amd64'),
    ]);
    rescanDevice(temp.engine, patched!, NOW);
    temp.engine.database.statement('UPDATE devices SET retired_at = ? WHERE id = ?').run(NOW, retired!);
    const counted = temp.engine.inventory.devicesMissing();
    expect(counted.find((device) => device.deviceId === twoArch)).toMatchObject({
      deviceId: twoArch,
      missing: 2,
      security: 1,
    });
    const ids = counted.map((device) => device.deviceId);
    expect(ids).not.toContain(patched);
    expect(ids).not.toContain(retired);
  });

  it('is empty for a fleet with nothing missing', () => {
    const fresh = createTempEngine({ clock: fixedClock(NOW) });
    try {
      expect(fresh.engine.inventory.devicesMissing()).toEqual([]);
    } finally {
      fresh.close();
    }
  });

  // Patchdeck never runs ANALYZE, so this is the plan the app gets.
  it("reads each device's updates through the primary key, never a full scan of the updates", () => {
    const plan = (
      temp.engine.database.statement(`EXPLAIN QUERY PLAN ${missingUpdatesByDeviceSql}`).all() as {
        detail: string;
      }[]
    ).map((row) => row.detail);
    expect(plan.join('\n')).toMatch(/SEARCH u USING PRIMARY KEY \(device_id=\?\)/);
    expect(plan.filter((detail) => /^SCAN u\b/.test(detail))).toEqual([]);
  });
});
