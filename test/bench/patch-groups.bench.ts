import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { rescanDevice } from '../engine/inventory/rescan-device';
import { seedReportFleet } from '../engine/reports/report-fleet';
import { createTempEngine, fixedClock } from '../support/temp-engine';

// The Patches page's one call on a 2,000-device fleet (40 clients of 50, 100 packages, up to 30 missing updates
// each): patch:groups reads every missing update, rates it (advisories, KEV, SLA) and groups it by package in the
// engine, so the console receives a few hundred groups instead of every device's rows. Ratings are kept per device
// until its scan, client or the feeds change: cold is the first call (every device rated), warm a call with
// nothing changed, one rescan a call after one device's new scan (that device rated again, the fleet regrouped).
const NOW = '2026-11-22T09:00:00.000Z';
// The Patches page must open within a second on a quiet machine; the budget leaves room for a loaded one.
const BUDGET_MS = 1_500;
const temp = createTempEngine({ clock: fixedClock(NOW) });
const { engine } = temp;
const fleet = seedReportFleet(engine, {
  clients: 40,
  devicesPerClient: 50,
  packages: 100,
  maxUpdates: 30,
  now: new Date(NOW),
});

const timed = <T>(run: () => T): [T, number] => {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => Number(value.toFixed(1));

const [coldGroups, coldMs] = timed(() => engine.inventory.patchGroups());
const runs = 5;
const warmTimes: number[] = [];
const listTimes: number[] = [];
let patches = 0;
let patchBytes = 0;
for (let run = 0; run < runs; run += 1) {
  warmTimes.push(timed(() => engine.inventory.patchGroups())[1]);
  const [listed, listMs] = timed(() => engine.inventory.patches());
  listTimes.push(listMs);
  patches = listed.length;
  patchBytes = JSON.stringify(listed).length;
}

const rescanned = fleet.deviceIds[1]!;
rescanDevice(engine, rescanned, new Date(Date.parse(NOW) - 60_000).toISOString());
const [, oneRescanMs] = timed(() => engine.inventory.patchGroups());
temp.close();
console.log(
  JSON.stringify({
    devices: 2000,
    missingUpdates: patches,
    groups: coldGroups.length,
    patchGroupsColdMs: ms(coldMs),
    patchGroupsWarmMedianMs: ms(median(warmTimes)),
    patchGroupsWarmMaxMs: ms(Math.max(...warmTimes)),
    patchGroupsAfterOneRescanMs: ms(oneRescanMs),
    budgetMs: BUDGET_MS,
    withinBudget: coldMs <= BUDGET_MS,
    patchListWarmMedianMs: ms(median(listTimes)),
    patchGroupsJsonBytes: JSON.stringify(coldGroups).length,
    patchListJsonBytes: patchBytes,
    loadavg: os.loadavg().map((value) => Number(value.toFixed(2))),
    procLoadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
  }),
);
