import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceReport } from '../../../electron/engine/reports/compliance-report';
import { seedDeviceHistory, type DeviceHistory } from '../../support/report-device-history';
import { createTempEngine, fixedClock } from '../../support/temp-engine';

const lines = (report: ComplianceReport) => report.audit.map((row) => `${row.action} ${row.subject}`);

/** A report re-run for last month shows the changes it showed then, whatever happened to the devices since. */
describe('a past period’s change log after its devices were retired or removed', () => {
  const clock = fixedClock();
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  let history: DeviceHistory;
  const november = (clientId: number) =>
    engine.reports.build({ clientId, from: '2026-11-01', to: '2026-11-30' });

  beforeAll(async () => {
    history = await seedDeviceHistory(engine, clock);
    clock.set('2026-12-10T09:00:00.000Z');
  });
  afterAll(() => temp.close());

  it('keeps the changes of a device removed after the period, and of one retired in it', () => {
    expect(lines(november(history.acmeId))).toEqual([
      'device.updated web-02',
      'exception.added openssl on web-02',
      'device.updated web-01',
      'device.retired web-01',
      'client.updated Acme Dental',
    ]);
  });

  it('gives the removed device’s changes to no other client, not even one that took its client’s old name', () => {
    expect(lines(november(history.newAcmeId))).toEqual([]);
    expect(JSON.stringify(november(history.globexId).audit)).not.toMatch(/web-0|openssl/);
  });
});
