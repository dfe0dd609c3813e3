import type { SlaColour } from '../../../shared/domain/fleet';
import type { OsFacts } from '../../../shared/domain/inventory';
import { exceptionWarningDays, type DashboardSummary } from '../../../shared/domain/reports';
import { Settings } from '../../../shared/domain/settings';
import type { Database } from '../db/database';
import {
  readCompliance,
  readDueSoon,
  readExpiredExceptions,
  readExpiringExceptions,
  readFailedJobs,
  readNextDue,
  readOutstanding,
  readOverdue,
  readScanFreshness,
  readSystems,
  readTrend,
  type ExceptionForReviewRow,
} from '../db/repositories/dashboard';
import { readSetting } from '../db/repositories/reports';
import { defaultSettings } from '../settings/default-settings';
import { endOfLifeOf } from './end-of-life';

const DAY = 86_400_000;
const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

/** Systems past their end of life, or reaching it within this many days, are listed. */
const endOfLifeWarningDays = 180;

/**
 * The technician's threshold from Settings. A damaged stored value falls back to the default here: the Settings page
 * names it, and the dashboard should still open.
 */
function staleAfterDays(database: Database): number {
  const stored = readSetting(database, 'scanFreshnessDays');
  if (stored === null) return defaultSettings.scanFreshnessDays;
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    return defaultSettings.scanFreshnessDays;
  }
  const parsed = Settings.shape.scanFreshnessDays.safeParse(json);
  return parsed.success ? parsed.data : defaultSettings.scanFreshnessDays;
}

function exceptionForReview(row: ExceptionForReviewRow): DashboardSummary['expiredExceptions'][number] {
  const target = `${row.targetKind} ${row.target ?? '?'}`;
  return {
    id: row.id,
    package: row.package,
    target: row.targetKind === 'device' ? `${target} (${row.client ?? '?'})` : target,
    expiresAt: row.expiresAt,
  };
}

/** Everything the dashboard shows, read from the stored priorities and the fleet tables at `now`. */
export function dashboardSummary(database: Database, now: Date): DashboardSummary {
  const at = now.toISOString();
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const ahead = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const freshnessDays = staleAfterDays(database);

  const clients = readCompliance(database).map((row) => ({
    ...row,
    percent: percent(row.fullyPatched, row.devices),
  }));
  const fleet = clients.reduce(
    (sum, row) => ({
      devices: sum.devices + row.devices,
      scanned: sum.scanned + row.scanned,
      fullyPatched: sum.fullyPatched + row.fullyPatched,
    }),
    { devices: 0, scanned: 0, fullyPatched: 0 },
  );
  const outstanding = readOutstanding(database);
  const overdue = readOverdue(database, at);
  const colourDue = (colour: SlaColour) => ({
    outstanding: outstanding[colour],
    overdue: overdue.get(colour) ?? 0,
    nextDueAt: readNextDue(database, colour, at),
  });

  const endOfLife = new Map<string, { system: string; endOfLife: string; devices: number }>();
  const warnUntil = new Date(now.getTime() + endOfLifeWarningDays * DAY).toISOString().slice(0, 10);
  for (const row of readSystems(database)) {
    let os: OsFacts;
    try {
      os = JSON.parse(row.osJson) as OsFacts;
    } catch {
      continue;
    }
    const entry = endOfLifeOf(os);
    if (!entry || entry.endOfLife > warnUntil) continue;
    const known = endOfLife.get(entry.system) ?? { ...entry, devices: 0 };
    known.devices += row.devices;
    endOfLife.set(entry.system, known);
  }

  return {
    at,
    fleet: { ...fleet, percent: percent(fleet.fullyPatched, fleet.devices) },
    clients,
    outstanding: {
      red: outstanding.red,
      yellow: outstanding.yellow,
      green: outstanding.green,
      unrated: outstanding.unrated,
    },
    byColour: { red: colourDue('red'), yellow: colourDue('yellow'), green: colourDue('green') },
    dueSoon: readDueSoon(database, at, 10),
    kev: { patches: outstanding.kevPatches, devices: outstanding.kevDevices },
    failedJobs: readFailedJobs(database, ago(7), 5),
    scanFreshness: {
      staleAfterDays: freshnessDays,
      ...readScanFreshness(database, ago(freshnessDays), ago(30), 10),
    },
    endOfLife: [...endOfLife.values()]
      .map((entry) => ({ ...entry, past: entry.endOfLife <= at.slice(0, 10) }))
      .sort((a, b) => a.endOfLife.localeCompare(b.endOfLife)),
    expiredExceptions: readExpiredExceptions(database, at, 20).map(exceptionForReview),
    // Expiry instants are stored in UTC ISO form, so "within 14 days" is a plain comparison with now + 14 × 24 h.
    expiringExceptions: readExpiringExceptions(database, at, ahead(exceptionWarningDays), 20).map(
      exceptionForReview,
    ),
    trend: readTrend(database, ago(90).slice(0, 10)).map((row) => ({
      day: row.day,
      percent: percent(row.fullyPatched, row.devices),
      overdue: row.overdue,
    })),
  };
}
