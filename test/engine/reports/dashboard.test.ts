import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSummary } from '../../../shared/domain/reports';
import { DashboardSummary as DashboardSummarySchema } from '../../../shared/domain/reports';
import { dashboardSql } from '../../../electron/engine/db/repositories/dashboard';
import { insertDevice } from '../../../electron/engine/db/repositories/devices';
import { recordScans } from '../../../electron/engine/db/repositories/inventory';
import { endOfLifeOf } from '../../../electron/engine/reports/end-of-life';
import { debianBookworm } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { seedReportFleet } from './report-fleet';

const NOW = '2026-11-22T09:00:00.000Z';
const LATER = '2026-11-24T09:00:00.000Z';

describe('dashboard summary', () => {
  const clock = fixedClock(NOW);
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  let summary: DashboardSummary;
  const scalar = (sql: string, ...args: unknown[]) =>
    engine.database
      .statement(sql)
      .pluck()
      .get(...args) as number;

  beforeAll(() => {
    const fleet = seedReportFleet(engine, {
      clients: 3,
      devicesPerClient: 30,
      packages: 20,
      maxUpdates: 10,
      now: new Date(NOW),
    });
    insertDevice(
      engine.database,
      {
        clientId: fleet.clientIds[1]!,
        name: 'new-laptop',
        host: '127.0.0.1',
        port: 22,
        user: 'u',
        authKind: 'agent',
        keyPath: null,
        passwordCredentialId: null,
        sudo: false,
        sudoCredentialId: null,
        ring: 'broad',
      },
      NOW,
    );
    engine.exceptions.add({
      package: 'pkg-021',
      target: { kind: 'client', clientId: fleet.clientIds[0]! },
      reason: 'vendor certifies the new version next week',
      expiresAt: '2026-11-23T00:00:00Z',
    });
    engine.reports.recordComplianceSnapshot();
    clock.set(LATER);
    summary = engine.reports.dashboard();
  });
  afterAll(() => temp.close());

  it('matches the contract schema', () => {
    expect(DashboardSummarySchema.parse(summary)).toEqual(summary);
  });

  it('counts compliance per client and for the fleet from the inventory', () => {
    const devices = scalar('SELECT count(*) FROM devices WHERE retired_at IS NULL');
    const fully = scalar(
      `SELECT count(*) FROM devices d WHERE d.last_scan_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM available_updates a WHERE a.device_id = d.id)`,
    );
    expect(summary.fleet).toEqual({
      devices,
      scanned: devices - 1,
      fullyPatched: fully,
      percent: Math.round((fully / devices) * 1000) / 10,
    });
    expect(summary.clients.map((client) => client.devices)).toEqual([30, 31, 30]);
    expect(summary.clients.reduce((sum, client) => sum + client.fullyPatched, 0)).toBe(fully);
  });

  it('counts outstanding and overdue patches by colour, and KEV exposure', () => {
    expect(
      summary.outstanding.red +
        summary.outstanding.yellow +
        summary.outstanding.green +
        summary.outstanding.unrated,
    ).toBe(scalar('SELECT count(*) FROM available_updates'));
    for (const colour of ['red', 'yellow', 'green'] as const) {
      expect(summary.byColour[colour].overdue).toBe(
        scalar('SELECT count(*) FROM patch_status WHERE colour = ? AND due_at < ?', colour, LATER),
      );
      const next = summary.byColour[colour].nextDueAt;
      if (next !== null) expect(next >= LATER).toBe(true);
    }
    expect(summary.byColour.red.overdue).toBeGreaterThan(0);
    expect(summary.kev.patches).toBe(scalar('SELECT count(*) FROM patch_status WHERE kev = 1'));
    expect(summary.kev.patches).toBeGreaterThan(0);
    expect(summary.dueSoon.map((entry) => entry.dueAt)).toEqual(
      [...summary.dueSoon.map((entry) => entry.dueAt)].sort(),
    );
    expect(summary.dueSoon.every((entry) => entry.dueAt >= LATER)).toBe(true);
  });

  it('lists stale and never-scanned devices, failed jobs, expired exceptions and end-of-life systems', () => {
    expect(summary.scanFreshness.neverScanned).toBe(1);
    expect(summary.scanFreshness.stale).toBe(0);
    expect(summary.scanFreshness.stalest[0]).toEqual({
      deviceId: expect.any(Number),
      device: 'new-laptop',
      client: 'Client 001',
      lastScanAt: null,
    });
    expect(summary.failedJobs.lastSevenDays).toBe(1);
    expect(summary.failedJobs.recent[0]?.failedDevices).toBe(1);
    expect(summary.expiredExceptions).toEqual([
      expect.objectContaining({
        package: 'pkg-021',
        target: 'client Acme Dental',
        expiresAt: '2026-11-23T00:00:00.000Z',
      }),
    ]);
    expect(summary.endOfLife).toEqual([
      { system: 'Ubuntu 20.04 LTS', endOfLife: '2025-05-31', devices: 23, past: true },
      { system: 'Windows Server 2016', endOfLife: '2027-01-12', devices: 22, past: false },
    ]);
    expect(summary.trend).toEqual([expect.objectContaining({ day: '2026-11-22' })]);
  });

  it('knows end-of-life dates by release, and nothing for releases it has no row for', () => {
    const os = {
      family: 'debian',
      name: 'Debian GNU/Linux 11 (bullseye)',
      id: 'debian',
      version: '11',
      codename: null,
      kernel: null,
      arch: null,
      hostname: null,
    } as const;
    expect(endOfLifeOf(os)?.endOfLife).toBe('2026-08-31');
    expect(endOfLifeOf({ ...os, version: '110' })).toBeNull();
    expect(endOfLifeOf({ ...os, id: 'rocky', version: '8.10' })?.system).toBe('RHEL 8 and rebuilds');
    expect(
      endOfLifeOf({ ...os, family: 'windows', id: 'windows', name: 'Windows Server 2012 R2 Datacenter' })
        ?.endOfLife,
    ).toBe('2023-10-10');
  });

  // Patchdeck never runs ANALYZE, so these are the plans the app gets.
  it('plans every widget query without a full scan of any table but devices', () => {
    for (const [name, sql] of Object.entries(dashboardSql)) {
      const parameters = (sql.match(/\?/g) ?? []).map(() => LATER);
      const plan = (
        engine.database.statement(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]
      ).map((row) => row.detail);
      const scanned = plan.flatMap((detail) => /^SCAN (\w+)/.exec(detail)?.[1] ?? []);
      expect({ name, scanned }).toEqual({
        name,
        scanned: scanned.filter((table) => table === 'd' || table === 'devices'),
      });
    }
    const overdue = engine.database.statement(`EXPLAIN QUERY PLAN ${dashboardSql.overdue}`).all(LATER) as {
      detail: string;
    }[];
    expect(overdue.map((row) => row.detail).join('\n')).toMatch(
      /SEARCH p USING COVERING INDEX patch_status_by_due \(due_at<\?\)/,
    );
  });

  it('refreshes the priorities a newer scan made stale before it counts', () => {
    const before = engine.reports.dashboard();
    const deviceId = scalar("SELECT id FROM devices WHERE name = 'new-laptop'");
    clock.set('2026-11-24T10:00:00.000Z');
    engine.database.transaction(() =>
      recordScans(engine.database, [
        {
          deviceId,
          depth: 'quick',
          startedAt: '2026-11-24T09:59:00.000Z',
          finishedAt: '2026-11-24T09:59:30.000Z',
          status: 'ok',
          error: null,
          durationMs: 30_000,
          inventory: {
            platform: 'debian',
            os: debianBookworm,
            packages: [
              {
                name: 'openssl',
                version: '3.0.1-1',
                arch: 'amd64',
                sourceName: null,
                sourceVersion: null,
                manager: 'dpkg',
              },
            ],
            updates: [
              {
                name: 'openssl',
                installedVersion: '3.0.1-1',
                availableVersion: '3.0.2-1',
                arch: 'amd64',
                origin: 'Debian-Security:12/stable-security',
                security: true,
                classification: 'security',
                vendorSeverity: 'Critical',
                advisoryIds: [],
                cves: [],
                rebootRequired: null,
                manager: 'dpkg',
              },
            ],
            rebootRequired: false,
            metadataStale: false,
            warnings: [],
          },
        },
      ]),
    );
    const after = engine.reports.dashboard();
    expect(after.outstanding.red).toBe(before.outstanding.red + 1);
    expect(after.scanFreshness.neverScanned).toBe(0);
    expect(after.dueSoon[0]).toMatchObject({ device: 'new-laptop', package: 'openssl', colour: 'red' });
  });
});
