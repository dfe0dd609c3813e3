import { AppError } from '../../../../shared/errors';
import { zoneOffsetAt } from './time-zone';
import type { WallClockTime } from './window-spec';

/** A calendar date in some zone, with no time and no zone of its own. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The instant at which `zone`'s wall clock shows `time` on `date`, by the maintenance-window rules of CLI.md:
 * a time that does not exist (skipped on a spring-forward night) counts from the first instant after the gap,
 * and a time that occurs twice (fall-back night) means its first occurrence. Both are one rule: the first
 * instant at which the zone's clock shows `date time` or later.
 * @throws AppError `invalid-input` for an unknown zone, a date that is not on the calendar, or a bad time.
 */
export function wallClockToInstant(zone: string, date: LocalDate, time: WallClockTime): Date {
  checkDate(date);
  if (!Number.isInteger(time.hour) || time.hour < 0 || time.hour > 23) {
    throw new AppError('invalid-input', `hour ${time.hour} is not a time of day`, 'time');
  }
  if (!Number.isInteger(time.minute) || time.minute < 0 || time.minute > 59) {
    throw new AppError('invalid-input', `minute ${time.minute} is not a time of day`, 'time');
  }
  const wallClockMs = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  return new Date(firstInstantShowing(zone, wallClockMs));
}

/**
 * The first instant at which `zone`'s clock shows `wallClockMs` (wall-clock time counted as if it were UTC) or
 * later. Assumes what tzdata guarantees in practice: at most one clock change within a day either side.
 */
export function firstInstantShowing(zone: string, wallClockMs: number): number {
  const offsetBefore = zoneOffsetAt(zone, wallClockMs - DAY_MS);
  const offsetAfter = zoneOffsetAt(zone, wallClockMs + DAY_MS);
  // Trying the larger offset first tries the earlier instant first: that is the first of two occurrences.
  const earlier = wallClockMs - Math.max(offsetBefore, offsetAfter);
  if (zoneOffsetAt(zone, earlier) === wallClockMs - earlier) return earlier;
  const later = wallClockMs - Math.min(offsetBefore, offsetAfter);
  if (zoneOffsetAt(zone, later) === wallClockMs - later) return later;
  return endOfGap(zone, earlier, later);
}

/**
 * The clocks jumped forward over the wall-clock time we want, somewhere in (from, to]: find the instant of the
 * jump, which is the first instant after the gap. tzdata changes clocks on whole seconds.
 */
function endOfGap(zone: string, from: number, to: number): number {
  const offsetBefore = zoneOffsetAt(zone, from);
  let low = from;
  let high = to;
  while (high - low > 1_000) {
    const middle = low + Math.floor((high - low) / 2_000) * 1_000;
    if (zoneOffsetAt(zone, middle) === offsetBefore) low = middle;
    else high = middle;
  }
  return high;
}

/** Days since 1970-01-01 of a calendar date. */
export function toEpochDay(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

/** The calendar date `epochDay` days after 1970-01-01. */
export function fromEpochDay(epochDay: number): LocalDate {
  const date = new Date(epochDay * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** `YYYY-MM-DD` of the date `epochDay` days after 1970-01-01. */
export function isoDateOfEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** The wall-clock moment (as if UTC) of a minute of the day on the date `epochDay`. */
export function wallClockMsOf(epochDay: number, minuteOfDay: number): number {
  return epochDay * DAY_MS + minuteOfDay * MINUTE_MS;
}

function checkDate(date: LocalDate): void {
  const { year, month, day } = date;
  const shown = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!Number.isInteger(year) || year < 1900 || year > 9999) {
    throw new AppError('invalid-input', `year ${year} is outside 1900..9999`, 'date');
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new AppError('invalid-input', `month ${month} does not exist (date ${shown})`, 'date');
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth) {
    throw new AppError('invalid-input', `${shown} is not on the calendar`, 'date');
  }
}
