import { DateTime } from 'luxon';
import { AppError } from '../../../shared/errors';
import type { ScanStatus } from '../../../shared/domain/fleet';
import type { Engine } from '../create-engine';
import { recordScans, type ScanRecord } from '../db/repositories/inventory';
import { measureClient, upsertSnapshot } from '../db/repositories/reports';
import type { FeedBytes } from '../vuln/feeds/import-feeds';
import { feedOfOsvEcosystem } from '../vuln/matching/releases';
import { demoEpss, demoKev, demoSystems, installedOf, updateOf, type DemoSystem } from './demo-catalogue';

/** What the demo fleet added. */
export interface DemoFleetSummary {
  readonly clients: number;
  readonly devices: number;
  readonly scans: number;
}

/**
 * Each client's devices sit in one of the documentation networks (RFC 5737), which no real network uses: a demo
 * device the technician scans by mistake then times out, instead of Patchdeck signing in over SSH to whatever
 * machine answers at that address on the office LAN (and pinning its host key).
 */
const demoClients = [
  { name: 'Acme Logistics', timeZone: 'Europe/Berlin', prefix: 'acme', devices: 22, network: '192.0.2' },
  {
    name: 'Birch & Co Accountants',
    timeZone: 'Europe/London',
    prefix: 'birch',
    devices: 18,
    network: '198.51.100',
  },
  { name: 'Northwind Dental', timeZone: 'America/New_York', prefix: 'nw', devices: 20, network: '203.0.113' },
] as const;

const roles: Readonly<Record<string, readonly string[]>> = {
  debian: ['web', 'proxy', 'mail', 'monitor', 'git', 'backup'],
  ubuntu: ['files', 'app', 'vpn', 'ci'],
  rocky: ['db', 'erp'],
  windows: ['dc', 'ts', 'print', 'ws'],
  macos: ['mac'],
};

const failures: readonly (readonly [ScanStatus, string])[] = [
  ['unreachable', 'could not connect to port 22: connection refused (is sshd running?)'],
  ['auth-failed', 'the server refused the key for user patchdeck'],
  ['timeout', 'no SSH sign-in within 20 s'],
  ['host-key-mismatch', 'the host key changed since the last scan: SHA256:3yQb…f0 was expected'],
];

/** A small seeded generator, so the demo fleet is the same on every machine and in every screenshot. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickSystem(next: () => number): DemoSystem {
  const total = demoSystems.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = next() * total;
  for (const [system, weight] of demoSystems) {
    roll -= weight;
    if (roll < 0) return system;
  }
  return demoSystems[0]![0];
}

const releaseOf: Readonly<Record<string, string>> = {
  debian: 'Debian:12',
  ubuntu: 'Ubuntu:24.04',
  rocky: 'Rocky Linux:9',
};

/**
 * OSV advisories for the Linux updates, so matching finds the vulnerabilities the updates fix; only for the
 * distributions whose feed is not `held` already.
 */
function osvFeed(modified: string, held: ReadonlySet<string>): unknown[] {
  const records: unknown[] = [];
  for (const [system] of demoSystems) {
    const ecosystem = releaseOf[system.key];
    if (!ecosystem || held.has(feedOfOsvEcosystem(ecosystem))) continue;
    for (const update of system.updates) {
      const [cve] = update.cves;
      if (!update.security || !cve) continue;
      records.push({
        schema_version: '1.6.0',
        id: `${system.key.toUpperCase()}-${cve}-${update.name}`,
        modified,
        published: modified,
        aliases: [...update.cves],
        affected: [
          {
            package: { ecosystem, name: update.name },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: update.to }] }],
          },
        ],
        ...(cve === 'CVE-2024-6387'
          ? { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }
          : {}),
      });
    }
  }
  return records;
}

function kevFeed(released: string): unknown {
  return {
    title: 'CISA Catalog of Known Exploited Vulnerabilities',
    catalogVersion: released.slice(0, 10).replaceAll('-', '.'),
    dateReleased: released,
    count: demoKev.length,
    vulnerabilities: demoKev.map(([cveID, vendorProject, product, dateAdded]) => ({
      cveID,
      vendorProject,
      product,
      vulnerabilityName: `${vendorProject} ${product} vulnerability`,
      dateAdded,
      shortDescription: 'Demo entry: a known exploited vulnerability.',
      requiredAction: 'Apply mitigations per vendor instructions.',
      dueDate: dateAdded,
      knownRansomwareCampaignUse: 'Unknown',
      notes: '',
    })),
  };
}

function epssFeed(scoreDate: string): string {
  const lines = demoEpss.map(([cve, score, percentile]) => `${cve},${score},${percentile}`);
  return [`#model_version:v2025.03.14,score_date:${scoreDate}`, 'cve,epss,percentile', ...lines, ''].join(
    '\n',
  );
}

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/**
 * The demo's small OSV/KEV/EPSS feeds, less those the database already holds: feeds the technician imported are
 * real and whole, and the demo's would replace them (the KEV catalogue and EPSS scores are replaced whole) or,
 * being older, make the import refuse.
 */
function demoFeedFiles(now: Date, held: ReadonlySet<string>): FeedBytes[] {
  const files: FeedBytes[] = [];
  const osv = osvFeed(daysAgo(now, 2), held);
  if (osv.length > 0) files.push({ name: 'demo-osv.json', bytes: Buffer.from(JSON.stringify(osv)) });
  if (!held.has('kev'))
    files.push({ name: 'demo-kev.json', bytes: Buffer.from(JSON.stringify(kevFeed(daysAgo(now, 1)))) });
  if (!held.has('epss')) files.push({ name: 'demo-epss.csv', bytes: Buffer.from(epssFeed(daysAgo(now, 1))) });
  return files;
}

/**
 * Fill an empty database with a realistic fleet to explore: three clients in different time zones, sixty
 * devices across Debian, Ubuntu, Rocky, Windows and macOS with installed packages and missing updates carrying
 * real CVE ids, small OSV/KEV/EPSS feeds for those CVEs (where none is imported yet), scan failures of every
 * kind and a month of compliance history. Everything goes through the engine's services and repositories,
 * exactly as real scans write it.
 * Refuses a database that already has clients, so it never mixes with a technician's real fleet.
 */
export async function loadDemoFleet(engine: Engine, now: Date): Promise<DemoFleetSummary> {
  if (engine.clients.list().length > 0) {
    throw new AppError(
      'conflict',
      'Demo data only goes into an empty database: this one already has clients.',
    );
  }
  const next = random(20261122);
  const at = now.toISOString();
  const held = new Set(engine.vulnerabilities.status().map((feed) => feed.feed));
  const feeds = demoFeedFiles(now, held);
  if (feeds.length > 0) engine.vulnerabilities.importContent(feeds);

  const scans: ScanRecord[] = [];
  const clients: { id: number; timeZone: string }[] = [];
  let devices = 0;
  for (const demo of demoClients) {
    const client = engine.clients.add({ name: demo.name, timeZone: demo.timeZone });
    clients.push(client);
    const counters = new Map<string, number>();
    for (let index = 0; index < demo.devices; index += 1) {
      const system = pickSystem(next);
      const role = roles[system.key]?.[Math.floor(next() * (roles[system.key]?.length ?? 1))] ?? 'host';
      const number = (counters.get(role) ?? 0) + 1;
      counters.set(role, number);
      const windows = system.os.family === 'windows';
      const device = await engine.devices.add({
        clientId: client.id,
        name: `${demo.prefix}-${role}-${String(number).padStart(2, '0')}`,
        host: `${demo.network}.${10 + index}`,
        port: 22,
        user: windows ? `${demo.prefix.toUpperCase()}\\svc-patch` : 'patchdeck',
        auth: { kind: 'agent' },
        sudo: !windows && system.os.family !== 'macos',
        tags: [
          system.key === 'macos' || role === 'ws' ? 'workstation' : 'server',
          ...(role === 'web' ? ['dmz'] : []),
        ],
        ring: index % 7 === 0 ? 'test' : index % 3 === 0 ? 'pilot' : 'broad',
      });
      devices += 1;
      const roll = next();
      // A few machines were added but never answered: the technician's "to do" list.
      if (roll < 0.05) continue;
      const missing = roll < 0.42 ? [] : system.updates.filter(() => next() < 0.55);
      const inventory = {
        platform: system.os.family,
        os: { ...system.os, hostname: device.name },
        packages: system.packages.map(([name, version]) => installedOf(system, name, version)),
        updates: missing.map((update) => updateOf(system, update)),
        rebootRequired: missing.some((update) => update.name.startsWith('KB') || update.name === 'kernel'),
        metadataStale: false,
        warnings: [],
      };
      // An older scan first, so updates have been outstanding long enough for some to be overdue. A quarter day
      // off whole days: SLAs are whole days, and a due date falling exactly on the moment of loading would turn
      // overdue while the console reads the numbers.
      const firstSeen = daysAgo(now, 1.25 + Math.floor(next() * 12));
      scans.push({
        deviceId: device.id,
        depth: 'full',
        startedAt: firstSeen,
        finishedAt: firstSeen,
        status: 'ok',
        error: null,
        durationMs: 2400,
        inventory,
      });
      const failure = roll > 0.9 ? failures[Math.floor(next() * failures.length)] : undefined;
      const last = daysAgo(now, failure ? 0.3 : roll > 0.85 ? 9 + next() * 30 : next() * 2);
      scans.push({
        deviceId: device.id,
        depth: 'full',
        startedAt: last,
        finishedAt: last,
        status: failure?.[0] ?? 'ok',
        error: failure?.[1] ?? null,
        durationMs: failure ? 20_000 : 1800 + Math.floor(next() * 3000),
        inventory: failure ? null : inventory,
      });
    }
  }
  scans.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
  engine.database.transaction(() => recordScans(engine.database, scans));

  // Today's priorities and snapshot, then a month of history that climbs towards it, for the trend chart.
  engine.reports.recordComplianceSnapshot();
  engine.database.transaction(() => {
    for (const { id: clientId, timeZone } of clients) {
      const today = { ...measureClient(engine.database, clientId, at), clientId };
      // The client's own days, as its daily snapshot is filed: a UTC day would land on today's real measurement
      // (evening in New York) or leave yesterday out (just after midnight in Berlin).
      const localToday = DateTime.fromJSDate(now, { zone: timeZone });
      for (let day = 30; day >= 1; day -= 1) {
        // A month ago about half as many devices were fully patched as today, with more overdue.
        const lag = Math.round(today.fullyPatched * (day / 60) + (day % 4 === 0 ? 1 : 0));
        upsertSnapshot(
          engine.database,
          {
            ...today,
            day: localToday.minus({ days: day }).toISODate()!,
            fullyPatched: Math.max(0, today.fullyPatched - lag),
            overdue: today.overdue + Math.round(day / 2),
          },
          at,
        );
      }
    }
  });
  return { clients: demoClients.length, devices, scans: scans.length };
}
