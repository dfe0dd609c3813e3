import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { dashboardSql } from '../../electron/engine/db/repositories/dashboard';
import {
  listClientsWithStalePriorities,
  upsertSnapshot,
} from '../../electron/engine/db/repositories/reports';
import { seedReportFleet } from '../engine/reports/report-fleet';
import { createTempEngine, fixedClock } from '../support/temp-engine';

// 2,000 devices (40 clients of 50) with 100 packages and up to 30 missing updates each, 90 days of snapshots:
// every dashboard widget's query, each under 10 ms.
const NOW = '2026-11-22T09:00:00.000Z';
const clock = fixedClock(NOW);
const temp = createTempEngine({ clock });
const { engine } = temp;
const fleet = seedReportFleet(engine, {
  clients: 40,
  devicesPerClient: 50,
  packages: 100,
  maxUpdates: 30,
  now: new Date(NOW),
});
// A second later, as on a real clock: priorities computed at the very instant of the seeded feed import count as
// stale (equal timestamps do, see priorityIsStale), and every summary below would refresh the whole fleet again.
clock.advance(1_000);
const refreshStarted = performance.now();
engine.reports.refreshCompliance();
const refreshMs = performance.now() - refreshStarted;
engine.database.transaction(() => {
  for (let day = 90; day >= 1; day -= 1) {
    const date = new Date(Date.parse(NOW) - day * 86_400_000).toISOString().slice(0, 10);
    for (const clientId of fleet.clientIds) {
      upsertSnapshot(
        engine.database,
        {
          clientId,
          day: date,
          devices: 50,
          fullyPatched: 5 + (day % 20),
          red: 40,
          yellow: 200,
          green: 300,
          overdue: 120,
          kev: 6,
        },
        NOW,
      );
    }
  }
});
engine.reports.recordComplianceSnapshot();

const parameters: Record<keyof typeof dashboardSql, unknown[]> = {
  compliance: [],
  outstanding: [],
  overdue: [NOW],
  nextDue: ['yellow', NOW],
  dueSoon: [NOW, 10],
  failedJobCount: ['2026-11-15T09:00:00.000Z'],
  recentFailedJobs: [5],
  scanFreshness: ['2026-11-15T09:00:00.000Z', '2026-10-23T09:00:00.000Z'],
  stalest: ['2026-11-15T09:00:00.000Z', 10],
  systems: [],
  expiredExceptions: [NOW, 20],
  expiringExceptions: [NOW, '2026-12-06T09:00:00.000Z', 20],
  trend: ['2026-08-24'],
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
// The machine is shared (load average in the output): min shows the query's own cost when others stretch the
// median and max.
const queries: Record<string, { minMs: number; medianMs: number; maxMs: number; rows: number }> = {};
for (const [name, sql] of Object.entries(dashboardSql)) {
  const statement = engine.database.statement(sql);
  const args = parameters[name as keyof typeof dashboardSql];
  const times: number[] = [];
  let rows = 0;
  for (let run = 0; run < 30; run += 1) {
    const started = performance.now();
    rows = statement.all(...args).length;
    times.push(performance.now() - started);
  }
  queries[name] = {
    minMs: Number(Math.min(...times).toFixed(3)),
    medianMs: Number(median(times).toFixed(3)),
    maxMs: Number(Math.max(...times).toFixed(3)),
    rows,
  };
}
// The dashboard first asks which clients a scan or feed import left with stale priorities (none here).
const staleTimes: number[] = [];
for (let run = 0; run < 30; run += 1) {
  const started = performance.now();
  if (listClientsWithStalePriorities(engine.database).length > 0) throw new Error('priorities are stale');
  staleTimes.push(performance.now() - started);
}
const summaryTimes: number[] = [];
for (let run = 0; run < 20; run += 1) {
  const started = performance.now();
  engine.reports.dashboard();
  summaryTimes.push(performance.now() - started);
}
const counts = {
  devices: engine.database.statement('SELECT count(*) FROM devices').pluck().get(),
  missingUpdates: engine.database.statement('SELECT count(*) FROM available_updates').pluck().get(),
  installedRows: engine.database.statement('SELECT count(*) FROM installed_packages').pluck().get(),
  snapshots: engine.database.statement('SELECT count(*) FROM compliance_snapshots').pluck().get(),
};
const slowest = Object.entries(queries).sort((a, b) => b[1].medianMs - a[1].medianMs)[0]!;
temp.close();
console.log(
  JSON.stringify({
    benchmark: 'dashboard-queries',
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown'}, node ${process.version}`,
    loadAverage: os.loadavg()[0],
    ...counts,
    refreshAllPrioritiesMs: Math.round(refreshMs),
    queries,
    slowestQuery: slowest[0],
    slowestMedianMs: slowest[1].medianMs,
    staleCheckMedianMs: Number(median(staleTimes).toFixed(3)),
    wholeSummaryMinMs: Number(Math.min(...summaryTimes).toFixed(2)),
    wholeSummaryMedianMs: Number(median(summaryTimes).toFixed(2)),
    budgetMsPerQuery: 10,
  }),
);
