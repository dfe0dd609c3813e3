import type { ComplianceReport } from './compliance-report';
import { formatDay, formatInstant, formatPercent, colourHex } from './report-format';
import { summaryCards } from './report-summary';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A table cell: text (escaped), a number (right-aligned), or markup this module built itself. */
type Cell = string | number | null | { readonly html: string };

function cellHtml(cell: Cell): string {
  if (typeof cell === 'number') return `<td class="n">${cell}</td>`;
  if (cell !== null && typeof cell === 'object') return `<td>${cell.html}</td>`;
  return `<td>${escapeHtml(cell ?? '–')}</td>`;
}

function table(
  caption: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  empty: string,
): string {
  if (rows.length === 0) return `<h2>${escapeHtml(caption)}</h2><p class="empty">${escapeHtml(empty)}</p>`;
  const head = header.map((name) => `<th>${escapeHtml(name)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map(cellHtml).join('')}</tr>`).join('\n');
  return `<h2>${escapeHtml(caption)}</h2><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function colourChip(colour: string | null): string {
  if (colour === null) return '<span class="chip" style="background:#8b949e">unrated</span>';
  return `<span class="chip" style="background:${colourHex(colour)}">${escapeHtml(colour)}</span>`;
}

/** The trend as inline SVG: fully patched % (line, accent colour) over the period's days. */
function trendSvg(report: ComplianceReport): string {
  const points = report.trend.filter((point) => point.percent !== null);
  if (points.length === 0) return '<p class="empty">No daily snapshots in this period yet.</p>';
  const width = 720;
  const height = 180;
  const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
  const span = Math.max(1, dayNumber(report.period.to) - dayNumber(report.period.from));
  const x = (index: number) =>
    40 + ((dayNumber(points[index]!.day) - dayNumber(report.period.from)) / span) * (width - 60);
  const y = (value: number) => 10 + (1 - value / 100) * (height - 40);
  const line = points
    .map((point, index) => `${x(index).toFixed(1)},${y(point.percent!).toFixed(1)}`)
    .join(' ');
  const grid = [0, 25, 50, 75, 100]
    .map(
      (value) =>
        `<line x1="40" x2="${width - 20}" y1="${y(value)}" y2="${y(value)}" stroke="#d0d7de" stroke-width="0.5"/><text x="34" y="${y(value) + 3}" text-anchor="end">${value}%</text>`,
    )
    .join('');
  return `<svg class="trend" viewBox="0 0 ${width} ${height}" role="img" aria-label="Fully patched devices per day">
${grid}<polyline fill="none" stroke="${escapeHtml(report.branding.accentColour)}" stroke-width="2" points="${line}"/>
<text x="40" y="${height - 8}">${escapeHtml(formatDay(report.period.from))}</text><text x="${width - 20}" y="${height - 8}" text-anchor="end">${escapeHtml(formatDay(report.period.to))}</text></svg>`;
}

/**
 * The report as one self-contained HTML page: inline CSS and SVG, the logo as a data: URI, no script and no
 * reference to anything outside the file, so it opens offline and prints as it shows.
 */
export function renderReportHtml(report: ComplianceReport): string {
  const { branding } = report;
  const accent = escapeHtml(branding.accentColour);
  const logo = branding.logo
    ? `<img class="logo" alt="" src="data:${branding.logo.mediaType};base64,${branding.logo.base64.replace(/[^A-Za-z0-9+/=]/g, '')}">`
    : '';
  const card = (label: string, value: string, note = '') =>
    `<div class="card"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div>${note ? `<div class="note">${escapeHtml(note)}</div>` : ''}</div>`;
  const outstanding = report.outstanding.map((patch) => [
    patch.device,
    patch.package,
    patch.installedVersion,
    patch.availableVersion,
    patch.classification,
    { html: colourChip(patch.colour) },
    patch.kev ? 'KEV' : '',
    patch.dueAt ? formatInstant(patch.dueAt, report.client.timeZone) : null,
    patch.overdue ? 'overdue' : '',
  ]);
  const outstandingTable = table(
    'Outstanding patches',
    ['Device', 'Package', 'Installed', 'Available', 'Type', 'Colour', 'KEV', 'Due', ''],
    outstanding,
    'Nothing outstanding: every scanned device is fully patched.',
  );

  const body = [
    `<header style="border-color:${accent}">${logo}<div><div class="msp">${escapeHtml(branding.name)}</div>
<h1>Patch compliance report: ${escapeHtml(report.client.name)}</h1>
<div class="period">${escapeHtml(formatDay(report.period.from))} to ${escapeHtml(formatDay(report.period.to))} · generated ${escapeHtml(formatInstant(report.generatedAt, report.client.timeZone))} (${escapeHtml(report.client.timeZone)})</div></div></header>`,
    `<section class="cards">
${summaryCards(report)
  .map((entry) => card(entry.label, entry.value, entry.note))
  .join('\n')}
</section>`,
    `<h2>Trend: devices fully patched</h2>${trendSvg(report)}`,
    table(
      'Devices',
      ['Device', 'OS', 'Last scan', 'Red', 'Yellow', 'Green', 'Unrated', 'Overdue', 'KEV', 'Reboot'],
      report.devices.map((device) => [
        device.name,
        device.os + (device.endOfLifeReached ? ' (end of life)' : ''),
        device.lastScanAt ? formatInstant(device.lastScanAt, report.client.timeZone) : 'never',
        device.missing.red,
        device.missing.yellow,
        device.missing.green,
        device.missing.unrated,
        device.overdue,
        device.kev,
        device.rebootPending === null ? null : device.rebootPending ? 'pending' : 'no',
      ]),
      'This client has no devices.',
    ),
    outstandingTable,
    table(
      'Failed patches in the period',
      ['Job', 'Device', 'When', 'Error'],
      report.failed.map((row) => [
        row.jobId,
        row.device,
        row.finishedAt ? formatInstant(row.finishedAt, report.client.timeZone) : null,
        row.error,
      ]),
      'No patch job failed in this period.',
    ),
    table(
      'Automation profiles',
      ['Profile', 'Runs', 'Devices succeeded', 'Devices failed', 'Other', 'Success'],
      report.profiles.map((row) => [
        row.policy,
        row.runs,
        row.succeeded,
        row.failed,
        row.other,
        formatPercent(row.successPercent),
      ]),
      'No automation profile ran in this period.',
    ),
    table(
      'Outstanding by patch type',
      ['Type', 'Patches'],
      report.byClassification.map((row) => [row.classification, row.patches]),
      'Nothing outstanding.',
    ),
    table(
      'Outstanding by application',
      ['Package', 'Devices', 'Worst colour', 'KEV'],
      report.byPackage.map((row) => [row.package, row.devices, row.worst ?? 'unrated', row.kev ? 'KEV' : '']),
      'Nothing outstanding.',
    ),
    table(
      'Change log: package changes found by scans',
      ['When', 'Device', 'Package', 'From', 'To'],
      report.changes.map((row) => [
        formatInstant(row.at, report.client.timeZone),
        row.device,
        row.package,
        row.fromVersion ?? 'not installed',
        row.toVersion ?? 'removed',
      ]),
      'No package changed in this period.',
    ),
    table(
      'Change log: actions and decisions',
      ['When', 'Who', 'Action', 'Subject', 'Detail'],
      report.audit.map((row) => [
        formatInstant(row.at, report.client.timeZone),
        row.actor,
        row.action,
        row.subject,
        row.detail ?? '',
      ]),
      'No recorded action in this period.',
    ),
  ].join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${report.client.name}: patch compliance ${report.period.from} to ${report.period.to}`)}</title>
<style>
:root { --accent: ${accent}; }
body { font: 13px/1.45 "Helvetica Neue", Helvetica, Arial, sans-serif; color: #1f2328; margin: 24px auto; max-width: 1040px; padding: 0 16px; }
header { display: flex; gap: 16px; align-items: center; border-bottom: 4px solid; padding-bottom: 12px; margin-bottom: 16px; }
.logo { max-height: 56px; max-width: 200px; }
.msp { color: var(--accent); font-weight: 600; }
h1 { font-size: 22px; margin: 2px 0; }
h2 { font-size: 16px; margin: 24px 0 8px; border-left: 4px solid var(--accent); padding-left: 8px; break-after: avoid; }
.period, .note, .empty { color: #59636e; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.card .value { font-size: 24px; font-weight: 600; }
.trend { width: 100%; height: auto; font-size: 10px; fill: #59636e; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
thead { display: table-header-group; }
th { text-align: left; background: #f6f8fa; border-bottom: 2px solid var(--accent); padding: 4px 6px; }
td { border-bottom: 1px solid #eaeef2; padding: 3px 6px; vertical-align: top; overflow-wrap: anywhere; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.chip { color: #fff; border-radius: 8px; padding: 0 6px; font-size: 11px; }
@media print { body { margin: 0; max-width: none; } @page { size: A4; margin: 14mm; } }
</style></head><body>
${body}
</body></html>
`;
}
