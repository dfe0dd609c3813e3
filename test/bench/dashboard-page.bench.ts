// How soon the Dashboard is interactive with 2,000 devices: the console is opened in Debian's Chromium through the
// UI test bridge, against the real engine on a temp database holding a realistic fleet (missing updates of every
// colour, KEV, a failed job, 90 days of snapshots), with the BUILT renderer (run `npx vite build` first).
import os from 'node:os';
import type { Browser } from 'playwright-core';
import { upsertSnapshot } from '../../electron/engine/db/repositories/reports';
import { startBridge } from '../bridge/start-bridge';
import { launchChromium } from '../e2e/chromium';
import { seedReportFleet } from '../engine/reports/report-fleet';

const RUNS = 9;
const CLIENTS = 40;
const DEVICES_PER_CLIENT = 50;
/** Without a long task for this long after the widgets are painted, the page counts as interactive. */
const QUIET_MS = 1_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

interface DashboardLoad {
  /** Navigation start to the first frame painted with every widget's numbers. */
  readonly paintedMs: number;
  /** The later of that and the end of the last long task (> 50 ms) on the main thread: input is answered at once. */
  readonly interactiveMs: number;
  readonly longTasks: number;
  readonly mainThreadCpuMs: number;
}

/**
 * One load of the Dashboard. "Painted" is the frame after the fleet's percentage and the compliance-by-client
 * rows are in the DOM (a rAF, then a task so that frame has been presented); "interactive" adds any long task that
 * kept the main thread busy after that, as Lighthouse's time to interactive does, with a quiet second as its window.
 */
async function loadDashboard(browser: Browser, url: string): Promise<DashboardLoad> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const devtools = await context.newCDPSession(page);
  await devtools.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.addInitScript(() => {
    const state = window as unknown as { __paintedAt?: number; __longTaskEnds: number[] };
    state.__longTaskEnds = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.__longTaskEnds.push(entry.startTime + entry.duration);
    }).observe({ type: 'longtask', buffered: true });
    const ready = () =>
      /\d+%/.test(document.querySelector('[aria-label="Fleet compliance"]')?.textContent ?? '') &&
      document.querySelector('[aria-label="Compliance by client"] a, [aria-label="Compliance by client"] li');
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => (state.__paintedAt = performance.now()), 0));
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(`${url}#/`);
  await page.waitForFunction(
    () => (window as unknown as { __paintedAt?: number }).__paintedAt !== undefined,
    {
      timeout: 60_000,
    },
  );
  await page.waitForTimeout(QUIET_MS);
  const { paintedMs, longTaskEnds, shown } = await page.evaluate(() => {
    const state = window as unknown as { __paintedAt: number; __longTaskEnds: number[] };
    return {
      paintedMs: state.__paintedAt,
      longTaskEnds: state.__longTaskEnds,
      shown: document.querySelector('[aria-label="Fleet compliance"]')?.textContent ?? '',
    };
  });
  if (!shown.includes(`of ${(CLIENTS * DEVICES_PER_CLIENT).toLocaleString('en-US')} devices`)) {
    throw new Error(`The dashboard shows "${shown}".`);
  }
  const { metrics } = await devtools.send('Performance.getMetrics');
  await context.close();
  return {
    paintedMs,
    interactiveMs: Math.max(paintedMs, ...longTaskEnds),
    longTasks: longTaskEnds.length,
    mainThreadCpuMs: (metrics.find((entry) => entry.name === 'TaskDuration')?.value ?? Number.NaN) * 1000,
  };
}

const bridge = await startBridge();
const browser = await launchChromium();
try {
  const now = new Date();
  const fleet = seedReportFleet(bridge.engine, {
    clients: CLIENTS,
    devicesPerClient: DEVICES_PER_CLIENT,
    packages: 100,
    maxUpdates: 30,
    now,
  });
  bridge.engine.database.transaction(() => {
    for (let day = 90; day >= 1; day -= 1) {
      const date = new Date(now.getTime() - day * 86_400_000).toISOString().slice(0, 10);
      for (const clientId of fleet.clientIds) {
        const measured = { devices: 50, fullyPatched: 5 + (day % 20), red: 40, yellow: 200, green: 300 };
        upsertSnapshot(
          bridge.engine.database,
          { clientId, day: date, ...measured, overdue: 120, kev: 6 },
          now.toISOString(),
        );
      }
    }
  });
  // The first load after the seeded scans and feed import also refreshes every device's priorities, as the first
  // visit after a whole-fleet scan does; the runs after it find them fresh, as every other visit does.
  const cold = await loadDashboard(browser, bridge.url);
  const runs: DashboardLoad[] = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await loadDashboard(browser, bridge.url));
  const summary = (pick: (load: DashboardLoad) => number) => ({
    median: Math.round(median(runs.map(pick))),
    min: Math.round(Math.min(...runs.map(pick))),
    max: Math.round(Math.max(...runs.map(pick))),
  });
  console.log(
    JSON.stringify({
      benchmark: 'dashboard-page',
      machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown'}, node ${process.version}`,
      loadAverage: os.loadavg()[0],
      devices: CLIENTS * DEVICES_PER_CLIENT,
      missingUpdates: bridge.engine.database
        .statement('SELECT count(*) FROM available_updates')
        .pluck()
        .get(),
      interactiveMs: summary((load) => load.interactiveMs),
      paintedMs: summary((load) => load.paintedMs),
      longTasks: runs.map((load) => load.longTasks),
      mainThreadCpuMs: summary((load) => load.mainThreadCpuMs),
      coldInteractiveMs: Math.round(cold.interactiveMs),
      coldPaintedMs: Math.round(cold.paintedMs),
      budgetMs: 1_000,
    }),
  );
} finally {
  await browser.close();
  await bridge.close();
}
