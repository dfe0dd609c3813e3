import { DateTime } from 'luxon';
import type { SlaColour, SlaDays } from '../../../shared/domain/fleet';
import type { OsFacts } from '../../../shared/domain/inventory';
import type { Branding } from '../../../shared/domain/reports';
import { AppError } from '../../../shared/errors';
import type { Database } from '../db/database';
import { findClientById } from '../db/repositories/clients';
import {
  listClientPackages,
  listPeriodAudit,
  listPeriodChanges,
  listPeriodDecisions,
  listPeriodFailures,
  listProfileOutcomes,
  listReportDevices,
  listReportPatches,
  listSnapshots,
  type ReportAuditRow,
  type ReportChangeRow,
} from '../db/repositories/reports';
import { endOfLifeOf } from './end-of-life';
import { isPatchApplied } from './patches-applied';
import { formatInstant } from './report-format';
import { reportPeriod, type ReportPeriod } from './report-period';

export interface ColourCounts {
  red: number;
  yellow: number;
  green: number;
  unrated: number;
}

/** A device's line in the report. */
export interface ReportDevice {
  readonly name: string;
  readonly os: string;
  readonly endOfLife: string | null;
  /** Whether the end of life is today or past, by the client's calendar (not UTC's). */
  readonly endOfLifeReached: boolean;
  readonly lastScanAt: string | null;
  readonly lastScanStatus: string | null;
  readonly missing: ColourCounts;
  readonly overdue: number;
  readonly kev: number;
  readonly rebootPending: boolean | null;
  readonly fullyPatched: boolean;
}

/** A missing update in the report. */
export interface ReportPatch {
  readonly device: string;
  readonly package: string;
  readonly installedVersion: string | null;
  readonly availableVersion: string;
  readonly classification: string;
  readonly colour: SlaColour | null;
  readonly kev: boolean;
  readonly cves: readonly string[];
  readonly firstSeenAt: string;
  readonly dueAt: string | null;
  readonly overdue: boolean;
}

/** One client's compliance over one period: the single model every renderer draws. */
export interface ComplianceReport {
  readonly client: {
    readonly id: number;
    readonly name: string;
    readonly timeZone: string;
    readonly slaDays: SlaDays;
  };
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  readonly branding: Branding;
  readonly summary: {
    readonly devices: number;
    readonly scanned: number;
    readonly fullyPatched: number;
    /** One decimal; null when the client has no devices. */
    readonly fullyPatchedPercent: number | null;
    readonly patchesApplied: number;
    readonly outstanding: ColourCounts & { readonly total: number };
    readonly overdue: number;
    readonly kevPatches: number;
    readonly kevDevices: number;
    readonly rebootPending: number;
    readonly endOfLifeDevices: number;
  };
  readonly trend: readonly {
    readonly day: string;
    readonly percent: number | null;
    readonly overdue: number;
    readonly outstanding: number;
  }[];
  readonly devices: readonly ReportDevice[];
  readonly outstanding: readonly ReportPatch[];
  readonly failed: readonly {
    readonly jobId: number;
    readonly device: string;
    readonly finishedAt: string | null;
    readonly packages: string;
    readonly error: string | null;
  }[];
  readonly profiles: readonly {
    readonly policy: string;
    readonly runs: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly other: number;
    readonly successPercent: number | null;
  }[];
  readonly byPackage: readonly {
    readonly package: string;
    readonly devices: number;
    readonly worst: SlaColour | null;
    readonly kev: boolean;
  }[];
  readonly byClassification: readonly { readonly classification: string; readonly patches: number }[];
  readonly changes: readonly {
    readonly at: string;
    readonly device: string;
    readonly package: string;
    readonly fromVersion: string | null;
    readonly toVersion: string | null;
  }[];
  /** The same changes grouped by package and versions: one line per upgrade however many devices took it. */
  readonly changesByPackage: readonly {
    readonly package: string;
    readonly fromVersion: string | null;
    readonly toVersion: string | null;
    readonly devices: number;
    readonly firstAt: string;
    readonly lastAt: string;
  }[];
  /** Actions on the client's own things and the fleet-wide decisions that concern it, oldest first. */
  readonly audit: readonly ReportAuditLine[];
}

/** One recorded action or decision, as the report prints it. */
export interface ReportAuditLine {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  /** What it was about: "pd-hello (all devices)", "openssl on web-01". */
  readonly subject: string;
  /** A deferral's date, a reason, an exception's expiry; null when the entry has none. */
  readonly detail: string | null;
}

export interface ComplianceReportOptions {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly branding: Branding;
  readonly now: Date;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

const colourRank = (colour: SlaColour | null) =>
  colour === 'red' ? 3 : colour === 'yellow' ? 2 : colour === 'green' ? 1 : 0;

function parseOs(text: string | null): OsFacts | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as OsFacts;
  } catch {
    return null;
  }
}

function groupChanges(changes: readonly ReportChangeRow[]): ComplianceReport['changesByPackage'] {
  const groups = new Map<
    string,
    {
      package: string;
      fromVersion: string | null;
      toVersion: string | null;
      devices: Set<string>;
      firstAt: string;
      lastAt: string;
    }
  >();
  for (const change of changes) {
    const key = `${change.name}\u0000${change.fromVersion ?? ''}\u0000${change.toVersion ?? ''}`;
    const group = groups.get(key) ?? {
      package: change.name,
      fromVersion: change.fromVersion,
      toVersion: change.toVersion,
      devices: new Set<string>(),
      firstAt: change.at,
      lastAt: change.at,
    };
    group.devices.add(change.device);
    if (change.at < group.firstAt) group.firstAt = change.at;
    if (change.at > group.lastAt) group.lastAt = change.at;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, devices: group.devices.size }))
    .sort((a, b) => a.package.localeCompare(b.package) || a.firstAt.localeCompare(b.firstAt));
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const textOf = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** The packages or KBs a decision names: a bulk decision lists them, a withdrawal or an exception names one. */
function decidedPackages(row: ReportAuditRow): string[] {
  const listed = parseDetails(row.details).packages;
  if (Array.isArray(listed)) return listed.filter((item): item is string => typeof item === 'string');
  return row.subjectName === null ? [] : [row.subjectName];
}

function exceptionTarget(details: Record<string, unknown>): string {
  const target = details.target as { kind?: unknown } | undefined;
  const name = textOf(details.targetName) ?? '?';
  if (target?.kind === 'tag') return `devices tagged '${name}'`;
  if (target?.kind === 'client') return `every device of ${name}`;
  return name;
}

/**
 * An audit entry in the technician's words. A decision shows only the packages given (those that concern the
 * client), never the other packages decided with them.
 */
function auditLine(row: ReportAuditRow, timeZone: string, packages?: readonly string[]): ReportAuditLine {
  const details = parseDetails(row.details);
  const when = (value: unknown) => {
    const instant = textOf(value);
    return instant === null ? null : formatInstant(instant, timeZone);
  };
  const parts = (...items: (string | null)[]) => items.filter((item) => item !== null).join('; ') || null;
  const base = { at: row.at, actor: row.actor, action: row.action };
  if (row.subjectType === 'approval') {
    const until = when(details.until);
    const note = textOf(details.note);
    return {
      ...base,
      subject: `${(packages ?? decidedPackages(row)).join(', ')} (all devices)`,
      detail: parts(until && `until ${until}`, note && `note: ${note}`),
    };
  }
  if (row.subjectType === 'exception') {
    const after = (details.after ?? details) as Record<string, unknown>;
    const reason = textOf(after.reason);
    const expires = when(after.expiresAt);
    return {
      ...base,
      subject: `${row.subjectName ?? '?'} on ${exceptionTarget(details)}`,
      detail: parts(reason && `reason: ${reason}`, expires && `expires ${expires}`),
    };
  }
  return { ...base, subject: row.subjectName ?? row.subjectType, detail: null };
}

/**
 * The client's change log of actions and decisions: what concerns its own client, devices and policies, and the
 * fleet-wide decisions about packages or KBs that concern it (see `listClientPackages`). A decision about software
 * no device of the client has is left out: the report goes to this one client.
 */
function periodAudit(
  database: Database,
  clientId: number,
  period: ReportPeriod,
  timeZone: string,
): ReportAuditLine[] {
  const own = listPeriodAudit(database, clientId, period.startsAt, period.endsAt);
  const decisions = listPeriodDecisions(database, clientId, period.startsAt, period.endsAt).map((row) => ({
    row,
    packages: decidedPackages(row),
  }));
  const names = [
    ...new Set(decisions.flatMap((decision) => decision.packages.map((name) => name.toLowerCase()))),
  ];
  const concerning = listClientPackages(database, clientId, names, period.startsAt, period.endsAt);
  const relevant = decisions
    .map((decision) => ({
      row: decision.row,
      packages: decision.packages.filter((name) => concerning.has(name.toLowerCase())),
    }))
    .filter((decision) => decision.packages.length > 0);
  return [...own.map((row) => ({ row, packages: undefined })), ...relevant]
    .sort((a, b) => a.row.id - b.row.id)
    .map((entry) => auditLine(entry.row, timeZone, entry.packages));
}

/**
 * Build the compliance report of one client for a period, from the database alone. Colours, KEV flags and due
 * dates are the stored priorities (`patch_status`): refresh them first (the report service does) so they are
 * current.
 */
export function buildComplianceReport(
  database: Database,
  clientId: number,
  options: ComplianceReportOptions,
): ComplianceReport {
  const client = findClientById(database, clientId);
  if (!client) throw new AppError('not-found', `There is no client with id ${clientId}.`);
  const now = options.now.toISOString();
  const period = reportPeriod(options, client.timeZone, options.now);
  // End-of-life dates are calendar days: the client's today decides, so a report made in the evening in New York
  // (already tomorrow in UTC) does not call a system end of life a day early.
  const today = DateTime.fromJSDate(options.now, { zone: client.timeZone }).toISODate();

  const patches: ReportPatch[] = listReportPatches(database, clientId).map((row) => ({
    device: row.device,
    package: row.name,
    installedVersion: row.installedVersion,
    availableVersion: row.availableVersion,
    classification: row.classification,
    colour: row.colour,
    kev: row.kev === 1,
    cves: JSON.parse(row.cves) as string[],
    firstSeenAt: row.firstSeenAt,
    dueAt: row.dueAt,
    overdue: row.dueAt !== null && row.dueAt < now,
  }));
  const overdueByDevice = new Map<string, number>();
  for (const patch of patches) {
    if (patch.overdue) overdueByDevice.set(patch.device, (overdueByDevice.get(patch.device) ?? 0) + 1);
  }

  const devices: ReportDevice[] = listReportDevices(database, clientId).map((row) => {
    const os = parseOs(row.osJson);
    const endOfLife = os ? (endOfLifeOf(os)?.endOfLife ?? null) : null;
    return {
      name: row.name,
      os: os?.name ?? 'not scanned yet',
      endOfLife,
      endOfLifeReached: endOfLife !== null && today !== null && endOfLife <= today,
      lastScanAt: row.lastScanAt,
      lastScanStatus: row.lastScanStatus,
      missing: {
        red: row.red,
        yellow: row.yellow,
        green: row.green,
        unrated: row.updates - row.red - row.yellow - row.green,
      },
      overdue: overdueByDevice.get(row.name) ?? 0,
      kev: row.kev,
      rebootPending: row.rebootRequired === null ? null : row.rebootRequired === 1,
      // Only a scan that read the inventory (it stored the OS) shows nothing is missing: a device whose every scan
      // failed has no updates on record because nothing was ever read, not because it is patched.
      fullyPatched: row.osJson !== null && row.updates === 0,
    };
  });

  const outstanding: ColourCounts & { total: number } = { red: 0, yellow: 0, green: 0, unrated: 0, total: 0 };
  const packages = new Map<string, { devices: Set<string>; worst: SlaColour | null; kev: boolean }>();
  const classifications = new Map<string, number>();
  for (const patch of patches) {
    outstanding[patch.colour ?? 'unrated'] += 1;
    outstanding.total += 1;
    const entry = packages.get(patch.package) ?? { devices: new Set<string>(), worst: null, kev: false };
    entry.devices.add(patch.device);
    if (colourRank(patch.colour) > colourRank(entry.worst)) entry.worst = patch.colour;
    entry.kev ||= patch.kev;
    packages.set(patch.package, entry);
    classifications.set(patch.classification, (classifications.get(patch.classification) ?? 0) + 1);
  }

  const changes = listPeriodChanges(database, clientId, period.startsAt, period.endsAt);
  const fullyPatched = devices.filter((device) => device.fullyPatched).length;
  const rated = (patch: ReportPatch) => patch.colour !== null;

  return {
    client: { id: client.id, name: client.name, timeZone: client.timeZone, slaDays: client.slaDays },
    period,
    generatedAt: now,
    branding: options.branding,
    summary: {
      devices: devices.length,
      scanned: devices.filter((device) => device.lastScanAt !== null).length,
      fullyPatched,
      fullyPatchedPercent: percent(fullyPatched, devices.length),
      // What the scans saw applied, whether a job or someone else did it.
      patchesApplied: changes.filter(isPatchApplied).length,
      outstanding,
      overdue: patches.filter((patch) => rated(patch) && patch.overdue).length,
      kevPatches: patches.filter((patch) => patch.kev).length,
      kevDevices: new Set(patches.filter((patch) => patch.kev).map((patch) => patch.device)).size,
      rebootPending: devices.filter((device) => device.rebootPending === true).length,
      endOfLifeDevices: devices.filter((device) => device.endOfLifeReached).length,
    },
    trend: listSnapshots(database, clientId, period.from, period.to).map((snapshot) => ({
      day: snapshot.day,
      percent: percent(snapshot.fullyPatched, snapshot.devices),
      overdue: snapshot.overdue,
      outstanding: snapshot.red + snapshot.yellow + snapshot.green,
    })),
    devices,
    outstanding: patches,
    failed: listPeriodFailures(database, clientId, period.startsAt, period.endsAt),
    profiles: listProfileOutcomes(database, clientId, period.startsAt, period.endsAt).map((row) => ({
      ...row,
      successPercent: percent(row.succeeded, row.succeeded + row.failed),
    })),
    byPackage: [...packages]
      .map(([name, entry]) => ({
        package: name,
        devices: entry.devices.size,
        worst: entry.worst,
        kev: entry.kev,
      }))
      .sort(
        (a, b) =>
          colourRank(b.worst) - colourRank(a.worst) ||
          b.devices - a.devices ||
          a.package.localeCompare(b.package),
      ),
    byClassification: [...classifications]
      .map(([classification, count]) => ({ classification, patches: count }))
      .sort((a, b) => b.patches - a.patches || a.classification.localeCompare(b.classification)),
    changes: changes.map((change) => ({
      at: change.at,
      device: change.device,
      package: change.name,
      fromVersion: change.fromVersion,
      toVersion: change.toVersion,
    })),
    changesByPackage: groupChanges(changes),
    audit: periodAudit(database, clientId, period, client.timeZone),
  };
}
