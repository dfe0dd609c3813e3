import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { seedReportFleet } from '../engine/reports/report-fleet';
import { createTempEngine, fixedClock } from '../support/temp-engine';

// The Patches page's one call on a 2,000-device fleet (40 clients of 50, 100 packages, up to 30 missing updates
// each): patch:groups reads every missing update, rates it (advisories, KEV, SLA) and groups it by package in the
// engine, so the console receives a few hundred groups instead of every device's rows.
const NOW = '2026-11-22T09:00:00.000Z';
// The Patches page must open within a second on a quiet machine; the budget leaves room for a loaded one.
const BUDGET_MS = 1_500;
const temp = createTempEngine({ clock: fixedClock(NOW) });
const { engine } = temp;
seedReportFleet(engine, {
  clients: 40,
  devicesPerClient: 50,
  packages: 100,
  maxUpdates: 30,
  now: new Date(NOW),
});

const runs = 5;
const groupTimes: number[] = [];
const listTimes: number[] = [];
let groups = 0;
let patches = 0;
let groupBytes = 0;
let patchBytes = 0;
for (let run = 0; run < runs; run += 1) {
  let started = performance.now();
  const grouped = engine.inventory.patchGroups();
  groupTimes.push(performance.now() - started);
  groups = grouped.length;
  groupBytes = JSON.stringify(grouped).length;
  started = performance.now();
  const listed = engine.inventory.patches();
  listTimes.push(performance.now() - started);
  patches = listed.length;
  patchBytes = JSON.stringify(listed).length;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
temp.close();
console.log(
  JSON.stringify({
    devices: 2000,
    missingUpdates: patches,
    groups,
    patchGroupsMedianMs: Number(median(groupTimes).toFixed(1)),
    patchGroupsMinMs: Number(Math.min(...groupTimes).toFixed(1)),
    budgetMs: BUDGET_MS,
    withinBudget: median(groupTimes) <= BUDGET_MS,
    patchListMedianMs: Number(median(listTimes).toFixed(1)),
    patchGroupsJsonBytes: groupBytes,
    patchListJsonBytes: patchBytes,
    loadavg: os.loadavg().map((value) => Number(value.toFixed(2))),
  }),
);
