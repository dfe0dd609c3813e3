// Ingest of 2,000 devices x 1,500 packages through the same code path scans use (recordScans in batches, as the
// scan writer commits them), then a rescan of the unchanged fleet: time, and rows written compared with the first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AvailableUpdate, InstalledPackage } from '../../shared/domain/inventory';
import { createEngine } from '../../electron/engine/create-engine';
import { recordScans, type ScanRecord } from '../../electron/engine/db/repositories/inventory';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 2_000);
const PACKAGES = 1_500;
const BATCH = 64;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-ingest-'));
const engine = createEngine({ dbPath: path.join(dir, 'bench.db'), vault: createPassphraseVault('bench') });
const client = engine.clients.add({ name: 'Bench', timeZone: 'UTC' });
const insertDevice = engine.database.statement(
  "INSERT INTO devices (client_id, name, host, port, user, auth_kind, created_at) VALUES (?, ?, ?, 22, 'tech', 'agent', '2026-11-22')",
);
engine.database.transaction(() => {
  for (let i = 0; i < DEVICES; i++) insertDevice.run(client.id, `host-${i}`, `10.0.${i >> 8}.${i & 255}`);
});

// A realistic Debian package set: shared names across devices, a few per-device differences.
const catalogue: InstalledPackage[] = Array.from({ length: PACKAGES + 200 }, (_, i) => ({
  name:
    i % 7 === 0
      ? `lib${['ssl', 'curl', 'xml2', 'pcre', 'zstd', 'gnutls'][i % 6]}${i}`
      : `pkg-${i.toString(36)}`,
  version: `${1 + (i % 9)}.${i % 13}.${i % 5}-${1 + (i % 3)}+deb12u${i % 4}`,
  arch: i % 5 === 0 ? 'all' : 'amd64',
  sourceName: `src-${Math.floor(i / 3).toString(36)}`,
  sourceVersion: `${1 + (i % 9)}.${i % 13}.${i % 5}-${1 + (i % 3)}`,
  manager: 'dpkg',
}));
const updatesFor = (packages: InstalledPackage[]): AvailableUpdate[] =>
  packages.slice(0, 12).map((pkg) => ({
    name: pkg.name,
    installedVersion: pkg.version,
    availableVersion: `${pkg.version}.1`,
    arch: pkg.arch,
    origin: 'Debian-Security:12/stable-security',
    security: true,
    classification: 'security',
    vendorSeverity: null,
    advisoryIds: [],
    cves: [],
    rebootRequired: null,
    manager: 'dpkg',
  }));

function scanOf(deviceId: number): ScanRecord {
  const offset = deviceId % 200;
  const packages = catalogue.slice(offset, offset + PACKAGES);
  return {
    deviceId,
    depth: 'quick',
    startedAt: '2026-11-22T10:00:00Z',
    finishedAt: '2026-11-22T10:00:01Z',
    status: 'ok',
    error: null,
    durationMs: 800,
    inventory: {
      platform: 'debian',
      os: {
        family: 'debian',
        name: 'Debian GNU/Linux 12 (bookworm)',
        id: 'debian',
        version: '12',
        codename: 'bookworm',
        kernel: '6.1.0-28-amd64',
        arch: 'x86_64',
        hostname: `host-${deviceId}`,
      },
      packages,
      updates: updatesFor(packages),
      rebootRequired: false,
      metadataStale: false,
      warnings: [],
    },
  };
}

const scans = Array.from({ length: DEVICES }, (_, i) => scanOf(i + 1));

function ingestAll(): { ms: number; cpuMs: number; rows: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  engine.database.pragma('synchronous = NORMAL');
  for (let i = 0; i < scans.length; i += BATCH) {
    rows += engine.database.transaction(() =>
      recordScans(engine.database, scans.slice(i, i + BATCH)),
    ).rowsWritten;
  }
  engine.database.pragma('synchronous = FULL');
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, rows };
}

const first = ingestAll();
const rescan = ingestAll();
engine.close();
fs.rmSync(dir, { recursive: true, force: true });

const result = {
  devices: DEVICES,
  packagesPerDevice: PACKAGES,
  firstIngestMs: Math.round(first.ms),
  firstIngestCpuMs: Math.round(first.cpuMs),
  firstIngestRows: first.rows,
  rescanMs: Math.round(rescan.ms),
  rescanCpuMs: Math.round(rescan.cpuMs),
  rescanRows: rescan.rows,
  rescanRowsPercentOfFirst: Number(((rescan.rows / first.rows) * 100).toFixed(3)),
  targetFirstIngestMs: 4_000,
};
console.log(JSON.stringify(result));
