import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createHandlers } from '../../electron/engine/api/handlers';
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

// The deployment wizard's data, through its channels' handlers, each answer serialised and parsed as the IPC does:
// before, patch:list (every missing update of every device, for the package names and the devices missing any);
// after, patch:groups (packages with their decisions) and patch:devices (counts). approval:list is timed beside
// them: the Patches page reads its decisions from it, and it reads every missing update on every call.
const handlers = createHandlers(engine, { version: 'bench' });
// The engine answers one call at a time, so the wizard's two parallel calls cost the sum of their times.
const viaIpc = async (call: () => Promise<unknown>) => {
  const started = performance.now();
  const json = JSON.stringify(await call());
  JSON.parse(json);
  return { bytes: json.length, ms: performance.now() - started };
};
const wizardChannels = ['patch:list', 'patch:groups', 'approval:list', 'patch:devices'] as const;
const wizardRuns = new Map(wizardChannels.map((channel) => [channel, [] as { bytes: number; ms: number }[]]));
for (let run = 0; run < runs; run += 1)
  for (const channel of wizardChannels)
    wizardRuns.get(channel)!.push(await viaIpc(() => handlers[channel]({})));
const wizard = (channels: readonly (typeof wizardChannels)[number][]) => ({
  jsonBytes: channels.reduce((sum, channel) => sum + wizardRuns.get(channel)![0]!.bytes, 0),
  medianMs: ms(
    channels.reduce((sum, channel) => sum + median(wizardRuns.get(channel)!.map((entry) => entry.ms)), 0),
  ),
  byChannelMedianMs: Object.fromEntries(
    channels.map((channel) => [channel, ms(median(wizardRuns.get(channel)!.map((entry) => entry.ms)))]),
  ),
});
const devicesMissing = engine.inventory.devicesMissing().length;

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
    devicesMissing,
    wizardBefore: wizard(['patch:list']),
    wizardAfter: wizard(['patch:groups', 'patch:devices']),
    approvalList: wizard(['approval:list']),
    loadavg: os.loadavg().map((value) => Number(value.toFixed(2))),
    procLoadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
  }),
);
