import { afterAll, describe, expect, it } from 'vitest';
import type { OsFacts } from '../../../shared/domain/inventory';
import { renderReportCsv } from '../../../electron/engine/reports/report-csv';
import { renderReportHtml } from '../../../electron/engine/reports/report-html';
import { storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

/** Ubuntu 20.04's standard support ends on 2025-05-31. */
const focal: OsFacts = {
  family: 'debian',
  name: 'Ubuntu 20.04.6 LTS',
  id: 'ubuntu',
  version: '20.04',
  codename: 'focal',
  kernel: null,
  arch: 'amd64',
  hostname: null,
};

describe('end of life in a report, by the client’s calendar', () => {
  const clock = fixedClock('2025-05-01T00:00:00.000Z');
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  afterAll(() => temp.close());

  const clientWithFocal = async (name: string, timeZone: string) => {
    const client = engine.clients.add({ name, timeZone });
    const device = await addUnreachableDevice(engine, client.id, 'web-01');
    storeScan(engine.database, { deviceId: device.id, at: '2025-05-01T00:00:00.000Z', os: focal });
    return client.id;
  };
  const endOfLifeShown = (clientId: number) => {
    const report = engine.reports.build({ clientId });
    const csvSummary = renderReportCsv(report).trimEnd().split('\r\n\r\n').at(-1)!;
    return {
      summary: report.summary.endOfLifeDevices,
      html: renderReportHtml(report).includes('Ubuntu 20.04.6 LTS (end of life)'),
      csv: /^end-of-life devices,(\d+)$/m.exec(csvSummary)?.[1],
    };
  };

  it('is not yet reached in New York in the evening before the last day, though UTC is on that day', async () => {
    const newYork = await clientWithFocal('Hudson Dental', 'America/New_York');
    clock.set('2025-05-31T02:00:00.000Z'); // 30 May 22:00 in New York
    expect(endOfLifeShown(newYork)).toEqual({ summary: 0, html: false, csv: '0' });
    clock.set('2025-05-31T04:00:00.000Z'); // 31 May 00:00 in New York
    expect(endOfLifeShown(newYork)).toEqual({ summary: 1, html: true, csv: '1' });
  });

  it('is reached in Auckland on the last day, while UTC is still on the day before', async () => {
    const auckland = await clientWithFocal('Harbour Vets', 'Pacific/Auckland');
    clock.set('2025-05-30T11:59:00.000Z'); // 30 May 23:59 in Auckland
    expect(endOfLifeShown(auckland)).toEqual({ summary: 0, html: false, csv: '0' });
    clock.set('2025-05-30T13:00:00.000Z'); // 31 May 01:00 in Auckland
    expect(endOfLifeShown(auckland)).toEqual({ summary: 1, html: true, csv: '1' });
  });
});
