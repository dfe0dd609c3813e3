import type { ComplianceReport } from './compliance-report';
import { BOLD, REGULAR, registerReportFonts } from './report-fonts';
import { colourHex, formatDay, formatInstant, formatPercent } from './report-format';
import { summaryCards } from './report-summary';

type Pdf = PDFKit.PDFDocument;

const MARGIN = 40;
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** Room kept free at the bottom of every page for the footer. */
const BOTTOM = PAGE_HEIGHT - MARGIN - 18;
const INK = '#1f2328';
const MUTED = '#59636e';
const RULE = '#d0d7de';

interface Column {
  readonly header: string;
  /** Share of the content width. */
  readonly width: number;
  readonly align?: 'left' | 'right';
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

type Row = readonly (string | number | null)[];

/** Text cut to fit a width with an ellipsis: tables keep one line per row, so long names never push a page. */
function fit(doc: Pdf, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${text.slice(0, middle)}…`) <= width) low = middle;
    else high = middle - 1;
  }
  return `${text.slice(0, low)}…`;
}

/**
 * One table cell on one line. pdfkit lays out any text given a width through its line wrapper, which made a
 * 20,000-row report take seconds: cells are placed at an x instead (right alignment measured here), and the
 * fitted text and its width are remembered per font, since dates, versions and names repeat down a table.
 */
function cellWriter(doc: Pdf) {
  const fitted = new Map<string, { text: string; width: number }>();
  return (font: string, text: string, x: number, y: number, width: number, align: 'left' | 'right') => {
    const key = `${font}\u0000${width}\u0000${text}`;
    let cell = fitted.get(key);
    if (!cell) {
      const shown = fit(doc, text, width);
      cell = { text: shown, width: doc.widthOfString(shown) };
      fitted.set(key, cell);
    }
    doc.text(cell.text, align === 'right' ? x + width - cell.width : x, y, { lineBreak: false });
  };
}

function heading(doc: Pdf, report: ComplianceReport, title: string, need = 60): void {
  if (doc.y + need > BOTTOM) doc.addPage();
  doc.moveDown(0.6);
  const y = doc.y;
  doc.rect(MARGIN, y, 3, 14).fill(report.branding.accentColour);
  doc
    .fillColor(INK)
    .font(BOLD)
    .fontSize(12)
    .text(title, MARGIN + 9, y + 1, { lineBreak: false });
  doc.y = y + 20;
  doc.x = MARGIN;
}

function note(doc: Pdf, text: string): void {
  doc.fillColor(MUTED).font(REGULAR).fontSize(9).text(text, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.fillColor(INK);
}

/** A section's table, or one line saying why it is empty. */
function tableOrNote(
  doc: Pdf,
  report: ComplianceReport,
  whenEmpty: string,
  columns: readonly Column[],
  rows: readonly Row[],
): void {
  if (rows.length === 0) note(doc, whenEmpty);
  else drawTable(doc, report, columns, rows);
}

/**
 * A table that breaks across pages, repeating its header row on each. Cells whose text is an SLA colour name are
 * drawn in that colour.
 */
function drawTable(
  doc: Pdf,
  report: ComplianceReport,
  columns: readonly Column[],
  rows: readonly Row[],
): void {
  const shares = columns.reduce((sum, column) => sum + column.width, 0);
  if (Math.abs(shares - 1) > 1e-9)
    throw new Error(`A report table's column widths add up to ${shares}, not 1.`);
  const rowHeight = 13;
  const write = cellWriter(doc);
  const widths = columns.map((column) => column.width * CONTENT_WIDTH);
  const header = () => {
    const y = doc.y;
    doc.rect(MARGIN, y, CONTENT_WIDTH, rowHeight + 2).fill('#f6f8fa');
    doc.rect(MARGIN, y + rowHeight + 1, CONTENT_WIDTH, 1).fill(report.branding.accentColour);
    doc.fillColor(INK).font(BOLD).fontSize(8);
    let x = MARGIN;
    columns.forEach((column, index) => {
      const width = widths[index]! - 6;
      write('bold', column.header, x + 3, y + 4, width, column.align ?? 'left');
      x += widths[index]!;
    });
    doc.y = y + rowHeight + 4;
  };
  header();
  doc.font(REGULAR).fontSize(8);
  let colour = INK;
  rows.forEach((row, rowIndex) => {
    if (doc.y + rowHeight > BOTTOM) {
      doc.addPage();
      header();
      doc.font(REGULAR).fontSize(8);
      colour = '';
    }
    const y = doc.y;
    if (rowIndex % 2 === 1) {
      doc.rect(MARGIN, y, CONTENT_WIDTH, rowHeight).fill('#fafbfc');
      colour = '';
    }
    let x = MARGIN;
    row.forEach((cell, index) => {
      const text = cell === null ? '–' : String(cell);
      const width = widths[index]! - 6;
      const wanted = text === 'red' || text === 'yellow' || text === 'green' ? colourHex(text) : INK;
      if (wanted !== colour) doc.fillColor((colour = wanted));
      write('regular', text, x + 3, y + 3, width, columns[index]?.align ?? 'left');
      x += widths[index]!;
    });
    doc.y = y + rowHeight;
  });
  doc.fillColor(INK);
  doc.x = MARGIN;
}

function cover(doc: Pdf, report: ComplianceReport): void {
  const { branding } = report;
  doc.rect(0, 0, PAGE_WIDTH, 8).fill(branding.accentColour);
  let textLeft = MARGIN;
  if (branding.logo) {
    try {
      doc.image(Buffer.from(branding.logo.base64, 'base64'), MARGIN, 30, { fit: [110, 48] });
      textLeft = MARGIN + 124;
    } catch {
      // A logo pdfkit cannot read is left out rather than failing the client's report.
    }
  }
  doc.fillColor(branding.accentColour).font(BOLD).fontSize(11).text(branding.name, textLeft, 32);
  doc.fillColor(INK).font(BOLD).fontSize(20).text('Patch compliance report', textLeft, 48);
  doc.font(REGULAR).fontSize(12).text(report.client.name, textLeft, 74);
  doc
    .fillColor(MUTED)
    .fontSize(9)
    .text(
      `${formatDay(report.period.from)} to ${formatDay(report.period.to)} · generated ${formatInstant(report.generatedAt, report.client.timeZone)} (${report.client.timeZone})`,
      MARGIN,
      100,
    );
  doc.rect(MARGIN, 116, CONTENT_WIDTH, 1).fill(RULE);
  doc.y = 128;
}

function drawSummaryCards(doc: Pdf, report: ComplianceReport): void {
  const gap = 10;
  const width = (CONTENT_WIDTH - 2 * gap) / 3;
  const height = 64;
  const top = doc.y;
  summaryCards(report).forEach(({ value, label, note: detail }, index) => {
    const x = MARGIN + (index % 3) * (width + gap);
    const y = top + Math.floor(index / 3) * (height + gap);
    doc.roundedRect(x, y, width, height, 4).lineWidth(0.8).stroke(RULE);
    doc.rect(x, y + 4, 3, height - 8).fill(report.branding.accentColour);
    doc
      .fillColor(INK)
      .font(BOLD)
      .fontSize(20)
      .text(value, x + 12, y + 9, { width: width - 20, lineBreak: false });
    doc
      .font(REGULAR)
      .fontSize(9)
      .text(label, x + 12, y + 34, { width: width - 20, lineBreak: false });
    doc
      .fillColor(MUTED)
      .fontSize(7.5)
      .text(fit(doc, detail, width - 20), x + 12, y + 47, { width: width - 20, lineBreak: false });
  });
  doc.y = top + 2 * (height + gap);
  doc.x = MARGIN;
  colourBar(doc, report);
}

/** Outstanding patches as one bar split by colour, with its legend. */
function colourBar(doc: Pdf, report: ComplianceReport): void {
  const { outstanding } = report.summary;
  const y = doc.y + 4;
  const parts: [string, number, string][] = [
    ['red', outstanding.red, colourHex('red')],
    ['yellow', outstanding.yellow, colourHex('yellow')],
    ['green', outstanding.green, colourHex('green')],
    ['unrated', outstanding.unrated, colourHex(null)],
  ];
  if (outstanding.total === 0) {
    doc.rect(MARGIN, y, CONTENT_WIDTH, 10).fill(colourHex('green'));
  } else {
    let x = MARGIN;
    for (const [, count, hex] of parts) {
      const width = (count / outstanding.total) * CONTENT_WIDTH;
      if (width > 0) doc.rect(x, y, width, 10).fill(hex);
      x += width;
    }
  }
  let x = MARGIN;
  doc.font(REGULAR).fontSize(8);
  for (const [name, count, hex] of parts) {
    doc.rect(x, y + 16, 8, 8).fill(hex);
    const label = `${name}: ${count}`;
    doc.fillColor(INK).text(label, x + 11, y + 16, { lineBreak: false });
    x += 20 + doc.widthOfString(label);
  }
  doc.y = y + 30;
  doc.x = MARGIN;
}

/** Fully patched % per day as vector paths: grid, axis labels, the line in the accent colour, overdue bars. */
function trendChart(doc: Pdf, report: ComplianceReport): void {
  heading(doc, report, 'Trend: devices fully patched', 190);
  const points = report.trend;
  if (points.length === 0) {
    note(doc, 'No daily compliance snapshots in this period yet: the trend fills in as scans run each day.');
    return;
  }
  const left = MARGIN + 34;
  const right = MARGIN + CONTENT_WIDTH - 8;
  const top = doc.y + 4;
  const height = 130;
  // Days without a snapshot stay gaps on the axis: x is the day's place in the period, not the point's index.
  const span = Math.max(1, dayNumber(report.period.to) - dayNumber(report.period.from));
  const x = (index: number) =>
    left + ((dayNumber(points[index]!.day) - dayNumber(report.period.from)) / span) * (right - left);
  const y = (value: number) => top + (1 - value / 100) * height;
  doc.font(REGULAR).fontSize(7).lineWidth(0.5);
  for (const value of [0, 25, 50, 75, 100]) {
    doc.moveTo(left, y(value)).lineTo(right, y(value)).stroke(RULE);
    doc
      .fillColor(MUTED)
      .text(`${value}%`, MARGIN, y(value) - 3, { width: 28, align: 'right', lineBreak: false });
  }
  const maxOverdue = Math.max(1, ...points.map((point) => point.overdue));
  const barWidth = Math.max(1, Math.min(8, ((right - left) / points.length) * 0.6));
  points.forEach((point, index) => {
    if (point.overdue === 0) return;
    const barHeight = (point.overdue / maxOverdue) * height * 0.35;
    doc
      .rect(x(index) - barWidth / 2, top + height - barHeight, barWidth, barHeight)
      .fillOpacity(0.35)
      .fill(colourHex('red'));
  });
  doc.fillOpacity(1);
  const drawn = points.flatMap((point, index) =>
    point.percent === null ? [] : [[x(index), y(point.percent)] as const],
  );
  if (drawn.length > 0) {
    doc.lineWidth(1.8).moveTo(drawn[0]![0], drawn[0]![1]);
    for (const [px, py] of drawn.slice(1)) doc.lineTo(px, py);
    doc.stroke(report.branding.accentColour);
    for (const [px, py] of drawn) doc.circle(px, py, 1.6).fill(report.branding.accentColour);
  }
  doc.fillColor(MUTED).fontSize(7);
  doc.text(formatDay(report.period.from), left, top + height + 4, { lineBreak: false });
  const lastLabel = formatDay(report.period.to);
  doc.text(lastLabel, right - doc.widthOfString(lastLabel), top + height + 4, { lineBreak: false });
  doc.y = top + height + 16;
  doc.x = MARGIN;
  note(
    doc,
    'Line: share of devices with nothing outstanding, per day. Bars: outstanding patches past their due date.',
  );
}

function tables(doc: Pdf, report: ComplianceReport): void {
  const zone = report.client.timeZone;

  heading(doc, report, `Devices (${report.devices.length})`);
  tableOrNote(
    doc,
    report,
    'This client has no devices.',
    [
      // The OS fits "Debian GNU/Linux 12 (bookworm)" (123 pt at 8 pt), the scan "20 Nov 2026 10:00" (69 pt).
      { header: 'Device', width: 0.135 },
      { header: 'OS', width: 0.26 },
      { header: 'Last scan', width: 0.15 },
      { header: 'Red', width: 0.055, align: 'right' },
      { header: 'Yellow', width: 0.065, align: 'right' },
      { header: 'Green', width: 0.06, align: 'right' },
      { header: 'Unrated', width: 0.08, align: 'right' },
      { header: 'Overdue', width: 0.08, align: 'right' },
      { header: 'KEV', width: 0.045, align: 'right' },
      { header: 'Reboot', width: 0.07 },
    ],
    report.devices.map((device) => [
      device.name,
      device.os + (device.endOfLifeReached ? ' (end of life)' : ''),
      device.lastScanAt ? formatInstant(device.lastScanAt, zone) : 'never',
      device.missing.red,
      device.missing.yellow,
      device.missing.green,
      device.missing.unrated,
      device.overdue,
      device.kev,
      device.rebootPending === null ? null : device.rebootPending ? 'pending' : 'no',
    ]),
  );

  heading(doc, report, `Failed patches in the period (${report.failed.length})`);
  tableOrNote(
    doc,
    report,
    'No patch job failed in this period.',
    [
      { header: 'Job', width: 0.08, align: 'right' },
      { header: 'Device', width: 0.2 },
      { header: 'When', width: 0.18 },
      { header: 'Error', width: 0.54 },
    ],
    report.failed.map((row) => [
      row.jobId,
      row.device,
      row.finishedAt ? formatInstant(row.finishedAt, zone) : null,
      row.error,
    ]),
  );

  heading(doc, report, `Outstanding patches (${report.outstanding.length})`);
  tableOrNote(
    doc,
    report,
    'Nothing outstanding: every scanned device is fully patched.',
    [
      { header: 'Device', width: 0.15 },
      { header: 'Package', width: 0.17 },
      { header: 'Available', width: 0.17 },
      { header: 'Type', width: 0.12 },
      { header: 'Colour', width: 0.08 },
      { header: 'KEV', width: 0.06 },
      { header: 'Due', width: 0.16 },
      { header: 'Status', width: 0.09 },
    ],
    report.outstanding.map((patch) => [
      patch.device,
      patch.package,
      patch.availableVersion,
      patch.classification,
      patch.colour ?? 'unrated',
      patch.kev ? 'KEV' : '',
      patch.dueAt ? formatInstant(patch.dueAt, zone) : null,
      patch.overdue ? 'OVERDUE' : 'within SLA',
    ]),
  );

  heading(doc, report, 'Automation profiles');
  tableOrNote(
    doc,
    report,
    'No automation profile ran in this period.',
    [
      { header: 'Profile', width: 0.36 },
      { header: 'Runs', width: 0.12, align: 'right' },
      { header: 'Succeeded', width: 0.14, align: 'right' },
      { header: 'Failed', width: 0.12, align: 'right' },
      { header: 'Other', width: 0.12, align: 'right' },
      { header: 'Success', width: 0.14, align: 'right' },
    ],
    report.profiles.map((row) => [
      row.policy,
      row.runs,
      row.succeeded,
      row.failed,
      row.other,
      formatPercent(row.successPercent),
    ]),
  );

  heading(doc, report, 'Outstanding by patch type');
  tableOrNote(
    doc,
    report,
    'Nothing outstanding.',
    [
      { header: 'Type', width: 0.5 },
      { header: 'Patches', width: 0.5, align: 'right' },
    ],
    report.byClassification.map((row) => [row.classification, row.patches]),
  );

  heading(doc, report, 'Outstanding by application');
  tableOrNote(
    doc,
    report,
    'Nothing outstanding.',
    [
      { header: 'Package', width: 0.45 },
      { header: 'Devices', width: 0.2, align: 'right' },
      { header: 'Worst colour', width: 0.2 },
      { header: 'KEV', width: 0.15 },
    ],
    report.byPackage.map((row) => [row.package, row.devices, row.worst ?? 'unrated', row.kev ? 'KEV' : '']),
  );

  heading(doc, report, `Change log: package changes found by scans (${report.changes.length} on devices)`);
  tableOrNote(
    doc,
    report,
    'No package changed in this period.',
    [
      { header: 'Package', width: 0.2 },
      { header: 'From', width: 0.19 },
      { header: 'To', width: 0.19 },
      { header: 'Devices', width: 0.1, align: 'right' },
      { header: 'First', width: 0.16 },
      { header: 'Last', width: 0.16 },
    ],
    report.changesByPackage.map((row) => [
      row.package,
      row.fromVersion ?? 'not installed',
      row.toVersion ?? 'removed',
      row.devices,
      formatInstant(row.firstAt, zone),
      formatInstant(row.lastAt, zone),
    ]),
  );

  heading(doc, report, `Change log: actions and decisions (${report.audit.length})`);
  tableOrNote(
    doc,
    report,
    'No recorded action in this period.',
    [
      // Room for the widest date, "28 May 2026 00:00" (70 pt at 8 pt).
      { header: 'When', width: 0.15 },
      // OS user names: "j.van.der.berg" and "administrator" are 50 pt.
      { header: 'Who', width: 0.115 },
      // Room for the longest action name, deployment.planned-cancelled (111 pt at 8 pt).
      { header: 'Action', width: 0.23 },
      { header: 'Subject', width: 0.195 },
      // Room for a deferral's "until 1 Dec 2026 08:00; note: …" before a note is cut.
      { header: 'Detail', width: 0.31 },
    ],
    report.audit.map((row) => [
      formatInstant(row.at, zone),
      row.actor,
      row.action,
      row.subject,
      row.detail ?? '',
    ]),
  );
}

function footers(doc: Pdf, report: ComplianceReport): void {
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    doc.switchToPage(range.start + index);
    const y = PAGE_HEIGHT - MARGIN + 6;
    doc.rect(MARGIN, y - 6, CONTENT_WIDTH, 0.5).fill(RULE);
    doc.fillColor(MUTED).font(REGULAR).fontSize(7.5);
    // Drawing below the bottom margin would make pdfkit open a new page: the margin is lifted for the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.text(
      `${report.branding.name} · ${report.client.name} · ${report.period.from} to ${report.period.to}`,
      MARGIN,
      y,
      {
        lineBreak: false,
      },
    );
    const label = `Page ${index + 1} of ${range.count}`;
    doc.text(label, MARGIN + CONTENT_WIDTH - doc.widthOfString(label), y, { lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * The report as a PDF (A4) drawn with pdfkit's vector primitives in an embedded font (see report-fonts): cover
 * with the summary numbers, trend chart, tables that continue across pages under a repeated header, page numbers.
 * No network, no browser.
 */
export async function renderReportPdf(report: ComplianceReport): Promise<Buffer> {
  // Loaded when a PDF is made: pdfkit and its font machinery cost ~200 ms of start-up every CLI command would pay.
  const { PDFDocument } = await import('./pdfkit-module');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${report.client.name}: patch compliance ${report.period.from} to ${report.period.to}`,
      Author: report.branding.name,
      Creator: 'Patchdeck',
    },
  });
  registerReportFonts(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  cover(doc, report);
  drawSummaryCards(doc, report);
  trendChart(doc, report);
  tables(doc, report);
  footers(doc, report);
  doc.end();
  return done;
}
