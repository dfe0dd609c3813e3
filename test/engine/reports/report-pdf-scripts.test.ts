import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/engine/audit/audit-log';
import { renderReportPdf } from '../../../electron/engine/reports/report-pdf';
import { aptUpdate, dpkgPackage, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

describe('the PDF report with names outside Western European letters', () => {
  const temp = createTempEngine({ clock: fixedClock('2026-11-22T09:00:00.000Z') });
  afterAll(() => temp.close());

  it('prints Polish, Czech, Greek and Cyrillic names as written, as the HTML and CSV do', async () => {
    const { engine } = temp;
    engine.reports.setBranding({ name: 'Serwis IT Łukasz Żółć', accentColour: '#0b6bcb', logo: null });
    const client = engine.clients.add({ name: 'Łódź Dental · Ελλάδα · Київ', timeZone: 'Europe/Warsaw' });
    const device = await addUnreachableDevice(engine, client.id, 'recepce-čtečka');
    storeScan(engine.database, {
      deviceId: device.id,
      at: '2026-11-21T09:00:00Z',
      packages: [dpkgPackage('openssl', '3.0.17-1~deb12u1')],
      updates: [aptUpdate('openssl', '3.0.17-1~deb12u1', '3.0.17-1~deb12u2', true)],
    });

    // The longest action name the audit log knows, which the change log's column must show whole.
    engine.database.transaction(() =>
      appendAudit(engine.database, new Date('2026-11-21T10:00:00Z'), 'tester', {
        action: 'deployment.planned-cancelled',
        subjectType: 'device',
        subjectId: device.id,
        subjectName: device.name,
        details: {},
      }),
    );

    const file = path.join(temp.dir, 'report.pdf');
    fs.writeFileSync(file, await renderReportPdf(engine.reports.build({ clientId: client.id })));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

    expect(text).toContain('Serwis IT Łukasz Żółć');
    expect(text).toContain('Łódź Dental · Ελλάδα · Київ');
    expect(text).toContain('recepce-čtečka');
    expect(text).toMatch(/deployment\.planned-cancelled\s+recepce-čtečka/);
    expect(text).toMatch(/recepce-čtečka\s+openssl\s+3\.0\.17-1~deb12u2\s+security\s+yellow/);
    // The fonts are embedded (subset), so the PDF looks the same on the client's machine.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+DejaVuSansCondensed\s.*\syes yes yes\s/);
    expect(fonts).toMatch(/\+DejaVuSansCondensed-Bold\s.*\syes yes yes\s/);
    expect(fonts).not.toMatch(/Helvetica/);
  });
});
