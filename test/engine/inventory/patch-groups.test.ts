import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PatchGroup } from '../../../shared/domain/patch-groups';
import type { Patch } from '../../../shared/domain/scan';
import type { Engine } from '../../../electron/engine/create-engine';
import { listAvailableUpdates } from '../../../electron/engine/db/repositories/inventory';
import { groupPatches, type UndecidedPatchGroup } from '../../../electron/engine/inventory/inventory-service';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { seedReportFleet, type ReportFleet } from '../reports/report-fleet';
import { rescanDevice } from './rescan-device';

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

  it("carries the approvals queue's decision for each package, read afresh on every call", () => {
    const [approved, deferred, excluded, waiting] = temp.engine.inventory.patchGroups();
    if (!approved || !deferred || !excluded || !waiting) throw new Error('fewer than four groups');
    const decisionOf = (name: string) =>
      temp.engine.inventory.patchGroups().find((group) => group.package === name)?.decision;
    temp.engine.approvals.decide({ packages: [approved.package], decision: 'approve' });
    temp.engine.approvals.decide({
      packages: [deferred.package],
      decision: 'defer',
      until: '2026-12-02T00:00:00.000Z',
    });
    // A decision names the package as the technician typed it: any case.
    temp.engine.approvals.decide({ packages: [excluded.package.toUpperCase()], decision: 'exclude' });
    expect(decisionOf(approved.package)).toMatchObject({ decision: 'approve' });
    expect(decisionOf(deferred.package)).toMatchObject({
      decision: 'defer',
      until: '2026-12-02T00:00:00.000Z',
    });
    expect(decisionOf(excluded.package)).toMatchObject({ decision: 'exclude' });
    expect(decisionOf(waiting.package)).toBeNull();
    const queue = new Map(temp.engine.approvals.queue().map((entry) => [entry.package, entry.decision]));
    for (const group of temp.engine.inventory.patchGroups())
      expect({ package: group.package, decision: group.decision }).toEqual({
        package: group.package,
        decision: queue.get(group.package),
      });
    temp.engine.approvals.withdraw(approved.package);
    expect(decisionOf(approved.package)).toBeNull();
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

/** Groups as patch:groups answers them while the technician has decided nothing. */
const undecided = (groups: readonly UndecidedPatchGroup[]): PatchGroup[] =>
  groups.map((group) => ({ ...group, decision: null }));

/** The missing updates rated afresh, the way patch:list rated them on every call before ratings were kept. */
function ratedAfresh(engine: Engine): Patch[] {
  const byId = new Map(engine.devices.list().map((device) => [device.id, device]));
  const updates = listAvailableUpdates(engine.database, [...byId.keys()]);
  const priorities = engine.vulnerabilities.prioritise(updates);
  return updates.map((update, position) => {
    const device = byId.get(update.deviceId)!;
    const priority = priorities[position]!;
    return {
      ...update,
      device: device.name,
      clientName: device.clientName,
      cves: priority.cves,
      severity: priority.colour,
      kev: priority.kev,
      dueAt: priority.dueAt,
    };
  });
}

/** An OSV advisory for bookworm's pkg-021, fixed by the 1.3-1 every device is offered. */
const pkg021Advisory = {
  name: 'DEBIAN-CVE-2026-7777.json',
  bytes: Buffer.from(
    JSON.stringify({
      schema_version: '1.6.0',
      id: 'DEBIAN-CVE-2026-7777',
      modified: '2026-11-01T00:00:00Z',
      upstream: ['CVE-2026-7777'],
      affected: [
        {
          package: { ecosystem: 'Debian:12', name: 'pkg-021' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.3-1' }] }],
        },
      ],
    }),
  ),
};

describe('patch groups kept between calls (ratings rated again only when what they depend on changes)', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let clock: ReturnType<typeof fixedClock>;
  let fleet: ReportFleet;
  beforeEach(() => {
    clock = fixedClock(NOW);
    temp = createTempEngine({ clock });
    fleet = seedReportFleet(temp.engine, {
      clients: 3,
      devicesPerClient: 6,
      packages: 40,
      maxUpdates: 12,
      now: new Date(NOW),
    });
  });
  afterEach(() => temp.close());

  const expectFresh = () => {
    const afresh = ratedAfresh(temp.engine);
    expect(temp.engine.inventory.patches()).toEqual(afresh);
    const groups = temp.engine.inventory.patchGroups();
    expect(groups).toEqual(undecided(groupPatches(afresh)));
    return groups;
  };

  it('answers a second call from the kept ratings, identical to rating afresh', () => {
    const first = expectFresh();
    const prioritise = vi.spyOn(temp.engine.vulnerabilities, 'prioritise');
    expect(temp.engine.inventory.patchGroups()).toEqual(first);
    expect(temp.engine.inventory.patches({ clientId: fleet.clientIds[1]! })).toEqual(
      ratedAfresh(temp.engine).filter((patch) => patch.clientName === 'Client 001'),
    );
    // ratedAfresh calls prioritise itself, once: the service did not.
    expect(prioritise).toHaveBeenCalledTimes(1);
  });

  it('rates again only the rescanned device', () => {
    const before = expectFresh();
    const deviceId = fleet.deviceIds[1]!;
    // The rescan finds one missing update fewer.
    const [, ...remaining] = temp.engine.inventory.patches({ deviceId });
    expect(remaining.length).toBeGreaterThan(0);
    const prioritise = vi.spyOn(temp.engine.vulnerabilities, 'prioritise');
    rescanDevice(temp.engine, deviceId, new Date(Date.parse(NOW) - 60_000).toISOString(), remaining);
    const after = temp.engine.inventory.patchGroups();
    expect(prioritise).toHaveBeenCalledTimes(1);
    expect(prioritise.mock.calls[0]![0].map((update) => update.deviceId)).toEqual(
      remaining.map(() => deviceId),
    );
    expect(after).not.toEqual(before);
    expect(after).toEqual(undecided(groupPatches(ratedAfresh(temp.engine))));
  });

  it('follows an SLA change, a renamed client and device, a removed device and a feed import', async () => {
    let groups = expectFresh();
    const changed = (next: PatchGroup[]) => {
      expect(next).not.toEqual(groups);
      groups = next;
    };
    const [acme, second] = [fleet.clientIds[0]!, fleet.clientIds[1]!];
    temp.engine.clients.update({ id: acme, slaDays: { red: 1, yellow: 5, green: 9 } });
    changed(expectFresh());
    temp.engine.clients.update({ id: second, name: 'Renamed Client' });
    changed(expectFresh());
    expect(groups.some((group) => group.clients.includes('Renamed Client'))).toBe(true);

    const renamed = fleet.deviceIds[2]!;
    await temp.engine.devices.update({ id: renamed, name: 'renamed-device' });
    expectFresh();
    expect(temp.engine.inventory.patches({ deviceId: renamed })[0]).toMatchObject({
      device: 'renamed-device',
    });

    temp.engine.devices.remove(fleet.deviceIds[9]!);
    changed(expectFresh());

    const pkg021 = groups.find((group) => group.package === 'pkg-021');
    expect(pkg021?.cves).not.toContain('CVE-2026-7777');
    clock.advance(60_000);
    temp.engine.vulnerabilities.importContent([pkg021Advisory]);
    changed(expectFresh());
    expect(groups.find((group) => group.package === 'pkg-021')?.cves).toContain('CVE-2026-7777');
  });
});
