import { AppError } from '../../../../shared/errors';
import { zoneOffsetAt } from './time-zone';
import { DAY_MS, firstInstantShowing, isoDateOfEpochDay, wallClockMsOf } from './wall-clock';
import { plannedMinutes, toMinutes, weekdays } from './window-spec';
import type { MaintenanceWindowSpec } from './window-spec';

/**
 * One concrete opening of a maintenance window. `key` is `<local start date>@<zone>` (`2026-11-21@Europe/Berlin`):
 * the same occurrence always gets the same key, so a scheduler can record which ones it has run and run each once.
 */
export interface MaintenanceWindowOccurrence {
  readonly start: Date;
  readonly end: Date;
  readonly key: string;
}

const MINUTE_MS = 60_000;
/** Longer ranges are a mistake in the caller (a calendar shows weeks), and would build huge lists. */
const MAX_RANGE_DAYS = 3_700;

/**
 * Every occurrence of the window in `zone` that overlaps [from, to), in order of start. Occurrences never overlap
 * each other; back-to-back windows (a daily 24 h window) touch, one's end being the next one's start.
 * @throws AppError `invalid-input` for an unknown zone, an invalid date, or a range over ten years.
 */
export function occurrencesBetween(
  spec: MaintenanceWindowSpec,
  zone: string,
  from: Date,
  to: Date,
): MaintenanceWindowOccurrence[] {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  if (toMs <= fromMs) return [];
  if (toMs - fromMs > MAX_RANGE_DAYS * DAY_MS) {
    throw new AppError(
      'invalid-input',
      `a range of more than ${MAX_RANGE_DAYS} days is too long to list`,
      'to',
    );
  }
  const found: MaintenanceWindowOccurrence[] = [];
  // One day either side catches windows that began the day before and clocks turned back across midnight.
  const lastDay = localEpochDay(zone, toMs) + 1;
  for (let day = localEpochDay(zone, fromMs) - 1; day <= lastDay; day += 1) {
    if (!startsOn(spec, day)) continue;
    const startMs = startOf(spec, zone, day);
    const endMs = endOf(spec, zone, day, startMs);
    if (endMs > fromMs && startMs < toMs) found.push(occurrence(zone, day, startMs, endMs));
  }
  return found;
}

/**
 * The occurrence open at `instant` (start ≤ instant < end), or null. A window past midnight that started the day
 * before counts. This is the scheduler's hot question, so it touches only the days that can matter.
 * @throws AppError `invalid-input` for an unknown zone or an invalid date.
 */
export function openOccurrenceAt(
  spec: MaintenanceWindowSpec,
  zone: string,
  instant: Date,
): MaintenanceWindowOccurrence | null {
  const atMs = instantMs(instant, 'instant');
  const today = localEpochDay(zone, atMs);
  for (let day = today - 1; day <= today + 1; day += 1) {
    if (!startsOn(spec, day)) continue;
    const startMs = startOf(spec, zone, day);
    if (startMs > atMs) continue;
    const endMs = endOf(spec, zone, day, startMs);
    if (atMs < endMs) return occurrence(zone, day, startMs, endMs);
  }
  return null;
}

/**
 * The first occurrence that starts strictly after `after` (one open at `after` is `openOccurrenceAt`'s answer).
 * @throws AppError `invalid-input` for an unknown zone, an invalid date, or a window with no days.
 */
export function nextOccurrence(
  spec: MaintenanceWindowSpec,
  zone: string,
  after: Date,
): MaintenanceWindowOccurrence {
  const afterMs = instantMs(after, 'after');
  if (spec.days.length === 0)
    throw new AppError('invalid-input', 'the maintenance window names no days', 'window');
  const today = localEpochDay(zone, afterMs);
  // A week and a day always holds a start day, even when a clock change moved a start across midnight.
  for (let day = today - 1; day <= today + 8; day += 1) {
    if (!startsOn(spec, day)) continue;
    const startMs = startOf(spec, zone, day);
    if (startMs > afterMs) return occurrence(zone, day, startMs, endOf(spec, zone, day, startMs));
  }
  throw new Error(`no occurrence within 9 days of ${after.toISOString()} in ${zone}`);
}

/** The start instant of the window that starts on local date `day`. */
function startOf(spec: MaintenanceWindowSpec, zone: string, day: number): number {
  return firstInstantShowing(zone, wallClockMsOf(day, toMinutes(spec.start)));
}

/**
 * The end instant of the window that starts on local date `day` at `startMs`. The end is a wall-clock time like the
 * start; when the whole window falls into a spring-forward gap both would be the instant after the gap, so
 * instead of vanishing (a skipped window) it keeps its planned length from there, never past the next day's start.
 */
function endOf(spec: MaintenanceWindowSpec, zone: string, day: number, startMs: number): number {
  const startMinute = toMinutes(spec.start);
  const endMinute = toMinutes(spec.end);
  const endMs = firstInstantShowing(zone, wallClockMsOf(endMinute > startMinute ? day : day + 1, endMinute));
  if (endMs > startMs) return endMs;
  const nextStartMs = firstInstantShowing(zone, wallClockMsOf(day + 1, startMinute));
  return Math.min(startMs + plannedMinutes(spec) * MINUTE_MS, nextStartMs);
}

function occurrence(zone: string, day: number, startMs: number, endMs: number): MaintenanceWindowOccurrence {
  return { start: new Date(startMs), end: new Date(endMs), key: `${isoDateOfEpochDay(day)}@${zone}` };
}

function startsOn(spec: MaintenanceWindowSpec, epochDay: number): boolean {
  // 1970-01-01 was a Thursday, index 3 counting from Monday.
  const weekday = weekdays[(((epochDay + 3) % 7) + 7) % 7];
  return weekday !== undefined && spec.days.includes(weekday);
}

function localEpochDay(zone: string, atMs: number): number {
  return Math.floor((atMs + zoneOffsetAt(zone, atMs)) / DAY_MS);
}

/** Intl's en-US years and Date.UTC are only unambiguous for four-digit years; windows live well inside them. */
const EARLIEST_MS = Date.UTC(1900, 0, 2);
const LATEST_MS = Date.UTC(9999, 11, 30);

function instantMs(value: Date, field: string): number {
  const ms = value.getTime();
  if (!Number.isFinite(ms)) throw new AppError('invalid-input', `${field} is not a valid date`, field);
  if (ms < EARLIEST_MS || ms > LATEST_MS) {
    throw new AppError(
      'invalid-input',
      `${field} ${value.toISOString()} is outside the years 1900..9999`,
      field,
    );
  }
  return ms;
}
