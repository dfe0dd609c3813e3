import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { seedReportFleet } from '../reports/report-fleet';

const NOW = '2026-11-22T09:00:00.000Z';

describe('patch groups (the Patches page, fleet-wide by package)', () => {
  let temp: ReturnType<typeof createTempEngine>;
  beforeEach(() => {
    temp = createTempEngine({ clock: fixedClock(NOW) });
    seedReportFleet(temp.engine, {
      clients: 3,
      devicesPerClient: 6,
      packages: 40,
      maxUpdates: 12,
      now: new Date(NOW),
    });
  });
  afterEach(() => temp.close());

  it('agrees with every device row of patch:list: devices, colours, earliest due date, KEV, CVEs', () => {
    const patches = temp.engine.inventory.patches();
    const groups = temp.engine.inventory.patchGroups();
    expect(groups.length).toBeGreaterThan(3);
    expect(new Set(groups.map((group) => group.package))).toEqual(
      new Set(patches.map((patch) => patch.name)),
    );
    for (const group of groups) {
      const rows = patches.filter((patch) => patch.name === group.package);
      const devices = new Set(rows.map((patch) => patch.deviceId));
      expect(group.devices).toBe(devices.size);
      const { red, yellow, green, unrated } = group.colours;
      expect(red + yellow + green + unrated).toBe(devices.size);
      expect(group.kev).toBe(rows.some((patch) => patch.kev));
      expect(group.cves).toEqual([...new Set(rows.flatMap((patch) => patch.cves))].sort());
      const dues = rows.flatMap((patch) => (patch.dueAt === null ? [] : [patch.dueAt])).sort();
      expect(group.dueAt).toBe(dues[0] ?? null);
      const worst = ['red', 'yellow', 'green'].find((colour) =>
        rows.some((patch) => patch.severity === colour),
      );
      expect(group.worstColour).toBe(worst ?? null);
      expect(group.clients).toEqual([...new Set(rows.map((patch) => patch.clientName))].sort());
    }
  });

  it('puts the most urgent first: worst colour, then KEV, then the nearest deadline', () => {
    const groups = temp.engine.inventory.patchGroups();
    const rank = { red: 0, yellow: 1, green: 2 } as const;
    const ranks = groups.map((group) => (group.worstColour === null ? 3 : rank[group.worstColour]));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(groups[0]).toMatchObject({ worstColour: 'red' });
    const red = groups.filter((group) => group.worstColour === 'red');
    const kevFirst = red.map((group) => group.kev);
    expect(kevFirst).toEqual([...kevFirst].sort((a, b) => Number(b) - Number(a)));
  });

  it('is empty for a fleet with nothing missing', () => {
    const fresh = createTempEngine({ clock: fixedClock(NOW) });
    try {
      expect(fresh.engine.inventory.patchGroups()).toEqual([]);
    } finally {
      fresh.close();
    }
  });
});
