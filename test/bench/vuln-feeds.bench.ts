// Feed import and fleet matching at the size of the real thing: an OSV export as large as osv.dev's Debian
// ecosystem (about 65,000 records) imported from a zip into a real SQLite file, then 2,000 Debian 12 devices
// with 1,500 installed packages each matched against it. The matching runs in a child process of its own, so
// its peak RSS is the matcher's (index + fleet), not the import's. CPU time is reported beside wall time: on a
// shared machine the wall clock measures the neighbours too.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AvailableUpdate, InstalledPackage } from '../../shared/domain/inventory';
import { createEngine } from '../../electron/engine/create-engine';
import { openDatabase } from '../../electron/engine/db/database';
import { listRanges } from '../../electron/engine/db/repositories/vulnerabilities';
import { AdvisoryIndex } from '../../electron/engine/vuln/matching/advisory-index';
import { matchDevice } from '../../electron/engine/vuln/matching/match-device';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { writeZip } from '../engine/vuln/feeds/zip-writer';

const RECORDS = 65_000;
const DEVICES = 2_000;
const PACKAGES_PER_DEVICE = 1_500;
const RELEASES = ['Debian:10', 'Debian:11', 'Debian:12', 'Debian:13'] as const;

let seed = 20261122;
function random(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (below: number) => Math.floor(random() * below);

/** Real Debian source package names from the versions fixture, padded with library-style names to ~4,000. */
function sourceNames(): string[] {
  const real = fs
    .readFileSync('test/engine/vuln/versions/fixtures/debian-versions.tsv', 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t')[0]!);
  const names = new Set(real);
  const stems = [
    'xml',
    'ssl',
    'png',
    'jpeg',
    'gtk',
    'qt',
    'sql',
    'http',
    'ldap',
    'krb',
    'pam',
    'usb',
    'sane',
  ];
  while (names.size < 4_000)
    names.add(`lib${pick(stems)}${int(40)}-${pick(['perl', 'utils', 'tools', 'common', 'ng'])}${int(9)}`);
  return [...names];
}

/** A Debian version the way the archive writes them: epochs, +dfsg, ~deb12uN backports, +debNNuM updates. */
function debianVersion(release: string, base: number, update: number): string {
  const epoch = base % 7 === 0 ? `${1 + (base % 3)}:` : '';
  const upstream = `${1 + (base % 9)}.${base % 23}.${base % 5}${base % 4 === 0 ? '+dfsg' : ''}`;
  const debian = `${1 + (base % 3)}`;
  const suite = release.split(':')[1];
  return update === 0
    ? `${epoch}${upstream}-${debian}`
    : `${epoch}${upstream}-${debian}${base % 2 ? '~' : '+'}deb${suite}u${update}`;
}

const packageBase = new Map<string, number>();
const baseOf = (name: string) => {
  let base = packageBase.get(name);
  if (base === undefined) packageBase.set(name, (base = 10 + int(5000)));
  return base;
};

function osvRecord(index: number, names: readonly string[]) {
  const kind = index < 6_000 ? 'DSA' : index < 10_000 ? 'DLA' : 'DEBIAN-CVE';
  const year = 2014 + (index % 12);
  const cve = `CVE-${year}-${String(1000 + index).padStart(5, '0')}`;
  const id = kind === 'DEBIAN-CVE' ? `DEBIAN-CVE-${cve.slice(4)}` : `${kind}-${1000 + index}-1`;
  // Most advisories concern a few hundred popular packages (openssl, linux, curl...); the rest spread thin.
  const name = random() < 0.5 ? names[int(300)]! : pick(names);
  const base = baseOf(name);
  const releases = kind === 'DSA' ? [pick(RELEASES.slice(1))] : RELEASES.filter(() => random() < 0.6);
  const affected = (releases.length > 0 ? releases : ['Debian:12']).map((release) => {
    // Most advisories were fixed long ago (at or below what a patched device runs: update 8 or 9); a few
    // are fixed only in the newest uploads, and some have no fix yet, as in Debian's tracker.
    const fixedUpdate = random() < 0.06 ? 10 + int(3) : 1 + int(8);
    const events: Record<string, string>[] = [{ introduced: '0' }];
    const roll = random();
    if (roll < 0.05) {
      // A regression: fixed once, reintroduced by a later upload, fixed again.
      events.push(
        { fixed: debianVersion(release, base, fixedUpdate) },
        { introduced: debianVersion(release, base, fixedUpdate + 1) },
      );
      events.push({ fixed: debianVersion(release, base, fixedUpdate + 2) });
    } else if (roll < 0.95) {
      events.push({ fixed: debianVersion(release, base, fixedUpdate) });
    }
    return {
      package: { ecosystem: release, name, purl: `pkg:deb/debian/${name}?arch=source` },
      ranges: [{ type: 'ECOSYSTEM', events }],
      versions: Array.from({ length: Math.min(fixedUpdate, 6) }, (_, update) =>
        debianVersion(release, base, update),
      ),
      ...(kind === 'DEBIAN-CVE'
        ? {
            ecosystem_specific: {
              urgency: pick(['not yet assigned', 'low', 'medium', 'high', 'unimportant']),
            },
          }
        : {}),
    };
  });
  const related =
    kind === 'DEBIAN-CVE'
      ? []
      : Array.from(
          { length: 1 + int(6) },
          (_, k) => `CVE-${year}-${String(20000 + index * 7 + k).padStart(5, '0')}`,
        );
  return {
    schema_version: '1.6.0',
    id,
    modified: `2025-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}T10:00:00Z`,
    published: `${year}-06-01T00:00:00Z`,
    ...(kind === 'DEBIAN-CVE'
      ? { upstream: [cve], details: `${cve}: a flaw was found in ${name}.` }
      : { summary: `${name} - security update`, related }),
    ...(random() < 0.15
      ? {
          severity: [
            {
              type: 'CVSS_V3',
              score: `CVSS:3.1/AV:${pick(['N', 'L'])}/AC:${pick(['L', 'H'])}/PR:N/UI:${pick(['N', 'R'])}/S:U/C:H/I:${pick(['H', 'L'])}/A:${pick(['H', 'N'])}`,
            },
          ],
        }
      : {}),
    affected,
  };
}

/**
 * The versions a Debian 12 fleet runs: each package at the current upload (update 9), the previous one (8), or
 * well behind (1..4) on a few devices, as InstalledPackage objects shared by every device that runs them.
 */
function packagePool(names: readonly string[]) {
  const pool = new Map<string, { installed: InstalledPackage[]; update: AvailableUpdate | null }[]>();
  for (const source of names) {
    const base = baseOf(source);
    pool.set(
      source,
      [9, 8, 1 + int(4)].map((update) => {
        const version = debianVersion('Debian:12', base, update);
        const installed = [0, 1, 2].map((binary) => ({
          name: binary === 0 ? source : `${source}-bin${binary}`,
          version,
          arch: 'amd64',
          sourceName: source,
          sourceVersion: version,
          manager: 'dpkg' as const,
        }));
        const available = debianVersion('Debian:12', base, 12);
        return {
          installed,
          update:
            update === 9
              ? null
              : {
                  name: source,
                  installedVersion: version,
                  availableVersion: available,
                  arch: 'amd64',
                  origin: 'Debian-Security:12/bookworm-security',
                  security: true,
                  classification: 'security' as const,
                  vendorSeverity: null,
                  advisoryIds: [],
                  cves: [],
                  rebootRequired: null,
                  manager: 'dpkg' as const,
                },
        };
      }),
    );
  }
  return pool;
}

/** One device: 1,500 binary packages of about 700 sources (a common base plus its own), mostly up to date. */
function device(names: readonly string[], pool: ReturnType<typeof packagePool>) {
  const installed: InstalledPackage[] = [];
  const updates: AvailableUpdate[] = [];
  for (let k = 0; installed.length < PACKAGES_PER_DEVICE; k++) {
    const source = names[k < 500 ? k : 500 + int(names.length - 500)]!;
    const roll = random();
    const choice = pool.get(source)![roll < 0.9 ? 0 : roll < 0.98 ? 1 : 2]!;
    for (const pkg of choice.installed.slice(0, 1 + int(3)))
      if (installed.length < PACKAGES_PER_DEVICE) installed.push(pkg);
    if (choice.update) updates.push(choice.update);
  }
  return { installed, updates };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * This process's peak RSS (VmHWM). Not resourceUsage().maxRSS: Linux carries a parent's maxrss over into a
 * child it starts, so the matcher would report the importer's peak.
 */
function peakRssMb(): number {
  const line = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return line ? Math.round(Number(line[1]) / 1024) : Math.round(process.resourceUsage().maxRSS / 1024);
}

if (process.env.VULN_BENCH_MATCH_DB) {
  // Child: load the index, build the fleet, match it; report times and this process's peak RSS.
  const names = JSON.parse(process.env.VULN_BENCH_NAMES ?? '[]') as string[];
  for (const [name, base] of JSON.parse(process.env.VULN_BENCH_BASES ?? '[]') as [string, number][])
    packageBase.set(name, base);
  const database = openDatabase(process.env.VULN_BENCH_MATCH_DB);
  let started = performance.now();
  const ranges = listRanges(database, ['Debian:12']);
  const index = new AdvisoryIndex(ranges);
  const indexMs = performance.now() - started;
  database.close();
  // Through JSON, as rows from SQLite arrive: flat strings, not the ropes template literals build.
  const pool = new Map(
    JSON.parse(JSON.stringify([...packagePool(names)])) as [
      string,
      ReturnType<typeof packagePool> extends Map<string, infer V> ? V : never,
    ][],
  );
  const fleet = Array.from({ length: DEVICES }, () => device(names, pool));
  const rssBeforeMatch = process.memoryUsage().rss;
  started = performance.now();
  const cpuBefore = process.cpuUsage();
  let findings = 0;
  let linked = 0;
  for (const { installed, updates } of fleet) {
    const match = matchDevice(index, 'Debian:12', installed, updates);
    for (const entry of match.affected) findings += entry.hits.length;
    for (const fixes of match.fixesByUpdate) linked += fixes.length;
  }
  const matchMs = performance.now() - started;
  const matchCpu = process.cpuUsage(cpuBefore);
  console.log(
    JSON.stringify({
      debian12Ranges: ranges.length,
      packagesWithAdvisories: index.packageCount,
      indexLoadMs: Math.round(indexMs),
      devices: DEVICES,
      installedPackages: DEVICES * PACKAGES_PER_DEVICE,
      matchMs: Math.round(matchMs),
      matchCpuMs: Math.round((matchCpu.user + matchCpu.system) / 1000),
      findings,
      updateAdvisoryLinks: linked,
      rssBeforeMatchMb: mb(rssBeforeMatch),
      peakRssMb: peakRssMb(),
    }),
  );
} else if (process.env.VULN_BENCH_IMPORT_ZIP) {
  // Child: import the zip into a fresh database twice (first import, then the replace path); peak RSS is the
  // importer's alone.
  const dbPath = process.env.VULN_BENCH_IMPORT_DB!;
  const engine = createEngine({ dbPath, vault: createPassphraseVault('bench'), actor: 'bench' });
  const timed = () => {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const [imported] = engine.vulnerabilities.importFiles([process.env.VULN_BENCH_IMPORT_ZIP!]);
    const used = process.cpuUsage(cpu);
    return { imported, ms: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
  const first = timed();
  const again = timed();
  const ranges = (
    engine.database.statement('SELECT count(*) AS n FROM advisory_ranges').get() as { n: number }
  ).n;
  engine.close();
  console.log(
    JSON.stringify({
      importMs: Math.round(first.ms),
      importCpuMs: Math.round(first.cpuMs),
      reimportMs: Math.round(again.ms),
      reimportCpuMs: Math.round(again.cpuMs),
      importedAdvisories: first.imported?.feeds.reduce((sum, feed) => sum + feed.records, 0),
      storedRanges: ranges,
      importPeakRssMb: peakRssMb(),
      databaseMb: mb(fs.statSync(dbPath).size),
    }),
  );
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-vuln-bench-'));
  const child = (env: Record<string, string>) =>
    JSON.parse(
      execFileSync(process.execPath, [process.argv[1]!], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      })
        .trim()
        .split('\n')
        .pop()!,
    ) as Record<string, number>;
  try {
    const names = sourceNames();
    const started = performance.now();
    let uncompressed = 0;
    const zip = writeZip(
      Array.from({ length: RECORDS }, (_, index) => {
        const record = osvRecord(index, names);
        const data = Buffer.from(JSON.stringify(record));
        uncompressed += data.length;
        return { name: `${record.id}.json`, data };
      }),
    );
    const zipFile = path.join(dir, 'all.zip');
    fs.writeFileSync(zipFile, zip);
    const generateMs = performance.now() - started;
    const dbPath = path.join(dir, 'bench.db');
    const importing = child({ VULN_BENCH_IMPORT_ZIP: zipFile, VULN_BENCH_IMPORT_DB: dbPath });
    const matching = child({
      VULN_BENCH_MATCH_DB: dbPath,
      VULN_BENCH_NAMES: JSON.stringify(names),
      VULN_BENCH_BASES: JSON.stringify([...packageBase]),
    });
    console.log(
      JSON.stringify({
        machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} MB, node ${process.version}`,
        loadAverage: os.loadavg()[0]?.toFixed(1),
        records: RECORDS,
        zipMb: Math.round((zip.length / 1024 / 1024) * 10) / 10,
        uncompressedMb: mb(uncompressed),
        generateMs: Math.round(generateMs),
        ...importing,
        ...matching,
        targets: { importMs: 20_000, matchMs: 1_000, peakRssMb: 1_024 },
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
