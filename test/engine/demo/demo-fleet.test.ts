import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/create-engine';
import { loadDemoFleet } from '../../../electron/engine/demo/demo-fleet';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';

describe('demo fleet', () => {
  let engine: Engine | undefined;
  let folder = '';
  afterEach(() => {
    engine?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const open = () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-demo-'));
    engine = createEngine({ dbPath: path.join(folder, 'demo.db'), vault: createPassphraseVault('demo') });
    return engine;
  };

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

  it('refuses a database that already has clients, and changes nothing', async () => {
    const engine = open();
    engine.clients.add({ name: 'Real client', timeZone: 'UTC' });
    await expect(loadDemoFleet(engine, new Date())).rejects.toThrow(/only goes into an empty database/);
    expect(engine.devices.list()).toEqual([]);
    expect(engine.vulnerabilities.status()).toEqual([]);
  });
});
