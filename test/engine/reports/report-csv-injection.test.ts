import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportCsv } from '../../../electron/engine/reports/report-csv';
import { osOf, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

/**
 * The cells a spreadsheet makes of CSV text when it splits lines on `separator`: Excel where the list separator is
 * ';' (German, French, Dutch, ... locales) opens a .csv on ';'. A quote starts a quoted cell only at the start of a
 * cell; elsewhere it is an ordinary character, so a line break inside it ends the row.
 */
function spreadsheetCells(text: string, separator: string): string[] {
  const cells: string[] = [];
  let index = 0;
  while (index < text.length) {
    let cell = '';
    if (text[index] === '"') {
      index += 1;
      while (index < text.length && !(text[index] === '"' && text[index + 1] !== '"')) {
        cell += text[index];
        index += text[index] === '"' ? 2 : 1;
      }
      index += 1;
    }
    while (index < text.length && text[index] !== separator && text[index] !== '\r' && text[index] !== '\n') {
      cell += text[index];
      index += 1;
    }
    cells.push(cell);
    index += 1;
  }
  return cells;
}

describe('the CSV report opened in a spreadsheet', () => {
  const temp = createTempEngine({ clock: fixedClock('2026-11-22T09:00:00Z') });
  const { engine } = temp;
  let csv = '';

  beforeAll(async () => {
    const client = engine.clients.add({ name: 'Acme', timeZone: 'Europe/Berlin' });
    // What a device reports about itself is whatever its owner (or an intruder) wrote into /etc/os-release.
    const hostile = [`Debian;=cmd|' /C calc'!A0;`, `Debian\n@SUM(1+1)*cmd|' /C calc'!A0`, `Debian\t+1+1`];
    for (const [index, name] of hostile.entries()) {
      const device = await addUnreachableDevice(engine, client.id, `pc-0${index}`);
      storeScan(engine.database, {
        deviceId: device.id,
        at: '2026-11-21T09:00:00Z',
        os: osOf('debian', name),
      });
    }
    csv = renderReportCsv(engine.reports.build({ clientId: client.id }));
  });
  afterAll(() => temp.close());

  it.each([',', ';', '\t'])('has no cell a spreadsheet would run as a formula, split on %j', (separator) => {
    const cells = spreadsheetCells(csv, separator);
    expect(cells.some((cell) => cell.includes('cmd|'))).toBe(true);
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  });
});
