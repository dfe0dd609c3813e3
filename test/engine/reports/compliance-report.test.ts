import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { renderReportCsv } from '../../../electron/engine/reports/report-csv';
import { renderReportHtml } from '../../../electron/engine/reports/report-html';
import { renderReportPdf } from '../../../electron/engine/reports/report-pdf';
import type { ComplianceReport } from '../../../electron/engine/reports/compliance-report';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { pdfTextOf } from '../../support/report-pdf-text';
import { KEV_CVE, seedReportFleet } from './report-fleet';

const NOW = '2026-11-22T09:00:00.000Z';
const DEVICE_HEADER = /Device\s+OS\s+Last scan\s+Red\s+Yellow\s+Green\s+Unrated\s+Overdue\s+KEV\s+Reboot/;
/** A device table row as pdftotext lays it out: name, system, last scan, the six counts, the reboot state. */
const DEVICE_ROW =
  /^\s*(\S+) {2,}(.+?) {2,}(never|\d{1,2} \w{3} \d{4} \d{2}:\d{2})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(pending|no|–)\s*$/gm;
const logo = fs.readFileSync(path.resolve('resources/icon.png')).toString('base64');

describe('compliance report of one client', () => {
  const clock = fixedClock(NOW);
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  let clientId = 0;
  let report: ComplianceReport;
  let pdfText = '';
  let pdfPages = 0;

  const scalar = (sql: string, ...args: unknown[]) =>
    engine.database
      .statement(sql)
      .pluck()
      .get(...args) as number;

  beforeAll(async () => {
    const fleet = seedReportFleet(engine, {
      clients: 2,
      devicesPerClient: 40,
      packages: 30,
      maxUpdates: 12,
      now: new Date(NOW),
      bulkApproval: true,
    });
    clientId = fleet.clientIds[0]!;
    engine.reports.setBranding({
      name: 'Northwind IT Services',
      accentColour: '#0b7285',
      logo: { mediaType: 'image/png', base64: logo },
    });
    // Three days of snapshots, the clock moving between them, so the trend has points.
    for (const day of ['2026-11-20T18:00:00Z', '2026-11-21T18:00:00Z', NOW]) {
      clock.set(day);
      engine.reports.recordComplianceSnapshot();
    }
    report = engine.reports.build({ clientId, from: '2026-11-01', to: '2026-11-22' });
    const pdf = await renderReportPdf(report);
    const file = path.join(temp.dir, 'report.pdf');
    fs.writeFileSync(file, pdf);
    pdfText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    pdfPages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    if (process.env.REPORT_PNG_DIR) {
      fs.mkdirSync(process.env.REPORT_PNG_DIR, { recursive: true });
      fs.copyFileSync(file, path.join(process.env.REPORT_PNG_DIR, 'report.pdf'));
      fs.writeFileSync(path.join(process.env.REPORT_PNG_DIR, 'report.html'), renderReportHtml(report));
    }
  });
  afterAll(() => temp.close());

  it('counts devices, fully patched devices and outstanding patches as the database holds them', () => {
    const devices = scalar('SELECT count(*) FROM devices WHERE client_id = ?', clientId);
    const fullyPatched = scalar(
      `SELECT count(*) FROM devices d WHERE d.client_id = ?
       AND NOT EXISTS (SELECT 1 FROM available_updates a WHERE a.device_id = d.id)`,
      clientId,
    );
    const outstanding = scalar(
      'SELECT count(*) FROM available_updates a JOIN devices d ON d.id = a.device_id WHERE d.client_id = ?',
      clientId,
    );
    expect(report.summary.devices).toBe(devices);
    expect(report.summary.fullyPatched).toBe(fullyPatched);
    expect(fullyPatched).toBeGreaterThan(0);
    expect(report.summary.fullyPatchedPercent).toBe(Math.round((fullyPatched / devices) * 1000) / 10);
    expect(report.summary.outstanding.total).toBe(outstanding);
    expect(report.outstanding).toHaveLength(outstanding);
  });

  it('colours from the vulnerability work: vendor Critical and KEV red, security yellow, the rest green', () => {
    const colours = new Set(report.outstanding.map((patch) => patch.colour));
    expect(colours).toEqual(new Set(['red', 'yellow', 'green']));
    const kev = report.outstanding.filter((patch) => patch.cves.includes(KEV_CVE));
    expect(kev.length).toBeGreaterThan(0);
    expect(kev.every((patch) => patch.kev && patch.colour === 'red')).toBe(true);
    expect(report.summary.kevPatches).toBe(kev.length);
    // Seen first 20 days ago: red (2 days) and yellow (14 days) are overdue, green (30 days) is not yet.
    const overdue = report.outstanding.filter((patch) => patch.overdue);
    expect(report.summary.overdue).toBe(overdue.length);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((patch) => patch.colour !== 'green' && patch.dueAt! < NOW)).toBe(true);
    const oldRedOrYellow = report.outstanding.filter(
      (patch) => patch.firstSeenAt < '2026-11-03' && (patch.colour === 'red' || patch.colour === 'yellow'),
    );
    expect(oldRedOrYellow.length).toBeGreaterThan(0);
    expect(oldRedOrYellow.every((patch) => patch.overdue)).toBe(true);
  });

  it('counts the upgrades the period saw, the failed job and the automation profile run', () => {
    const applied = scalar(
      `SELECT count(*) FROM package_changes c JOIN devices d ON d.id = c.device_id
       WHERE d.client_id = ? AND c.from_version IS NOT NULL AND c.to_version IS NOT NULL`,
      clientId,
    );
    expect(applied).toBeGreaterThan(0);
    expect(report.summary.patchesApplied).toBe(applied);
    expect(report.changes).toHaveLength(applied);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.error).toContain('pkg-020');
    expect(report.profiles).toEqual([
      { policy: 'acme-weekly', runs: 1, succeeded: 3, failed: 1, other: 0, successPercent: 75 },
    ]);
    expect(report.audit.some((entry) => entry.action.startsWith('policy'))).toBe(true);
    const approval = report.audit.find((entry) => entry.action === 'approval.approve');
    // pkg-000 to pkg-029 installed, updates up to pkg-031 offered: the approval names those, not the others.
    const names = Array.from({ length: 32 }, (_, index) => `pkg-${String(index).padStart(3, '0')}`);
    expect(approval?.subject).toBe(`${names.join(', ')} (all devices)`);
    expect(approval?.detail).toBe('note: monthly review');
  });

  it('leaves the period out when it excludes the changes: a period before the scans has no change log', () => {
    const early = engine.reports.build({ clientId, from: '2026-10-01', to: '2026-10-31' });
    expect(early.summary.patchesApplied).toBe(0);
    expect(early.changes).toHaveLength(0);
    expect(early.trend).toHaveLength(0);
  });

  it('records one snapshot per client per day, the later measurement replacing the earlier', () => {
    const before = scalar('SELECT count(*) FROM compliance_snapshots');
    engine.reports.recordComplianceSnapshot();
    engine.reports.recordComplianceSnapshot();
    expect(scalar('SELECT count(*) FROM compliance_snapshots')).toBe(before);
    expect(report.trend.map((point) => point.day)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(report.trend.at(-1)?.percent).toBe(report.summary.fullyPatchedPercent);
  });

  it('refuses a period whose start is after its end, and dates that do not exist', () => {
    const refused = (from: string, to: string) => {
      try {
        engine.reports.build({ clientId, from, to });
      } catch (error) {
        return error instanceof AppError ? `${error.code}: ${error.message}` : String(error);
      }
      return 'accepted';
    };
    expect(refused('2026-11-10', '2026-11-01')).toMatch(
      /^invalid-input: --from 2026-11-10 is after --to 2026-11-01/,
    );
    expect(refused('2026-02-30', '2026-03-01')).toMatch(/^invalid-input: --from '2026-02-30' is not a date/);
    expect(() => engine.reports.build({ clientId: 9999 })).toThrow(/no client with id 9999/);
  });

  it('prints the database numbers in the PDF, with page numbers on every page', () => {
    const { summary } = report;
    expect(pdfText).toContain('Northwind IT Services');
    expect(pdfText).toContain('Acme Dental');
    expect(pdfText).toMatch(new RegExp(`${summary.fullyPatchedPercent!.toFixed(1).replace('.', '\\.')}%\\s`));
    expect(pdfText).toContain(`${summary.fullyPatched} of ${summary.devices} devices`);
    expect(pdfText).toContain(
      `${summary.outstanding.red} red, ${summary.outstanding.yellow} yellow, ${summary.outstanding.green} green`,
    );
    expect(pdfText).toContain(`Outstanding patches (${summary.outstanding.total})`);
    expect(pdfText).toContain(`Devices (${summary.devices})`);
    expect(pdfPages).toBeGreaterThan(2);
    for (let page = 1; page <= pdfPages; page += 1) expect(pdfText).toContain(`Page ${page} of ${pdfPages}`);
    // Every outstanding row is in the PDF: one OVERDUE or pending per row.
    expect((pdfText.match(/\b(OVERDUE|within SLA)\s*$/gm) ?? []).length).toBe(summary.outstanding.total);
    expect((pdfText.match(/OVERDUE\s*$/gm) ?? []).length).toBe(summary.overdue);
  });

  it('repeats the table header on every page a table continues on', () => {
    const pages = pdfText.split('\f').filter((page) => page.trim() !== '');
    const outstandingPages = pages.filter((page) => /\b(OVERDUE|within SLA)\s*$/m.test(page));
    expect(outstandingPages.length).toBeGreaterThan(1);
    for (const page of outstandingPages) expect(page).toMatch(/Device\s+Package\s+Available\s+Type\s+Colour/);
  });

  it('writes HTML with no remote resource and no script, the logo inline', () => {
    const html = renderReportHtml(report);
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(?!data:)[^"'\s>]/i);
    expect(html).toContain(`src="data:image/png;base64,${logo.slice(0, 40)}`);
    expect(html).toContain(`${report.summary.fullyPatched} of ${report.summary.devices} devices`);
  });

  it('escapes names in HTML and defuses formulas in CSV', () => {
    const hostile: ComplianceReport = {
      ...report,
      devices: [
        { ...report.devices[0]!, name: '<img src=x onerror=alert(1)>', os: '=HYPERLINK("http://evil","x")' },
      ],
      outstanding: [
        { ...report.outstanding[0]!, device: '+cmd|calc', package: '@SUM(A1)', availableVersion: '-1+2' },
      ],
    };
    const html = renderReportHtml(hostile);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    const csv = renderReportCsv(hostile);
    expect(csv).toContain(`<img src=x onerror=alert(1)>,"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv).toContain(`'+cmd|calc,'@SUM(A1)`);
    expect(csv).toContain(`,'-1+2,`);
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it('writes both CSV tables with RFC 4180 line ends and quoting', () => {
    const csv = renderReportCsv(report);
    const [devices, patches] = csv.split('\r\n\r\n');
    expect(devices?.split('\r\n')).toHaveLength(report.devices.length + 1);
    expect(patches?.trimEnd().split('\r\n')).toHaveLength(report.outstanding.length + 1);
    expect(devices?.split('\r\n')[0]).toBe(
      'device,os,last scan,scan status,red,yellow,green,unrated,overdue,kev,reboot pending,fully patched,end of life',
    );
    expect(csv).not.toMatch(/[^\r]\n/);
  });

  it('keeps the branding, and refuses a logo that is not the image it claims to be', () => {
    expect(engine.reports.branding().name).toBe('Northwind IT Services');
    expect(() =>
      engine.reports.setBranding({
        name: 'x',
        accentColour: '#000000',
        logo: { mediaType: 'image/png', base64: Buffer.from('<svg onload=alert(1)>').toString('base64') },
      }),
    ).toThrow(/not a PNG image/);
    expect(() => engine.reports.setBranding({ name: 'x', accentColour: 'red', logo: null })).toThrow(
      /#1f6feb/,
    );
    expect(engine.reports.branding().accentColour).toBe('#0b7285');
  });

  it('exports atomically: a folder that does not exist is refused and nothing is left behind', async () => {
    const out = path.join(temp.dir, 'missing-folder', 'report.pdf');
    await expect(engine.reports.export({ clientId, format: 'pdf', path: out })).rejects.toThrow(
      /does not exist/,
    );
    const good = path.join(temp.dir, 'out.csv');
    const result = await engine.reports.export({ clientId, format: 'csv', path: good });
    expect(result.bytes).toBe(fs.statSync(good).size);
    expect(fs.readdirSync(temp.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('prints the same summary numbers in the PDF, the HTML and the CSV', () => {
    const { summary } = report;
    expect(summary.endOfLifeDevices).toBeGreaterThan(0);
    const phrases = [
      `${summary.fullyPatched} of ${summary.devices} devices`,
      `${summary.scanned} scanned`,
      `${summary.patchesApplied} patches applied`,
      `${summary.outstanding.total} outstanding patches`,
      `${summary.outstanding.red} red, ${summary.outstanding.yellow} yellow, ${summary.outstanding.green} green, ${summary.outstanding.unrated} unrated`,
      `${summary.overdue} SLA breaches`,
      `${summary.kevPatches} known exploited (KEV)`,
      `on ${summary.kevDevices} devices`,
      `${summary.rebootPending} reboots pending`,
      `${summary.endOfLifeDevices} devices on end-of-life systems`,
    ];
    const words = (text: string) => text.replace(/\s+/g, ' ');
    const html = words(
      renderReportHtml(report)
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
    );
    // The PDF's cards stand three to a row: a card's value and label are on different lines of the text.
    const pdfCards = pdfText.slice(0, pdfText.indexOf('Trend'));
    for (const phrase of phrases) {
      expect({ phrase, html: html.includes(phrase) }).toEqual({ phrase, html: true });
      const [value, ...label] = phrase.split(' ');
      const inPdf = /^\d+$/.test(value!)
        ? new RegExp(`(^|\\s)${value}\\s[\\s\\S]*${label.join(' ').replace(/[()]/g, '\\$&')}`).test(pdfCards)
        : words(pdfCards).includes(phrase);
      expect({ phrase, pdf: inPdf }).toEqual({ phrase, pdf: true });
    }
    const csvSummary = renderReportCsv(report).trimEnd().split('\r\n\r\n').at(-1)!.split('\r\n');
    expect(Object.fromEntries(csvSummary.map((line) => line.split(',')))).toEqual({
      summary: 'value',
      client: 'Acme Dental',
      from: '2026-11-01',
      to: '2026-11-22',
      devices: String(summary.devices),
      scanned: String(summary.scanned),
      'fully patched': String(summary.fullyPatched),
      'fully patched percent': String(summary.fullyPatchedPercent),
      'patches applied': String(summary.patchesApplied),
      outstanding: String(summary.outstanding.total),
      'outstanding red': String(summary.outstanding.red),
      'outstanding yellow': String(summary.outstanding.yellow),
      'outstanding green': String(summary.outstanding.green),
      'outstanding unrated': String(summary.outstanding.unrated),
      'sla breaches': String(summary.overdue),
      'kev patches': String(summary.kevPatches),
      'kev devices': String(summary.kevDevices),
      'reboots pending': String(summary.rebootPending),
      'end-of-life devices': String(summary.endOfLifeDevices),
    });
  });

  it('prints every count of the device table, Unrated included, in the PDF as in the HTML and the CSV', () => {
    expect(pdfText).toMatch(DEVICE_HEADER);
    const pdfRows = [...pdfText.matchAll(DEVICE_ROW)].map((match) => [
      match[1],
      match[2]!.includes('(end of life)'),
      ...match.slice(4, 10).map(Number),
      match[10],
    ]);
    const modelRows = report.devices.map((device) => [
      device.name,
      device.endOfLifeReached,
      device.missing.red,
      device.missing.yellow,
      device.missing.green,
      device.missing.unrated,
      device.overdue,
      device.kev,
      device.rebootPending === null ? '–' : device.rebootPending ? 'pending' : 'no',
    ]);
    expect(pdfRows).toEqual(modelRows);
    expect(modelRows.some((row) => row[1] === true)).toBe(true);
    const csvRows = renderReportCsv(report).split('\r\n\r\n')[0]!.split('\r\n').slice(1);
    expect(
      csvRows.map((line) => {
        const field = line.split(',');
        return [field[0], ...field.slice(4, 10).map(Number)];
      }),
    ).toEqual(modelRows.map((row) => [row[0], ...row.slice(2, 8)]));
    const html = renderReportHtml(report);
    expect(html).toContain(
      '<th>Device</th><th>OS</th><th>Last scan</th><th>Red</th><th>Yellow</th><th>Green</th><th>Unrated</th>',
    );
    expect((html.match(/ \(end of life\)<\/td>/g) ?? []).length).toBe(report.summary.endOfLifeDevices);
  });

  it('keeps table headers, dates, systems and action names whole in the PDF', async () => {
    for (const header of [
      DEVICE_HEADER,
      /Job\s+Device\s+When\s+Error/,
      /Device\s+Package\s+Available\s+Type\s+Colour\s+KEV\s+Due\s+Status/,
      /Profile\s+Runs\s+Succeeded\s+Failed\s+Other\s+Success/,
      /Package\s+From\s+To\s+Devices\s+First\s+Last/,
      /When\s+Who\s+Action\s+Subject\s+Detail/,
    ]) {
      expect(pdfText).toMatch(header);
    }
    for (const entry of report.audit) expect(pdfText).toContain(entry.action);
    // The longest values a technician meets, in a report of their own.
    const longest: ComplianceReport = {
      ...report,
      devices: [
        {
          ...report.devices[0]!,
          name: 'web-01',
          os: 'Debian GNU/Linux 12 (bookworm)',
          endOfLifeReached: false,
          lastScanAt: '2026-11-20T09:00:00.000Z',
        },
      ],
      // Actors are OS user names; May is the widest month of a date.
      audit: [
        {
          at: '2026-11-20T09:00:00.000Z',
          actor: 'j.van.der.berg',
          action: 'deployment.planned-cancelled',
          subject: 'openssl on web-01',
          detail: null,
        },
        {
          at: '2026-05-28T09:00:00.000Z',
          actor: 'administrator',
          action: 'approval.defer',
          subject: 'curl (all devices)',
          detail: 'until 1 Dec 2026 08:00; note: after the audit',
        },
      ],
    };
    const text = await pdfTextOf(await renderReportPdf(longest), temp.dir);
    expect(text).toMatch(/web-01 +Debian GNU\/Linux 12 \(bookworm\) +20 Nov 2026 10:00 /);
    expect(text).toMatch(
      /20 Nov 2026 10:00 +j\.van\.der\.berg +deployment\.planned-cancelled +openssl on web-01/,
    );
    expect(text).toMatch(
      /28 May 2026 11:00 +administrator +approval\.defer +curl \(all devices\) +until 1 Dec 2026 08:00; note: after the/,
    );
  });
});
