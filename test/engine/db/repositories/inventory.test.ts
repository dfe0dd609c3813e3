import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstalledPackage } from '../../../../shared/domain/inventory';
import {
  listAvailableUpdates,
  listInstalledPackages,
  listPackageChanges,
  recordScans,
  type ScanRecord,
} from '../../../../electron/engine/db/repositories/inventory';
import { debianBookworm, dpkgPackage as pkg } from '../../../support/stored-scan';
import { createTempEngine } from '../../../support/temp-engine';

const os = { ...debianBookworm, arch: 'x86_64', hostname: 'web-01' };
const baseline = Array.from({ length: 500 }, (_, i) => pkg(`pkg-${i}`, `1.${i}-1`));

describe('inventory store', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let deviceId: number;
  beforeEach(async () => {
    temp = createTempEngine();
    const client = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    deviceId = (
      await temp.engine.devices.add({
        clientId: client.id,
        name: 'web-01',
        host: 'h',
        port: 22,
        user: 'u',
        auth: { kind: 'agent' },
        sudo: false,
        tags: [],
        ring: 'broad',
      })
    ).id;
  });
  afterEach(() => temp.close());

  const scan = (packages: InstalledPackage[] | null, at = '2026-11-22T10:00:00Z'): ScanRecord => ({
    deviceId,
    depth: 'quick',
    startedAt: at,
    finishedAt: at,
    status: packages ? 'ok' : 'failed',
    error: packages ? null : 'web-01 answered with output Patchdeck could not read',
    durationMs: 10,
    inventory: packages
      ? {
          platform: 'debian',
          os,
          packages,
          updates: [
            {
              name: 'pkg-1',
              installedVersion: '1.1-1',
              availableVersion: '1.1-2',
              arch: 'amd64',
              origin: 'Debian-Security:12/stable-security',
              security: true,
              classification: 'security',
              vendorSeverity: null,
              advisoryIds: [],
              cves: [],
              rebootRequired: null,
              manager: 'dpkg',
            },
          ],
          rebootRequired: false,
          metadataStale: false,
          warnings: [],
        }
      : null,
  });
  const record = (record: ScanRecord) =>
    temp.engine.database.transaction(() => recordScans(temp.engine.database, [record]));

  it('stores the first scan as the baseline, without change rows', () => {
    record(scan(baseline));
    expect(listInstalledPackages(temp.engine.database, deviceId)).toHaveLength(500);
    expect(listPackageChanges(temp.engine.database, deviceId)).toEqual([]);
  });

  it("writes under 1% of the first scan's rows when nothing changed", () => {
    const first = record(scan(baseline));
    const again = record(scan([...baseline].reverse(), '2026-11-23T10:00:00Z'));
    expect(first.rowsWritten).toBeGreaterThan(500);
    expect(again.rowsWritten / first.rowsWritten).toBeLessThan(0.01);
  });

  it('records upgrades, additions and removals as changes', () => {
    record(scan(baseline));
    const next = baseline
      .filter((p) => p.name !== 'pkg-7')
      .map((p) => (p.name === 'pkg-3' ? pkg('pkg-3', '1.3-2') : p));
    record(scan([...next, pkg('newcomer', '0.1-1')], '2026-11-23T10:00:00Z'));
    const changes = listPackageChanges(temp.engine.database, deviceId).map((c) => [
      c.name,
      c.fromVersion,
      c.toVersion,
    ]);
    expect(changes.sort()).toEqual([
      ['newcomer', null, '0.1-1'],
      ['pkg-3', '1.3-1', '1.3-2'],
      ['pkg-7', '1.7-1', null],
    ]);
    expect(
      listInstalledPackages(temp.engine.database, deviceId).find((p) => p.name === 'pkg-3')?.version,
    ).toBe('1.3-2');
  });

  it('keeps the previous inventory and updates when a scan fails', () => {
    record(scan(baseline));
    record(scan(null, '2026-11-23T10:00:00Z'));
    expect(listInstalledPackages(temp.engine.database, deviceId)).toHaveLength(500);
    expect(listAvailableUpdates(temp.engine.database, [deviceId])).toHaveLength(1);
    expect(temp.engine.devices.get(deviceId)).toMatchObject({
      lastScanStatus: 'failed',
      os: { name: os.name },
    });
  });

  it('keeps when an update was first seen across rescans', () => {
    record(scan(baseline, '2026-11-01T10:00:00Z'));
    record(scan(baseline, '2026-11-20T10:00:00Z'));
    expect(listAvailableUpdates(temp.engine.database, [deviceId])[0]?.firstSeenAt).toBe(
      '2026-11-01T10:00:00Z',
    );
  });
});
