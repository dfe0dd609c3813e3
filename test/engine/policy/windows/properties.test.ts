import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  nextOccurrence,
  occurrencesBetween,
  openOccurrenceAt,
} from '../../../../electron/engine/policy/windows/occurrences';
import {
  formatWindowSpec,
  parseWindowSpec,
  weekdays,
} from '../../../../electron/engine/policy/windows/window-spec';
import type { MaintenanceWindowOccurrence } from '../../../../electron/engine/policy/windows/occurrences';
import type { MaintenanceWindowSpec, Weekday } from '../../../../electron/engine/policy/windows/window-spec';
import {
  clockChangeDays,
  clockChanges,
  luxonOffsetMs,
  luxonWallClock,
  oracleFirstInstantShowing,
} from './luxon-oracle';
import type { ClockChange } from './luxon-oracle';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RUNS = 200;

// Every zone ICU lists, plus links a technician may type; 1995..2037 spans several rule changes per region.
const zones = [...Intl.supportedValuesOf('timeZone'), 'Asia/Kolkata', 'US/Eastern', 'Europe/Kyiv'];
const firstYear = 1995;
const lastYear = 2037;

const changeDaysByZoneYear = new Map<string, number[]>();
function changeDays(zone: string, year: number): number[] {
  const key = `${zone} ${year}`;
  let days = changeDaysByZoneYear.get(key);
  if (days === undefined) {
    days = clockChangeDays(zone, year);
    changeDaysByZoneYear.set(key, days);
  }
  return days;
}

const changesByZoneYear = new Map<string, ClockChange[]>();
function memoizedClockChanges(zone: string, year: number): ClockChange[] {
  const key = `${zone} ${year}`;
  let changes = changesByZoneYear.get(key);
  if (changes === undefined) {
    changes = clockChanges(zone, year);
    changesByZoneYear.set(key, changes);
  }
  return changes;
}

/** A zone and a local date (days since 1970), most of them next to one of that zone's clock changes. */
const zoneAndDay = fc
  .record({
    zone: fc.constantFrom(...zones),
    year: fc.integer({ min: firstYear, max: lastYear }),
    nearChange: fc.boolean(),
    pick: fc.nat(),
    shift: fc.integer({ min: -1, max: 1 }),
    dayOfYear: fc.integer({ min: 0, max: 364 }),
  })
  .map(({ zone, year, nearChange, pick, shift, dayOfYear }) => {
    const changes = changeDays(zone, year);
    const change = changes[pick % Math.max(1, changes.length)];
    const day = nearChange && change !== undefined ? change + shift : Date.UTC(year, 0, 1) / DAY + dayOfYear;
    return { zone, day };
  });

/** Minutes of the day, weighted towards the small hours and late evening, where clocks change and windows sit. */
const minuteOfDay = fc.oneof(
  fc.integer({ min: 0, max: 1439 }),
  fc.integer({ min: 0, max: 16 }).map((quarter) => quarter * 15),
  fc.integer({ min: 88, max: 95 }).map((quarter) => quarter * 15),
);

/** Any start and end, or short windows (up to an hour), which can fall wholly into a spring-forward gap. */
const startAndEnd = fc.oneof(
  fc.record({ start: minuteOfDay, end: minuteOfDay }),
  fc
    .record({ start: minuteOfDay, length: fc.integer({ min: 1, max: 4 }).map((quarters) => quarters * 15) })
    .map(({ start, length }) => ({ start, end: (start + length) % 1440 })),
);

const windowSpec: fc.Arbitrary<MaintenanceWindowSpec> = fc
  .record({ days: fc.subarray([...weekdays], { minLength: 1 }), times: startAndEnd })
  .map(({ days, times: { start, end } }) => ({
    days,
    start: { hour: Math.floor(start / 60), minute: start % 60 },
    end: { hour: Math.floor(end / 60), minute: end % 60 },
  }));

function shown(occurrence: MaintenanceWindowOccurrence): string {
  return `${occurrence.key} ${occurrence.start.toISOString()} ${occurrence.end.toISOString()}`;
}

function startMinute(spec: MaintenanceWindowSpec): number {
  return spec.start.hour * 60 + spec.start.minute;
}

function endMinute(spec: MaintenanceWindowSpec): number {
  return spec.end.hour * 60 + spec.end.minute;
}

/** luxon's idea of the weekday and ISO date of a local date. */
function luxonDate(day: number): { weekday: Weekday; iso: string } {
  const date = DateTime.fromMillis(day * DAY, { zone: 'utc' });
  const weekday = weekdays[date.weekday - 1];
  if (weekday === undefined) throw new Error(`luxon weekday ${date.weekday}`);
  return { weekday, iso: date.toISODate() ?? '' };
}

/** The occurrences the contract asks for, computed from the luxon oracle only. */
function expectedOccurrences(
  spec: MaintenanceWindowSpec,
  zone: string,
  fromMs: number,
  toMs: number,
): string[] {
  const expected: string[] = [];
  const start = startMinute(spec);
  const end = endMinute(spec);
  const planned = end > start ? end - start : end - start + 1440;
  for (let day = Math.floor(fromMs / DAY) - 2; day <= Math.floor(toMs / DAY) + 2; day += 1) {
    const { weekday, iso } = luxonDate(day);
    if (!spec.days.includes(weekday)) continue;
    const startMs = oracleFirstInstantShowing(zone, day * DAY + start * MINUTE);
    let endMs = oracleFirstInstantShowing(zone, (end > start ? day : day + 1) * DAY + end * MINUTE);
    if (endMs <= startMs) {
      // The whole window fell into a gap: the contract keeps its planned length, up to the next day's start.
      endMs = Math.min(
        startMs + planned * MINUTE,
        oracleFirstInstantShowing(zone, (day + 1) * DAY + start * MINUTE),
      );
    }
    if (endMs > fromMs && startMs < toMs) {
      expected.push(`${iso}@${zone} ${new Date(startMs).toISOString()} ${new Date(endMs).toISOString()}`);
    }
  }
  return expected;
}

/** The wall-clock moment (as if UTC) a window of `spec` starts on, read back from its key. */
function plannedStartWall(spec: MaintenanceWindowSpec, occurrence: MaintenanceWindowOccurrence): number {
  return Date.parse(`${occurrence.key.slice(0, 10)}T00:00:00Z`) + startMinute(spec) * MINUTE;
}

// Each property asks luxon thousands of questions; on a busy shared machine that can take longer than the default.
describe('maintenance windows agree with an independent luxon computation', { timeout: 90_000 }, () => {
  it('occurrencesBetween lists exactly the oracle occurrences, across zones, years and clock changes', () => {
    fc.assert(
      fc.property(
        zoneAndDay,
        windowSpec,
        fc.integer({ min: 0, max: DAY - 1 }),
        ({ zone, day }, spec, jitter) => {
          const fromMs = (day - 2) * DAY + jitter;
          const toMs = (day + 3) * DAY - jitter;
          const listed = occurrencesBetween(spec, zone, new Date(fromMs), new Date(toMs)).map(shown);
          expect(listed).toEqual(expectedOccurrences(spec, zone, fromMs, toMs));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never skipped, never twice: in order, start < end, no overlap, one per start day, keys unique', () => {
    fc.assert(
      fc.property(zoneAndDay, windowSpec, ({ zone, day }, spec) => {
        const fromMs = (day - 10) * DAY;
        const toMs = (day + 11) * DAY;
        const listed = occurrencesBetween(spec, zone, new Date(fromMs), new Date(toMs));
        const keys = listed.map((occurrence) => occurrence.key);
        expect(new Set(keys).size).toBe(keys.length);
        listed.forEach((occurrence, index) => {
          expect(occurrence.start.getTime()).toBeLessThan(occurrence.end.getTime());
          const next = listed[index + 1];
          if (next !== undefined) expect(occurrence.end.getTime()).toBeLessThanOrEqual(next.start.getTime());
          expect(spec.days).toContain(luxonDate(Date.parse(occurrence.key.slice(0, 10)) / DAY).weekday);
        });
        // Every start day well inside the range has its occurrence.
        for (let inner = day - 8; inner <= day + 9; inner += 1) {
          const { weekday, iso } = luxonDate(inner);
          if (spec.days.includes(weekday)) expect(keys).toContain(`${iso}@${zone}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gap and fold rules: a window opens at the first instant its wall-clock start is reached, never earlier', () => {
    fc.assert(
      fc.property(zoneAndDay, windowSpec, ({ zone, day }, spec) => {
        const listed = occurrencesBetween(spec, zone, new Date((day - 1) * DAY), new Date((day + 2) * DAY));
        for (const occurrence of listed) {
          const wanted = plannedStartWall(spec, occurrence);
          const startMs = occurrence.start.getTime();
          const shownAtStart = luxonWallClock(zone, startMs);
          expect(shownAtStart).toBeGreaterThanOrEqual(wanted);
          if (shownAtStart !== wanted) {
            // Only a spring-forward gap may move a start: the clock jumped over the wanted time at this instant.
            expect(luxonWallClock(zone, startMs - 1_000)).toBeLessThan(wanted);
            expect(luxonOffsetMs(zone, startMs)).toBeGreaterThan(luxonOffsetMs(zone, startMs - 1_000));
          }
          // First occurrence on a fall-back night: no earlier minute of the previous three hours showed it.
          for (let back = 1; back <= 180; back += 1) {
            expect(luxonWallClock(zone, startMs - back * MINUTE)).toBeLessThan(wanted);
          }
        }
      }),
      { numRuns: 120 },
    );
  });

  it('a window wholly inside a spring-forward gap is not skipped: it opens when the gap ends, for its planned length', () => {
    const gaps = fc
      .record({
        zone: fc.constantFrom(...zones),
        year: fc.integer({ min: firstYear, max: lastYear }),
        pick: fc.nat(),
      })
      .map(({ zone, year, pick }) => {
        const forward = memoizedClockChanges(zone, year).filter(
          (change) => change.offsetAfterMs > change.offsetBeforeMs,
        );
        return { zone, gap: forward[pick % Math.max(1, forward.length)] };
      })
      .filter(({ gap }) => gap !== undefined);
    fc.assert(
      fc.property(
        gaps,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (found, a, b) => {
          const { zone, gap } = found;
          if (gap === undefined) return;
          // The wall-clock minutes that never happen: [at + before, at + after).
          const gapStartWall = gap.atMs + gap.offsetBeforeMs;
          const gapMinutes = (gap.offsetAfterMs - gap.offsetBeforeMs) / MINUTE;
          const first = Math.floor(Math.min(a, b) * gapMinutes);
          const last = Math.max(first + 1, Math.ceil(Math.max(a, b) * gapMinutes));
          const startWall = gapStartWall + first * MINUTE;
          const endWall = gapStartWall + Math.min(last, gapMinutes - 1) * MINUTE;
          const day = Math.floor(startWall / DAY);
          fc.pre(endWall > startWall && Math.floor(endWall / DAY) === day);
          const start = (startWall - day * DAY) / MINUTE;
          const end = (endWall - day * DAY) / MINUTE;
          const spec: MaintenanceWindowSpec = {
            days: [luxonDate(day).weekday],
            start: { hour: Math.floor(start / 60), minute: start % 60 },
            end: { hour: Math.floor(end / 60), minute: end % 60 },
          };
          const listed = occurrencesBetween(spec, zone, new Date(gap.atMs - DAY), new Date(gap.atMs + DAY));
          const planned = gap.atMs + (end - start) * MINUTE;
          const nextStart = oracleFirstInstantShowing(zone, (day + 1) * DAY + start * MINUTE);
          expect(listed.map(shown)).toEqual([
            `${luxonDate(day).iso}@${zone} ${new Date(gap.atMs).toISOString()} ${new Date(Math.min(planned, nextStart)).toISOString()}`,
          ]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('openOccurrenceAt is the listed occurrence containing the instant, or null', () => {
    fc.assert(
      fc.property(
        zoneAndDay,
        windowSpec,
        fc.integer({ min: -DAY, max: 2 * DAY }),
        ({ zone, day }, spec, offset) => {
          const atMs = day * DAY + offset;
          const listed = occurrencesBetween(spec, zone, new Date(atMs - 3 * DAY), new Date(atMs + 3 * DAY));
          const containing = listed.find((item) => item.start.getTime() <= atMs && atMs < item.end.getTime());
          const open = openOccurrenceAt(spec, zone, new Date(atMs));
          expect(open === null ? null : shown(open)).toBe(
            containing === undefined ? null : shown(containing),
          );
          // At the edges: open at its first millisecond and its last, not at the one before it starts.
          for (const item of listed) {
            expect(shown(openOccurrenceAt(spec, zone, item.start) ?? item)).toBe(shown(item));
            const last = openOccurrenceAt(spec, zone, new Date(item.end.getTime() - 1));
            expect(last === null ? null : shown(last)).toBe(shown(item));
            const before = openOccurrenceAt(spec, zone, new Date(item.start.getTime() - 1));
            expect(before?.key).not.toBe(item.key);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('nextOccurrence is the first listed occurrence starting strictly after the instant', () => {
    fc.assert(
      fc.property(
        zoneAndDay,
        windowSpec,
        fc.integer({ min: 0, max: DAY - 1 }),
        ({ zone, day }, spec, offset) => {
          const afterMs = day * DAY + offset;
          const listed = occurrencesBetween(spec, zone, new Date(afterMs), new Date(afterMs + 9 * DAY));
          const first = listed.find((item) => item.start.getTime() > afterMs);
          expect(first).toBeDefined();
          expect(shown(nextOccurrence(spec, zone, new Date(afterMs)))).toBe(
            first === undefined ? '' : shown(first),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('formatWindowSpec writes what parseWindowSpec reads back unchanged', () => {
    fc.assert(
      fc.property(windowSpec, (spec) => {
        expect(parseWindowSpec(formatWindowSpec(spec))).toEqual(spec);
      }),
      { numRuns: 1_000 },
    );
  });
});
