// "What is due now" for 2,000 devices x 50 policies: the scheduler's dry run (engine.scheduler.due) on a real
// SQLite file, every policy's window open, 12 missing updates per device, exceptions and fleet-wide decisions
// present, so every rule runs for every device in scope. Median and p95 of repeated runs after a warm-up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AvailableUpdate } from '../../shared/domain/inventory';
import { createEngine } from '../../electron/engine/create-engine';
import { recordScans, type ScanRecord } from '../../electron/engine/db/repositories/inventory';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { debianBookworm } from '../support/stored-scan';

const DEVICES = 2_000;
const POLICIES = 50;
const CLIENTS = 10;
const UPDATES = 12;
const RUNS = 30;
const AT = new Date('2026-11-21T22:30:00Z');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-policy-due-'));
const engine = createEngine({
  dbPath: path.join(dir, 'bench.db'),
  vault: createPassphraseVault('bench'),
  clock: { now: () => AT },
});
const clients = Array.from({ length: CLIENTS }, (_, i) =>
  engine.clients.add({
    name: `Client ${i}`,
    timeZone: ['Europe/Berlin', 'America/New_York', 'UTC'][i % 3] ?? 'UTC',
  }),
);
const insertDevice = engine.database.statement(
  "INSERT INTO devices (client_id, name, host, port, user, auth_kind, ring, created_at) VALUES (?, ?, ?, 22, 'tech', 'agent', ?, '2026-11-01')",
);
const insertTag = engine.database.statement('INSERT INTO device_tags (device_id, tag) VALUES (?, ?)');
const rings = ['test', 'pilot', 'broad', 'broad', 'broad'] as const;
engine.database.transaction(() => {
  for (let i = 0; i < DEVICES; i++) {
    const client = clients[i % CLIENTS]!;
    const id = Number(
      insertDevice.run(client.id, `host-${i}`, `10.0.${i >> 8}.${i & 255}`, rings[i % rings.length])
        .lastInsertRowid,
    );
    insertTag.run(id, Math.floor(i / CLIENTS) % 2 === 0 ? 'server' : 'desktop');
  }
});

const updatesFor = (i: number): AvailableUpdate[] =>
  Array.from({ length: UPDATES }, (_, u) => ({
    name: `pkg-${(i + u) % 40}`,
    installedVersion: '1.0-1',
    availableVersion: '1.0-2',
    arch: 'amd64',
    origin: 'Debian-Security:12/bookworm-security',
    security: u % 3 !== 0,
    classification: u % 3 !== 0 ? 'security' : 'bugfix',
    vendorSeverity: null,
    advisoryIds: [],
    cves: [],
    rebootRequired: null,
    manager: 'dpkg',
  }));
const scans: ScanRecord[] = Array.from({ length: DEVICES }, (_, i) => ({
  deviceId: i + 1,
  depth: 'quick',
  startedAt: '2026-11-20T08:00:00Z',
  finishedAt: '2026-11-20T08:00:00Z',
  status: 'ok',
  error: null,
  durationMs: 1,
  inventory: {
    platform: 'debian',
    os: debianBookworm,
    packages: updatesFor(i).map((u) => ({
      name: u.name,
      version: '1.0-1',
      arch: 'amd64',
      sourceName: null,
      sourceVersion: null,
      manager: 'dpkg',
    })),
    updates: updatesFor(i),
    rebootRequired: false,
    metadataStale: false,
    warnings: [],
  },
}));
engine.database.transaction(() => recordScans(engine.database, scans));

// Five policies per client, all with a window open at AT, with differing scopes, content and approval.
for (let p = 0; p < POLICIES; p++) {
  const client = clients[p % CLIENTS]!;
  engine.policies.add({
    name: `policy-${p}`,
    clientId: client.id,
    scope: p % 5 === 0 ? { tags: ['server'] } : p % 5 === 1 ? { rings: ['broad'] } : {},
    content: p % 2 === 0 ? { kind: 'security', exclude: ['pkg-3*'] } : { kind: 'all', include: ['pkg-*'] },
    approval: { mode: (['security', 'all', 'manual'] as const)[p % 3]!, deferDays: p % 4 },
    windows: ['daily 00:00-00:00', 'weekends 22:00-02:00'],
    rollout: { minSuccessPercent: 90, soakHours: 24 },
  });
}
for (let e = 0; e < 40; e++)
  engine.exceptions.add({
    package: `pkg-${e % 40}`,
    target:
      e % 2 === 0 ? { kind: 'client', clientId: clients[e % CLIENTS]!.id } : { kind: 'tag', tag: 'server' },
    reason: 'bench',
    expiresAt: '2027-01-01T00:00:00Z',
  });
engine.approvals.decide({ packages: ['pkg-1', 'pkg-2', 'pkg-5'], decision: 'approve' });
engine.approvals.decide({ packages: ['pkg-7'], decision: 'defer', until: '2026-12-01T00:00:00Z' });

// Cold: a write before each run (as after a scan) makes the scheduler read the whole fleet again. Warm: nothing
// changed since the last look (most minutes in the app), so only the rules run.
const touch = engine.database.statement(
  "INSERT OR REPLACE INTO settings (key, value) VALUES ('bench-touch', ?)",
);
let entries = 0;
for (let warm = 0; warm < 3; warm++) entries = engine.scheduler.due(AT).length;

interface Sample {
  wall: number;
  cpu: number;
}
function measure(cold: boolean): Sample[] {
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    if (cold) touch.run(String(run));
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    entries = engine.scheduler.due(AT).length;
    const used = process.cpuUsage(cpu);
    // CPU time as well as wall time: on a shared, loaded machine the wall clock also counts other processes' turns.
    samples.push({
      wall: Number(process.hrtime.bigint() - started) / 1e6,
      cpu: (used.user + used.system) / 1000,
    });
  }
  return samples;
}
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
};
const summary = (samples: Sample[]) => ({
  medianMs: quantile(
    samples.map((s) => s.wall),
    0.5,
  ),
  p95Ms: quantile(
    samples.map((s) => s.wall),
    0.95,
  ),
  cpuMedianMs: quantile(
    samples.map((s) => s.cpu),
    0.5,
  ),
});
const cold = summary(measure(true));
const warm = summary(measure(false));
engine.close();
if (process.env.KEEP_BENCH_DB) console.error(dir);
else fs.rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    benchmark: 'policy-due',
    devices: DEVICES,
    policies: POLICIES,
    policiesOpen: POLICIES,
    updatesPerDevice: UPDATES,
    dueEntries: entries,
    runs: RUNS,
    cold,
    warm,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
    cpus: os.cpus().length,
    budgetMs: 100,
  }),
);
