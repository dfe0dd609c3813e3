import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDevicesCsv } from '../../../electron/engine/reports/report-csv';
import type { ComplianceReport } from '../../../electron/engine/reports/compliance-report';
import type { DashboardSummary } from '../../../shared/domain/reports';
import { dpkgPackage, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

const NOW = '2026-11-22T09:00:00.000Z';

describe('a device whose scans all failed', () => {
  const clock = fixedClock(NOW);
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  let report: ComplianceReport;
  let dashboard: DashboardSummary;

  beforeAll(async () => {
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const patched = await addUnreachableDevice(engine, client.id, 'web-01');
    storeScan(engine.database, {
      deviceId: patched.id,
      at: '2026-11-21T09:00:00Z',
      packages: [dpkgPackage('openssl', '3.0.17-1~deb12u2')],
    });
    // Added today; its first scan cannot reach it, so nothing is known about its packages.
    const unknown = await addUnreachableDevice(engine, client.id, 'new-laptop');
    const [outcome] = await engine.scans.scan({ deviceIds: [unknown.id], depth: 'quick', concurrency: 1 });
    expect(outcome?.status).not.toBe('ok');
    engine.reports.recordComplianceSnapshot();
    report = engine.reports.build({ clientId: client.id });
    dashboard = engine.reports.dashboard();
  });
  afterAll(() => temp.close());

  it('is not counted as fully patched in the report, its CSV, the snapshot or the dashboard', () => {
    expect(report.devices.map((device) => [device.name, device.fullyPatched])).toEqual([
      ['new-laptop', false],
      ['web-01', true],
    ]);
    expect(report.summary).toMatchObject({ devices: 2, fullyPatched: 1, fullyPatchedPercent: 50 });
    expect(renderDevicesCsv(report).split('\r\n')[1]).toMatch(/^new-laptop,not scanned yet,.*,no,$/);
    expect(report.trend.at(-1)?.percent).toBe(50);
    expect(dashboard.clients[0]).toMatchObject({ devices: 2, fullyPatched: 1, percent: 50 });
  });
});
