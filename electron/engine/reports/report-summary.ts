import type { ComplianceReport } from './compliance-report';
import { formatPercent } from './report-format';

/** One summary card: the big number, what it counts, and the numbers that go with it. */
export interface SummaryCard {
  readonly value: string;
  readonly label: string;
  readonly note: string;
}

/**
 * The summary as the HTML and PDF print it. One list for both (and `summaryRows` for the CSV), so the formats of one
 * report cannot disagree about which numbers it has: the PDF once left out the end-of-life count the HTML had not.
 */
export function summaryCards(report: ComplianceReport): SummaryCard[] {
  const { summary } = report;
  const { outstanding } = summary;
  return [
    {
      value: formatPercent(summary.fullyPatchedPercent),
      label: 'devices fully patched',
      note: `${summary.fullyPatched} of ${summary.devices} devices, ${summary.scanned} scanned`,
    },
    { value: String(summary.patchesApplied), label: 'patches applied', note: 'in the period' },
    {
      value: String(outstanding.total),
      label: 'outstanding patches',
      note: `${outstanding.red} red, ${outstanding.yellow} yellow, ${outstanding.green} green, ${outstanding.unrated} unrated`,
    },
    { value: String(summary.overdue), label: 'SLA breaches', note: 'outstanding past their due date' },
    {
      value: String(summary.kevPatches),
      label: 'known exploited (KEV)',
      note: `on ${summary.kevDevices} devices`,
    },
    {
      value: String(summary.rebootPending),
      label: 'reboots pending',
      note: `${summary.endOfLifeDevices} devices on end-of-life systems`,
    },
  ];
}

/** The same summary as name and value rows, for the CSV. */
export function summaryRows(report: ComplianceReport): [string, string | number | null][] {
  const { summary } = report;
  return [
    ['client', report.client.name],
    ['from', report.period.from],
    ['to', report.period.to],
    ['devices', summary.devices],
    ['scanned', summary.scanned],
    ['fully patched', summary.fullyPatched],
    ['fully patched percent', summary.fullyPatchedPercent],
    ['patches applied', summary.patchesApplied],
    ['outstanding', summary.outstanding.total],
    ['outstanding red', summary.outstanding.red],
    ['outstanding yellow', summary.outstanding.yellow],
    ['outstanding green', summary.outstanding.green],
    ['outstanding unrated', summary.outstanding.unrated],
    ['sla breaches', summary.overdue],
    ['kev patches', summary.kevPatches],
    ['kev devices', summary.kevDevices],
    ['reboots pending', summary.rebootPending],
    ['end-of-life devices', summary.endOfLifeDevices],
  ];
}
