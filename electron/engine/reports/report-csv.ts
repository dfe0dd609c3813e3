import type { ComplianceReport } from './compliance-report';
import { summaryRows } from './report-summary';

type Cell = string | number | boolean | null;

/**
 * Where a spreadsheet may start a cell inside a field: the field's start, and after a ';' or a tab (Excel splits a
 * .csv on ';' where that is the list separator, as in German or French locales; import dialogs offer tab) or a line
 * break (which such a split does not keep inside quotes), followed by what a spreadsheet reads as a formula.
 */
const formulaStart = /(?<=^|[;\t\r\n])(?=[=+\-@\t\r])/g;

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would read as a formula (= + - @, or a tab or carriage return)
 * wherever it may start a cell gets an apostrophe before it, so a package, OS or device name chosen by someone else
 * cannot run in the client's spreadsheet, whichever separator the spreadsheet splits on.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = value.replace(formulaStart, "'");
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n');
}

/** The per-device table of the report as CSV. */
export function renderDevicesCsv(report: ComplianceReport): string {
  return table(
    [
      'device',
      'os',
      'last scan',
      'scan status',
      'red',
      'yellow',
      'green',
      'unrated',
      'overdue',
      'kev',
      'reboot pending',
      'fully patched',
      'end of life',
    ],
    report.devices.map((device) => [
      device.name,
      device.os,
      device.lastScanAt,
      device.lastScanStatus,
      device.missing.red,
      device.missing.yellow,
      device.missing.green,
      device.missing.unrated,
      device.overdue,
      device.kev,
      device.rebootPending === null ? null : device.rebootPending ? 'yes' : 'no',
      device.fullyPatched ? 'yes' : 'no',
      device.endOfLife,
    ]),
  );
}

/** The outstanding patches of the report as CSV, most urgent first. */
export function renderPatchesCsv(report: ComplianceReport): string {
  return table(
    [
      'device',
      'package',
      'installed version',
      'available version',
      'classification',
      'colour',
      'kev',
      'cves',
      'first seen',
      'due',
      'overdue',
    ],
    report.outstanding.map((patch) => [
      patch.device,
      patch.package,
      patch.installedVersion,
      patch.availableVersion,
      patch.classification,
      patch.colour,
      patch.kev ? 'yes' : 'no',
      patch.cves.join(' '),
      patch.firstSeenAt,
      patch.dueAt,
      patch.overdue ? 'yes' : 'no',
    ]),
  );
}

/** The period's change log of actions and decisions as CSV, oldest first. */
export function renderAuditCsv(report: ComplianceReport): string {
  return table(
    ['when', 'who', 'action', 'subject', 'detail'],
    report.audit.map((row) => [row.at, row.actor, row.action, row.subject, row.detail]),
  );
}

/** The report's summary numbers (those the HTML and PDF print on their cards) as name and value rows. */
export function renderSummaryCsv(report: ComplianceReport): string {
  return table(['summary', 'value'], summaryRows(report));
}

/**
 * The report as one CSV file: the device table, the outstanding patches, the change log of actions and decisions
 * and the summary, an empty line between them and each with its own header row (spreadsheets open it as one sheet;
 * `renderDevicesCsv`, `renderPatchesCsv`, `renderAuditCsv` and `renderSummaryCsv` give each table alone). The
 * summary comes last so that scripts reading the device table first keep working.
 */
export function renderReportCsv(report: ComplianceReport): string {
  return [renderDevicesCsv, renderPatchesCsv, renderAuditCsv, renderSummaryCsv]
    .map((render) => `${render(report)}\r\n`)
    .join('\r\n');
}
