// How fast the Devices page paints its first table rows with 2,000 devices in the engine, and how smoothly the
// virtualised table scrolls: the console is opened in Debian's Chromium through the UI test bridge, against
// the real engine on a temp database, with the BUILT renderer (run `npx vite build` first).
import fs from 'node:fs';
import os from 'node:os';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Engine } from '../../electron/engine/create-engine';
import type { Ring } from '../../shared/domain/fleet';
import { insertDevice, replaceDeviceTags } from '../../electron/engine/db/repositories/devices';
import { startBridge } from '../bridge/start-bridge';
import { launchChromium } from '../e2e/chromium';

const DEVICES = Number(process.env['PATCHDECK_BENCH_DEVICES'] ?? 2000);
// The scroll check runs on a far bigger fleet: a virtualised table must not care how many rows it has.
const SCROLL_DEVICES = Number(process.env['PATCHDECK_BENCH_SCROLL_DEVICES'] ?? 100_000);
const RUNS = 9;
const CLIENTS = 25;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

/** Devices go in through the engine's own service (audit log and all), as the console would add them. */
async function seed(engine: Engine): Promise<number> {
  const started = performance.now();
  const clients = Array.from({ length: CLIENTS }, (_, index) =>
    engine.clients.add({ name: `Client ${String(index + 1).padStart(2, '0')}`, timeZone: 'Europe/Berlin' }),
  );
  const rings = ['test', 'pilot', 'broad'] as const;
  for (let index = 0; index < DEVICES; index += 1) {
    const client = clients[index % CLIENTS];
    if (!client) throw new Error('no client');
    await engine.devices.add({
      clientId: client.id,
      name: `host-${String(index).padStart(6, '0')}`,
      host: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
      port: 22,
      user: 'patchdeck',
      auth: { kind: 'agent' },
      sudo: true,
      tags: index % 3 === 0 ? ['web', 'linux'] : ['db'],
      ring: rings[index % 3] ?? 'broad',
    });
  }
  return performance.now() - started;
}

interface FirstPaint {
  readonly rowMs: number;
  readonly fcpMs: number;
  readonly mainThreadCpuMs: number;
  readonly scriptCpuMs: number;
}

/** What a scanned fleet's rows show: OS names of each platform, as the scanners store them. */
const SCANNED_OSES = [
  {
    family: 'linux',
    name: 'Debian GNU/Linux 12 (bookworm)',
    id: 'debian',
    version: '12',
    codename: 'bookworm',
  },
  { family: 'linux', name: 'Ubuntu 22.04.4 LTS', id: 'ubuntu', version: '22.04', codename: 'jammy' },
  {
    family: 'windows',
    name: 'Windows Server 2022 Standard',
    id: 'windows',
    version: '10.0.20348',
    codename: '20348',
  },
  { family: 'windows', name: 'Windows 11 Pro', id: 'windows', version: '10.0.22631', codename: '22631' },
  { family: 'macos', name: 'macOS 14.5', id: 'macos', version: '14.5', codename: '23F79' },
].map((os) => ({ ...os, kernel: null, arch: 'x86_64', hostname: null }));

/**
 * The state of a device that a real fleet's table shows, by its index: mostly scanned fine within two days, some
 * unreachable or refused with their error, a few never scanned; rings test, pilot and broad as policies use them.
 */
function fleetStateOf(index: number, now: number) {
  const os = SCANNED_OSES[index % SCANNED_OSES.length];
  const scannedAt = new Date(now - (index % 48) * 3_600_000).toISOString();
  const roll = index % 100;
  const ring: Ring = roll < 5 ? 'test' : roll < 20 ? 'pilot' : 'broad';
  const scan =
    roll < 85
      ? { status: 'ok', error: null }
      : roll < 93
        ? { status: 'unreachable', error: 'connect ETIMEDOUT 10.0.0.1:22' }
        : roll < 95
          ? { status: 'auth-failed', error: 'All configured authentication methods failed' }
          : null;
  return {
    ring,
    platform: scan ? (os?.family ?? null) : null,
    osJson: scan ? JSON.stringify(os) : null,
    lastScanAt: scan ? scannedAt : null,
    lastScanStatus: scan?.status ?? null,
    lastScanError: scan?.error ?? null,
  };
}

/**
 * A big fleet in one transaction through the device repository: the service's per-device audit entry would
 * make 100,000 inserts take minutes, and the scroll check only needs rows. The rows carry what a scanned fleet
 * shows (fleetStateOf). One client in five has a name too long for its column, so a fifth of the rows scroll in
 * with a cut text, as real fleets have.
 */
function seedInBulk(engine: Engine, count: number): void {
  const clients = Array.from({ length: CLIENTS }, (_, index) =>
    engine.clients.add({
      name:
        index % 5 === 0 ? `Bulk client ${index + 1} Northwind Traders Holdings` : `Bulk client ${index + 1}`,
      timeZone: 'UTC',
    }),
  );
  const now = new Date().toISOString();
  engine.database.transaction(() => {
    for (let index = 0; index < count; index += 1) {
      const state = fleetStateOf(index, Date.parse(now));
      const id = insertDevice(
        engine.database,
        {
          clientId: clients[index % CLIENTS]?.id ?? 0,
          name: `bulk-${String(index).padStart(6, '0')}`,
          host: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
          port: 22,
          user: 'patchdeck',
          authKind: 'agent',
          keyPath: null,
          passwordCredentialId: null,
          sudo: true,
          sudoCredentialId: null,
          ring: state.ring,
        },
        now,
      );
      replaceDeviceTags(engine.database, id, index % 2 === 0 ? ['web', 'linux'] : ['db']);
      const { platform, osJson, lastScanAt, lastScanStatus, lastScanError } = state;
      engine.database
        .statement(
          `UPDATE devices SET platform = ?, os_json = ?, last_scan_at = ?, last_scan_status = ?, last_scan_error = ?
             WHERE id = ?`,
        )
        .run(platform, osJson, lastScanAt, lastScanStatus, lastScanError, id);
    }
  });
}

/**
 * Milliseconds from navigation start until the first device row is in the DOM and a frame has been painted
 * with it (the next animation frame after the row appears, then a task so that frame has been presented).
 */
async function firstRowPaint(browser: Browser, url: string): Promise<FirstPaint> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  // Thread ticks: the renderer main thread's CPU time, which other load on the machine does not inflate.
  const devtools = await context.newCDPSession(page);
  await devtools.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.addInitScript(() => {
    const state = window as unknown as { __rowPaintedAt?: number };
    const seen = () =>
      document.querySelector('[role="table"][aria-label="Devices"] [role="row"][aria-rowindex="2"]');
    const observer = new MutationObserver(() => {
      if (!seen()) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => (state.__rowPaintedAt = performance.now()), 0));
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${url}#/devices`);
  await page.waitForFunction(
    () => (window as unknown as { __rowPaintedAt?: number }).__rowPaintedAt !== undefined,
  );
  const result = await page.evaluate(() => ({
    rowMs: (window as unknown as { __rowPaintedAt: number }).__rowPaintedAt,
    fcpMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    count: document.querySelector('.toolbar__count')?.textContent ?? '',
  }));
  if (!result.count.startsWith(DEVICES.toLocaleString('en-US'))) {
    throw new Error(`The page shows "${result.count}", expected ${DEVICES} devices.`);
  }
  const { metrics } = await devtools.send('Performance.getMetrics');
  const metric = (name: string) => (metrics.find((entry) => entry.name === name)?.value ?? Number.NaN) * 1000;
  await context.close();
  return {
    rowMs: result.rowMs,
    fcpMs: result.fcpMs,
    mainThreadCpuMs: metric('TaskDuration'),
    scriptCpuMs: metric('ScriptDuration'),
  };
}

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'v8',
  'toplevel',
];

/**
 * What Chromium's own frame accounting says about the frames of a scroll: its compositor reports each frame it was
 * asked for as presented on time (with or without the main thread's update), dropped (not presented by its
 * deadline) or not needed, and whether tiles were missing. DevTools' frames track and Chrome's smoothness metric
 * read the same reports. The light trace below records only these, so it hardly slows the page.
 */
const FRAME_CATEGORIES = ['benchmark', 'disabled-by-default-devtools.timeline.frame'];

/** One of Chromium's frame reports (`PipelineReporter`), the fields read here. */
interface FrameReport {
  readonly frame_sequence: number;
  readonly state: string;
  readonly affects_smoothness?: boolean;
  readonly has_missing_content?: boolean;
}

interface FrameAccount {
  /** Frames the scroll needed: every frame except those with nothing to update. */
  readonly needed: number;
  readonly presented: number;
  /** Presented on time with the compositor's scroll, the main thread's update following in a later frame. */
  readonly presentedPartly: number;
  readonly dropped: number;
  /** Presented with part of the view not yet drawn (checkerboarding). */
  readonly missingContent: number;
}

function frameAccount(trace: { readonly traceEvents: readonly TraceEvent[] }): FrameAccount {
  // A frame can have more than one report (measured: a dropped one and, once the main thread's update lands, a
  // presented one), so the reports are grouped by the frame's sequence number, which counts the screen's beats.
  const reports = new Map<number, FrameReport[]>();
  for (const event of trace.traceEvents) {
    const report =
      event.name === 'PipelineReporter' && event.ph === 'b' ? event.args?.frame_reporter : undefined;
    if (report) reports.set(report.frame_sequence, [...(reports.get(report.frame_sequence) ?? []), report]);
  }
  const counts = { needed: 0, presented: 0, presentedPartly: 0, dropped: 0, missingContent: 0 };
  for (const frame of reports.values()) {
    const states = new Set(frame.map((report) => report.state));
    if (states.size === 1 && states.has('STATE_NO_UPDATE_DESIRED')) continue;
    counts.needed += 1;
    // A drop that Chromium's smoothness metric counts, as DevTools' frames track shows it.
    if (frame.some((report) => report.state === 'STATE_DROPPED' && report.affects_smoothness))
      counts.dropped += 1;
    else if (states.has('STATE_PRESENTED_PARTIAL')) counts.presentedPartly += 1;
    else counts.presented += 1;
    if (frame.some((report) => report.has_missing_content)) counts.missingContent += 1;
  }
  return counts;
}

type WorkKind = 'script' | 'gc' | 'style' | 'layout' | 'paint' | 'other';

// The first pattern that matches an event's name names its kind of work; the order matters ("V8.GC_…" is gc).
const WORK_KINDS: readonly (readonly [WorkKind, RegExp])[] = [
  ['gc', /GC/],
  [
    'script',
    /^FunctionCall$|^v8|^V8|EvaluateScript|TimerFire|AnimationFrame|EventDispatch|Microtask|MessagePort/,
  ],
  ['style', /[Ss]tyle|LayoutTree/],
  ['layout', /Layout|ShapeText|ScrollAnchor/],
  ['paint', /Paint|CullRect|Compositing|^Commit$|Layerize/],
];

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  /** Thread (CPU) time; wall time when the trace has none. */
  readonly tdur?: number;
  readonly args?: {
    readonly name?: string;
    readonly frame_reporter?: FrameReport;
  };
}

/**
 * The renderer main thread's CPU time in a trace, by kind of work. Trace events nest (a FunctionCall inside a task,
 * a forced style recalculation inside the FunctionCall), so each event counts its own time minus its children's.
 */
function mainThreadBreakdown(trace: {
  readonly traceEvents: readonly TraceEvent[];
}): Record<WorkKind, number> {
  const mainThreads = new Set(
    trace.traceEvents
      .filter(
        (event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
      )
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const threads = new Map<string, TraceEvent[]>();
  for (const event of trace.traceEvents) {
    const thread = `${event.pid}:${event.tid}`;
    if (event.ph !== 'X' || !mainThreads.has(thread)) continue;
    const list = threads.get(thread) ?? [];
    list.push(event);
    threads.set(thread, list);
  }
  // Only the page's renderer worked during the scroll: the busiest main thread is its.
  const events = [...threads.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  events.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const cpu = (event: TraceEvent) => event.tdur ?? event.dur ?? 0;
  const childTime = new Map<TraceEvent, number>();
  const open: TraceEvent[] = [];
  for (const event of events) {
    while (open.length > 0 && (open.at(-1)?.ts ?? 0) + (open.at(-1)?.dur ?? 0) <= event.ts) open.pop();
    const parent = open.at(-1);
    if (parent) childTime.set(parent, (childTime.get(parent) ?? 0) + cpu(event));
    open.push(event);
  }
  const totals: Record<WorkKind, number> = { script: 0, gc: 0, style: 0, layout: 0, paint: 0, other: 0 };
  for (const event of events) {
    const kind = WORK_KINDS.find(([, pattern]) => pattern.test(event.name))?.[0] ?? 'other';
    totals[kind] += Math.max(0, cpu(event) - (childTime.get(event) ?? 0)) / 1000;
  }
  return totals;
}

function commandLineOf(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // The process ended while the list was read.
    return null;
  }
}

/**
 * CPU time (user + system, ms) of every Chromium process this benchmark started, by Chromium's process type: the
 * renderer's main thread is only part of a frame's cost; its raster threads, the GPU process (software compositing
 * here) and the browser process share the same two cores. Linux's /proc, read at clock-tick resolution.
 */
function chromiumCpuByProcess(): Record<string, number> {
  const parents = new Map<number, number>();
  const stats = new Map<number, string[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which may itself hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      stats.set(Number(entry), fields);
    } catch {
      // The process ended while the list was read.
    }
  }
  const ours = (pid: number): boolean => {
    for (let parent = parents.get(pid); parent !== undefined && parent > 1; parent = parents.get(parent)) {
      if (parent === process.pid) return true;
    }
    return false;
  };
  const ticksToMs = 1000 / 100;
  const totals: Record<string, number> = {};
  for (const [pid, fields] of stats) {
    if (!ours(pid)) continue;
    const commandLine = commandLineOf(pid);
    if (!commandLine?.includes('chromium')) continue;
    const type = /--type=([a-z-]+)/.exec(commandLine)?.[1] ?? 'browser';
    totals[type] = (totals[type] ?? 0) + (Number(fields[11]) + Number(fields[12])) * ticksToMs;
  }
  return totals;
}

/**
 * How far each wheel event scrolls: a fast flick (600 px; about 20,000 px/s as the events arrive here) and one notch
 * of a mouse wheel (100 px). The flick is the harder test: twelve to fourteen new rows in every other frame.
 */
const FLICK_PX = 600;
const NOTCH_PX = 100;

/** Scroll events the main thread saw, and how many of them found the view not covered by rendered rows. */
interface Coverage {
  readonly scrolls: number;
  readonly uncovered: number;
}

/**
 * Counts, from here on, the scroll events that arrive while the table's rendered rows end above the bottom of the
 * view. The compositor has already shown that scroll, so such an event is a strip of empty table on the screen
 * until React's rows land. The listener captures on the document, so it runs before the table's own.
 */
async function watchCoverage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('.table__scroll');
    if (!scroller) throw new Error('No table on the page.');
    const coverage = { scrolls: 0, uncovered: 0 };
    const check = () => {
      coverage.scrolls += 1;
      const rows = scroller.querySelectorAll<HTMLElement>('.table__body [role="row"]');
      const bottom = Math.max(...Array.from(rows, (row) => row.offsetTop + row.offsetHeight));
      if (bottom < scroller.scrollTop + scroller.clientHeight - 36) coverage.uncovered += 1;
    };
    document.addEventListener('scroll', check, { capture: true, passive: true });
    (window as unknown as { __coverage: () => Coverage }).__coverage = () => {
      document.removeEventListener('scroll', check, { capture: true });
      return coverage;
    };
  });
}

/** Stops counting and returns the count, so that the later, accounted and traced scrolls measure the table alone. */
async function stopCoverage(page: Page): Promise<Coverage> {
  return page.evaluate(() => (window as unknown as { __coverage: () => Coverage }).__coverage());
}

/** Frame intervals (requestAnimationFrame) of 180 wheel events of steady scrolling from the top of `scroller`. */
async function flick(page: Page, scroller: Locator, pixelsPerEvent: number): Promise<number[]> {
  await scroller.evaluate(
    (element) =>
      new Promise((settled) => {
        element.scrollTop = 0;
        requestAnimationFrame(() => requestAnimationFrame(settled));
      }),
  );
  await page.evaluate(() => {
    const state = window as unknown as { __frames: number[]; __recording: boolean };
    state.__frames = [];
    state.__recording = true;
    let last = performance.now();
    const tick = (now: number) => {
      state.__frames.push(now - last);
      last = now;
      if (state.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  for (let step = 0; step < 180; step += 1) await page.mouse.wheel(0, pixelsPerEvent);
  const frames = await page.evaluate(() => {
    const state = window as unknown as { __frames: number[]; __recording: boolean };
    state.__recording = false;
    return state.__frames.slice(1);
  });
  const scrolled = await scroller.evaluate((element) => element.scrollTop);
  if (scrolled < 10_000) throw new Error(`The list scrolled only ${scrolled}px.`);
  return frames;
}

/** The same flick under the light trace of Chromium's frame reports. */
async function accountedFlick(
  browser: Browser,
  page: Page,
  scroller: Locator,
  pixelsPerEvent: number,
): Promise<FrameAccount> {
  await browser.startTracing(page, { categories: FRAME_CATEGORIES });
  await flick(page, scroller, pixelsPerEvent);
  return frameAccount(JSON.parse((await browser.stopTracing()).toString('utf8')));
}

/**
 * The yardstick for the frame accounts: the same flick over 3,000 rows of plain text, no script, no virtualisation.
 * What this page drops, the machine and the test harness drop; what the Devices table drops beyond it is the table's.
 */
async function staticListFlick(browser: Browser): Promise<FrameAccount> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const rows = Array.from(
    { length: 3000 },
    (_, index) =>
      `<div style="height:44px;border-bottom:1px solid #ddd;white-space:nowrap">bulk-${index} 10.0.${index % 256}.${index % 7} Debian GNU/Linux 12 broad web linux</div>`,
  ).join('');
  await page.setContent(`<div class="list" style="height:760px;overflow:auto">${rows}</div>`);
  const list = page.locator('.list');
  await list.hover();
  const account = await accountedFlick(browser, page, list, FLICK_PX);
  await context.close();
  return account;
}

/** Frame intervals while the table is wheel-scrolled from the top, then the same scroll traced for its CPU breakdown. */
async function scrollFrames(
  browser: Browser,
  url: string,
  expected: number,
  pixelsPerEvent: number,
): Promise<ScrollRun> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const devtools = await context.newCDPSession(page);
  await devtools.send('Performance.enable', { timeDomain: 'threadTicks' });
  const mainThreadCpuMs = async () =>
    ((await devtools.send('Performance.getMetrics')).metrics.find((entry) => entry.name === 'TaskDuration')
      ?.value ?? Number.NaN) * 1000;
  await page.goto(`${url}#/devices`);
  const table = page.locator('.table__scroll');
  await page.locator('[role="row"][aria-rowindex="2"]').waitFor({ timeout: 120_000 });
  const shown = await page.locator('.toolbar__count').textContent();
  if (!shown?.startsWith(expected.toLocaleString('en-US'))) throw new Error(`The page shows "${shown}".`);
  await table.hover();
  const elementsPerRow = await page
    .locator('.table__body [role="row"]')
    .first()
    .evaluate((row) => row.querySelectorAll('*').length + 1);
  await watchCoverage(page);
  const processesBefore = chromiumCpuByProcess();
  const cpuBefore = await mainThreadCpuMs();
  const frames = await flick(page, table, pixelsPerEvent);
  const cpuMs = (await mainThreadCpuMs()) - cpuBefore;
  const processesAfter = chromiumCpuByProcess();
  const coverage = await stopCoverage(page);
  const processCpuMs = Object.fromEntries(
    Object.entries(processesAfter).map(([type, ms]) => [type, ms - (processesBefore[type] ?? 0)]),
  );
  const account = await accountedFlick(browser, page, table, pixelsPerEvent);
  // The breakdown comes from a third, fully traced scroll: tracing slows the page, so the numbers above go without.
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const tracedFrames = (await flick(page, table, pixelsPerEvent)).length;
  const breakdown = mainThreadBreakdown(JSON.parse((await browser.stopTracing()).toString('utf8')));
  await context.close();
  return {
    pixelsPerEvent,
    frames,
    cpuMs,
    processCpuMs,
    elementsPerRow,
    breakdown,
    tracedFrames,
    account,
    coverage,
  };
}

interface ScrollRun {
  readonly pixelsPerEvent: number;
  readonly frames: number[];
  /** Main-thread CPU time spent during the scroll, whatever else the machine was doing. */
  readonly cpuMs: number;
  /** The same time from the trace, split by what the renderer's main thread was doing. */
  readonly breakdown: Readonly<Record<WorkKind, number>>;
  readonly tracedFrames: number;
  /** CPU time of all of Chromium's processes during the untraced scroll, by process type. */
  readonly processCpuMs: Readonly<Record<string, number>>;
  /** Elements in one rendered table row, the row included. */
  readonly elementsPerRow: number;
  /** Chromium's own account of the frames of the same scroll, run again under a light trace. */
  readonly account: FrameAccount;
  readonly coverage: Coverage;
}

/**
 * A scroll's numbers. Two views of its frames: the main thread's (requestAnimationFrame intervals: over 25 ms it
 * skipped a frame) and the screen's (Chromium's frame reports). A frame can be late to the screen while the main
 * thread keeps its beat: its work plus raster and compositing overran the frame's deadline. Only the second is
 * what the technician sees, and the first undercounts it (measured: see docs/benchmarks.md).
 */
function frameSummary(
  devices: number,
  {
    pixelsPerEvent,
    frames,
    cpuMs,
    breakdown,
    tracedFrames,
    processCpuMs,
    elementsPerRow,
    account,
    coverage,
  }: ScrollRun,
) {
  const seconds = frames.reduce((sum, frame) => sum + frame, 0) / 1000;
  const perFrame = (ms: number) => Math.round((ms / tracedFrames) * 100) / 100;
  const perUntracedFrame = (ms: number) => Math.round((ms / frames.length) * 10) / 10;
  return {
    pixelsPerWheelEvent: pixelsPerEvent,
    pixelsPerSecond: Math.round((pixelsPerEvent * 180) / seconds),
    elementsPerRow,
    mainThreadCpuPerFrameMs: perUntracedFrame(cpuMs),
    // The whole browser's CPU per frame: main thread, raster threads, GPU and browser processes together.
    chromiumCpuPerFrameMs: perUntracedFrame(Object.values(processCpuMs).reduce((sum, ms) => sum + ms, 0)),
    chromiumCpuPerFrameByProcessMs: Object.fromEntries(
      Object.entries(processCpuMs)
        .filter(([, ms]) => ms > 0)
        .map(([type, ms]) => [type, perUntracedFrame(ms)]),
    ),
    // Thread CPU time per frame by kind of work (self time of the trace's events), less load-sensitive than frame times.
    mainThreadCpuPerFrameByKindMs: Object.fromEntries(
      Object.entries(breakdown).map(([kind, ms]) => [kind, perFrame(ms)]),
    ),
    devices,
    frames: frames.length,
    p50FrameMs: Math.round(percentile(frames, 50) * 10) / 10,
    p95FrameMs: Math.round(percentile(frames, 95) * 10) / 10,
    maxFrameMs: Math.round(Math.max(...frames) * 10) / 10,
    // The main thread's beat: over one 60 Hz interval (plus timer jitter) it was late; over 25 ms it skipped a frame.
    framesOver17Ms: frames.filter((frame) => frame > 17.5).length,
    framesOver25Ms: frames.filter((frame) => frame > 25).length,
    // Chromium's account of a second run of the same scroll: frames that missed the screen's deadline are "dropped".
    chromiumFrames: account,
    scrollEventsWithTheViewNotCovered: coverage,
  };
}

const bridge = await startBridge();
const browser = await launchChromium();
try {
  const seedMs = await seed(bridge.engine);
  const listStarted = performance.now();
  bridge.engine.devices.list();
  const engineListMs = performance.now() - listStarted;

  const runs: FirstPaint[] = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await firstRowPaint(browser, bridge.url));
  const frames = await scrollFrames(browser, bridge.url, DEVICES, FLICK_PX);
  const staticList = await staticListFlick(browser);

  const bigBridge = await startBridge();
  let bigFrames: ScrollRun;
  let bigNotchFrames: ScrollRun;
  let bigSeedMs: number;
  try {
    const started = performance.now();
    seedInBulk(bigBridge.engine, SCROLL_DEVICES);
    bigSeedMs = performance.now() - started;
    bigFrames = await scrollFrames(browser, bigBridge.url, SCROLL_DEVICES, FLICK_PX);
    bigNotchFrames = await scrollFrames(browser, bigBridge.url, SCROLL_DEVICES, NOTCH_PX);
  } finally {
    await bigBridge.close();
  }

  const rowTimes = runs.map((run) => run.rowMs);
  console.log(
    JSON.stringify({
      benchmark: 'devices-page',
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB`,
      // Other work on the machine slows Chromium's main thread directly: read the numbers with this beside them.
      loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
      chromium: browser.version(),
      devices: DEVICES,
      seedThroughEngineMs: Math.round(seedMs),
      engineDeviceListMs: Math.round(engineListMs * 10) / 10,
      firstRowPaintMs: {
        median: Math.round(median(rowTimes)),
        max: Math.round(Math.max(...rowTimes)),
        runs: rowTimes.map(Math.round),
      },
      firstContentfulPaintMs: Math.round(median(runs.map((run) => run.fcpMs))),
      // CPU time of the page's main thread up to the first painted row (all its tasks, then the script part).
      mainThreadCpuToFirstRowMs: Math.round(median(runs.map((run) => run.mainThreadCpuMs))),
      scriptCpuToFirstRowMs: Math.round(median(runs.map((run) => run.scriptCpuMs))),
      targetFirstRowPaintMs: 1000,
      scroll: frameSummary(DEVICES, frames),
      bigFleetSeedMs: Math.round(bigSeedMs),
      bigFleetScroll: frameSummary(SCROLL_DEVICES, bigFrames),
      bigFleetNotchScroll: frameSummary(SCROLL_DEVICES, bigNotchFrames),
      staticListFlickChromiumFrames: staticList,
    }),
  );
} finally {
  await browser.close();
  await bridge.close();
}
