import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/create-engine';
import { measureClient, listSnapshots } from '../../../electron/engine/db/repositories/reports';
import { loadDemoFleet } from '../../../electron/engine/demo/demo-fleet';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';
import { fixedClock } from '../../support/temp-engine';

describe('demo fleet', () => {
  let engine: Engine | undefined;
  let folder = '';
  afterEach(() => {
    engine?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const open = (clock?: ReturnType<typeof fixedClock>) => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-demo-'));
    engine = createEngine({
      dbPath: path.join(folder, 'demo.db'),
      vault: createPassphraseVault('demo'),
      ...(clock ? { clock } : {}),
    });
    return engine;
  };

  /** A KEV catalogue as CISA publishes it, released on `released`, listing `cves`. */
  const kevFile = (released: string, cves: readonly string[]) => ({
    name: 'known_exploited_vulnerabilities.json',
    bytes: Buffer.from(
      JSON.stringify({
        title: 'CISA Catalog of Known Exploited Vulnerabilities',
        catalogVersion: released.slice(0, 10).replaceAll('-', '.'),
        dateReleased: released,
        count: cves.length,
        vulnerabilities: cves.map((cveID) => ({
          cveID,
          vendorProject: 'OpenBSD',
          product: 'OpenSSH',
          vulnerabilityName: 'OpenSSH race condition',
          dateAdded: released.slice(0, 10),
          shortDescription: 'A real entry.',
          requiredAction: 'Apply updates.',
          dueDate: released.slice(0, 10),
          knownRansomwareCampaignUse: 'Unknown',
          notes: '',
        })),
      }),
    ),
  });
  const epssFile = (scoreDate: string) => ({
    name: 'epss_scores-current.csv',
    bytes: Buffer.from(
      `#model_version:v2025.03.14,score_date:${scoreDate}\ncve,epss,percentile\nCVE-2024-6387,0.9,0.99\nCVE-1999-0001,0.01,0.2\n`,
    ),
  });

  it('fills an empty database with a living fleet the dashboard, patches and vulnerabilities read', async () => {
    const engine = open();
    const summary = await loadDemoFleet(engine, new Date());
    expect(summary.clients).toBe(3);
    expect(summary.devices).toBe(60);
    const clients = engine.clients.list();
    expect(new Set(clients.map((client) => client.timeZone)).size).toBe(3);
    const devices = engine.devices.list();
    const families = new Set(devices.flatMap((device) => (device.os ? [device.os.family] : [])));
    expect([...families].sort()).toEqual(['debian', 'macos', 'rhel', 'windows']);
    const statuses = new Set(devices.map((device) => device.lastScanStatus));
    expect(statuses.has('ok')).toBe(true);
    expect(statuses.has(null)).toBe(true);
    expect([...statuses].filter((status) => status !== 'ok' && status !== null).length).toBeGreaterThan(0);

    const patches = engine.inventory.patches();
    expect(patches.length).toBeGreaterThan(50);
    expect(patches.some((patch) => patch.kev && patch.severity === 'red')).toBe(true);
    expect(patches.every((patch) => patch.cves.every((cve) => /^CVE-\d{4}-\d{4,}$/.test(cve)))).toBe(true);

    const findings = engine.vulnerabilities.findings();
    expect(findings.some((finding) => finding.cves.includes('CVE-2024-6387'))).toBe(true);

    const dashboard = engine.reports.dashboard();
    expect(dashboard.fleet.devices).toBe(60);
    expect(dashboard.kev.patches).toBeGreaterThan(0);
    expect(dashboard.outstanding.red + dashboard.outstanding.yellow).toBeGreaterThan(0);
    expect(dashboard.trend.length).toBeGreaterThanOrEqual(30);
    expect(
      engine.vulnerabilities
        .status()
        .map((feed) => feed.source)
        .sort(),
    ).toEqual(['epss', 'kev', 'osv', 'osv', 'osv']);
  });

  // Scanning a demo device by mistake must not sign in over SSH to a real machine on the technician's LAN.
  it('puts every demo device in a documentation network (RFC 5737) that no real network uses', async () => {
    const engine = open();
    await loadDemoFleet(engine, new Date());
    const hosts = engine.devices.list().map((device) => device.host);
    expect(hosts).toHaveLength(60);
    const outside = hosts.filter((host) => !/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/.test(host));
    expect(outside).toEqual([]);
    expect(new Set(hosts).size).toBe(60);
  });

  it('refuses a database that already has clients, and changes nothing', async () => {
    const engine = open();
    engine.clients.add({ name: 'Real client', timeZone: 'UTC' });
    await expect(loadDemoFleet(engine, new Date())).rejects.toThrow(/only goes into an empty database/);
    expect(engine.devices.list()).toEqual([]);
    expect(engine.vulnerabilities.status()).toEqual([]);
  });

  // Loading in the evening in New York is already the next day in UTC: the month of history must be filed under
  // each client's own days, or its "yesterday" lands on today's real measurement and a day goes missing elsewhere.
  it.each([
    ['evening in New York (next day in UTC)', '2026-11-23T02:00:00Z'],
    ['just after midnight in Berlin (previous day in UTC)', '2026-11-22T23:30:00Z'],
  ])("files the compliance history under each client's own days: %s", async (_when, instant) => {
    const clock = fixedClock(instant);
    const engine = open(clock);
    await loadDemoFleet(engine, clock.now());
    for (const client of engine.clients.list()) {
      const today = DateTime.fromISO(instant, { zone: client.timeZone }).toISODate()!;
      const from = DateTime.fromISO(today).minus({ days: 30 }).toISODate()!;
      const snapshots = listSnapshots(engine.database, client.id, '2000-01-01', '2100-01-01');
      expect(snapshots.map((snapshot) => snapshot.day)).toEqual(
        Array.from({ length: 31 }, (_, day) => DateTime.fromISO(from).plus({ days: day }).toISODate()),
      );
      const live = measureClient(engine.database, client.id, clock.now().toISOString());
      expect(snapshots.at(-1)).toEqual({ ...live, day: today });
    }
  });

  it("keeps feeds the technician imported before, older than the demo's, instead of replacing them", async () => {
    const engine = open();
    const released = new Date(Date.now() - 10 * 86_400_000).toISOString();
    engine.vulnerabilities.importContent([
      kevFile(released, ['CVE-2024-6387', 'CVE-2021-44228']),
      epssFile(released.slice(0, 10)),
    ]);
    await loadDemoFleet(engine, new Date());
    const feeds = new Map(engine.vulnerabilities.status().map((feed) => [feed.feed, feed]));
    expect(feeds.get('kev')).toMatchObject({
      fileName: 'known_exploited_vulnerabilities.json',
      recordCount: 2,
    });
    expect(feeds.get('epss')).toMatchObject({ fileName: 'epss_scores-current.csv', recordCount: 2 });
    // The demo's missing updates are rated with the real catalogue: regreSSHion is in it here.
    const regresshion = engine.inventory.patches().filter((patch) => patch.cves.includes('CVE-2024-6387'));
    expect(regresshion.length).toBeGreaterThan(0);
    expect(regresshion.every((patch) => patch.kev)).toBe(true);
  });

  it('loads next to feeds newer than its own instead of failing on them', async () => {
    const engine = open();
    const released = new Date().toISOString();
    engine.vulnerabilities.importContent([
      kevFile(released, ['CVE-2024-6387']),
      epssFile(released.slice(0, 10)),
    ]);
    await expect(loadDemoFleet(engine, new Date())).resolves.toMatchObject({ clients: 3, devices: 60 });
    expect(engine.vulnerabilities.status().find((feed) => feed.feed === 'kev')?.dataDate).toBe(released);
  });
});
