import { DateTime } from 'luxon';

/**
 * An independent reading of the window rules, by brute force over luxon's own zone arithmetic (its `fromObject`
 * moves gap times forward by the gap's length and picks the later fold offset, which is not our contract, so it
 * is not used): the first instant whose luxon wall clock shows the wanted time or later.
 */

const MINUTE_MS = 60_000;
const QUARTER_MS = 15 * MINUTE_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** luxon's wall clock at `instantMs`, counted as if it were UTC. */
export function luxonWallClock(zone: string, instantMs: number): number {
  const shown = DateTime.fromMillis(instantMs, { zone });
  if (!shown.isValid) throw new Error(`luxon rejects zone ${zone}`);
  return Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second);
}

/**
 * The first instant (whole minutes) at which luxon says `zone` shows `wallClockMs` or later. Steps a quarter hour
 * at a time, which lands exactly on every wall-clock time when offsets are whole quarter hours (all zones since
 * 1980), then walks minute by minute through the last quarter for the clock change inside it.
 */
export function oracleFirstInstantShowing(zone: string, wallClockMs: number): number {
  let previous = wallClockMs - 15 * HOUR_MS;
  if (luxonWallClock(zone, previous) >= wallClockMs) throw new Error(`oracle range too short for ${zone}`);
  for (let at = previous + QUARTER_MS; at <= wallClockMs + 15 * HOUR_MS; at += QUARTER_MS) {
    if (luxonWallClock(zone, at) >= wallClockMs) {
      for (let minute = previous + MINUTE_MS; minute <= at; minute += MINUTE_MS) {
        if (luxonWallClock(zone, minute) >= wallClockMs) return minute;
      }
    }
    previous = at;
  }
  throw new Error(`oracle found no instant for ${new Date(wallClockMs).toISOString()} in ${zone}`);
}

/** luxon's offset (ms) at an instant, for checking that offsets are whole quarter hours. */
export function luxonOffsetMs(zone: string, instantMs: number): number {
  return DateTime.fromMillis(instantMs, { zone }).offset * MINUTE_MS;
}

/** Local dates (days since 1970) in `year` on which luxon says `zone` changes its offset. */
export function clockChangeDays(zone: string, year: number): number[] {
  const days: number[] = [];
  const first = Date.UTC(year, 0, 1) / DAY_MS;
  const last = Date.UTC(year + 1, 0, 1) / DAY_MS;
  let offset = luxonOffsetMs(zone, first * DAY_MS);
  for (let day = first; day < last; day += 1) {
    const next = luxonOffsetMs(zone, (day + 1) * DAY_MS);
    if (next !== offset) days.push(day);
    offset = next;
  }
  return days;
}

/**
 * luxon's wall clock at every whole minute of [fromMs, toMs), so that many questions about one stretch of time cost
 * one pass: `firstShowing(wallClockMs)` is the first listed minute whose wall clock shows that time or later.
 */
export function minuteByMinute(
  zone: string,
  fromMs: number,
  toMs: number,
): { firstShowing(wallClockMs: number): number } {
  const walls: number[] = [];
  for (let at = fromMs; at < toMs; at += MINUTE_MS) walls.push(luxonWallClock(zone, at));
  return {
    firstShowing(wallClockMs: number): number {
      const index = walls.findIndex((wall) => wall >= wallClockMs);
      if (index <= 0)
        throw new Error(`${new Date(wallClockMs).toISOString()} is outside the table for ${zone}`);
      return fromMs + index * MINUTE_MS;
    },
  };
}

export interface ClockChange {
  readonly atMs: number;
  readonly offsetBeforeMs: number;
  readonly offsetAfterMs: number;
}

/** luxon's clock changes of `zone` in `year`, each to the minute. */
export function clockChanges(zone: string, year: number): ClockChange[] {
  return clockChangeDays(zone, year).map((day) => {
    let low = day * DAY_MS;
    let high = (day + 1) * DAY_MS;
    const offsetBeforeMs = luxonOffsetMs(zone, low);
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
      if (luxonOffsetMs(zone, middle) === offsetBeforeMs) low = middle;
      else high = middle;
    }
    return { atMs: high, offsetBeforeMs, offsetAfterMs: luxonOffsetMs(zone, high) };
  });
}
