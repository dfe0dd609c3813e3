import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstalledPackage } from '../../../shared/domain/inventory';
import type { ComplianceReport } from '../../../electron/engine/reports/compliance-report';
import { dpkgPackage, osOf, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

const NOW = '2026-11-22T09:00:00.000Z';

/** An update Windows lists as installed: one entry per KB, the KB itself as its version (see windows-update.ts). */
const kb = (name: string): InstalledPackage => ({
  name,
  version: name,
  arch: null,
  sourceName: null,
  sourceVersion: null,
  manager: 'hotfix',
});

describe('patches applied in the period', () => {
  const temp = createTempEngine({ clock: fixedClock(NOW) });
  const { engine } = temp;
  let windowsReport: ComplianceReport;
  let linuxReport: ComplianceReport;

  beforeAll(async () => {
    const office = engine.clients.add({ name: 'Acme Office', timeZone: 'UTC' });
    const hosting = engine.clients.add({ name: 'Acme Hosting', timeZone: 'UTC' });
    const windows = await addUnreachableDevice(engine, office.id, 'win-01');
    const debian = await addUnreachableDevice(engine, hosting.id, 'web-01');
    const server2022 = osOf('windows', 'Windows Server 2022 Standard');
    // Before the period: the baselines.
    storeScan(engine.database, {
      deviceId: windows.id,
      at: '2026-10-20T09:00:00Z',
      os: server2022,
      packages: [kb('KB5031364')],
    });
    storeScan(engine.database, {
      deviceId: debian.id,
      at: '2026-10-20T09:00:00Z',
      packages: [dpkgPackage('openssl', '3.0.17-1~deb12u2'), dpkgPackage('curl', '7.88.1-10+deb12u12')],
    });
    // In the period: November's cumulative update installed on Windows; on Debian openssl and curl upgraded, a new
    // kernel package pulled in, then openssl rolled back after a bad night.
    storeScan(engine.database, {
      deviceId: windows.id,
      at: '2026-11-12T09:00:00Z',
      os: server2022,
      packages: [kb('KB5031364'), kb('KB5032198')],
    });
    storeScan(engine.database, {
      deviceId: debian.id,
      at: '2026-11-12T09:00:00Z',
      packages: [
        dpkgPackage('openssl', '3.0.18-1~deb12u1'),
        dpkgPackage('curl', '7.88.1-10+deb12u14'),
        dpkgPackage('linux-image-6.1.0-27-amd64', '6.1.115-1'),
      ],
    });
    storeScan(engine.database, {
      deviceId: debian.id,
      at: '2026-11-13T09:00:00Z',
      packages: [
        dpkgPackage('openssl', '3.0.17-1~deb12u2'),
        dpkgPackage('curl', '7.88.1-10+deb12u14'),
        dpkgPackage('linux-image-6.1.0-27-amd64', '6.1.115-1'),
      ],
    });
    const period = { from: '2026-11-01', to: '2026-11-22' };
    windowsReport = engine.reports.build({ clientId: office.id, ...period });
    linuxReport = engine.reports.build({ clientId: hosting.id, ...period });
  });
  afterAll(() => temp.close());

  it('counts a Windows update installed: Windows lists it as a new KB, not as a new version', () => {
    expect(
      windowsReport.changes.map((change) => [change.package, change.fromVersion, change.toVersion]),
    ).toEqual([['KB5032198', null, 'KB5032198']]);
    expect(windowsReport.summary.patchesApplied).toBe(1);
  });

  it('counts the upgrades, not a rollback to the older version nor a new package an upgrade pulled in', () => {
    expect(
      linuxReport.changes.map((change) => [change.package, change.fromVersion, change.toVersion]),
    ).toEqual([
      ['curl', '7.88.1-10+deb12u12', '7.88.1-10+deb12u14'],
      ['linux-image-6.1.0-27-amd64', null, '6.1.115-1'],
      ['openssl', '3.0.17-1~deb12u2', '3.0.18-1~deb12u1'],
      ['openssl', '3.0.18-1~deb12u1', '3.0.17-1~deb12u2'],
    ]);
    expect(linuxReport.summary.patchesApplied).toBe(2);
  });
});
