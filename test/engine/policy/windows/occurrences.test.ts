import { describe, expect, it } from 'vitest';
import {
  nextOccurrence,
  occurrencesBetween,
  openOccurrenceAt,
} from '../../../../electron/engine/policy/windows/occurrences';
import { parseWindowSpec } from '../../../../electron/engine/policy/windows/window-spec';
import type { MaintenanceWindowOccurrence } from '../../../../electron/engine/policy/windows/occurrences';

function shown(occurrence: MaintenanceWindowOccurrence | null): string | null {
  if (occurrence === null) return null;
  return `${occurrence.key} ${occurrence.start.toISOString()} ${occurrence.end.toISOString()}`;
}

function listed(window: string, zone: string, from: string, to: string): (string | null)[] {
  return occurrencesBetween(parseWindowSpec(window), zone, new Date(from), new Date(to)).map(shown);
}

function openAt(window: string, zone: string, instant: string): string | null {
  return shown(openOccurrenceAt(parseWindowSpec(window), zone, new Date(instant)));
}

// Expected instants were worked out by hand from each zone's offsets and change times.
describe('occurrencesBetween', () => {
  it('weekends 22:00-02:00 in Berlin across the spring-forward night: the Saturday window ends at 03:00 CEST', () => {
    expect(listed('weekends 22:00-02:00', 'Europe/Berlin', '2026-03-27T00:00Z', '2026-03-31T00:00Z')).toEqual(
      [
        '2026-03-28@Europe/Berlin 2026-03-28T21:00:00.000Z 2026-03-29T01:00:00.000Z',
        '2026-03-29@Europe/Berlin 2026-03-29T20:00:00.000Z 2026-03-30T00:00:00.000Z',
      ],
    );
  });

  it('weekends 22:00-02:00 in Berlin across the fall-back night: 02:00 is its first occurrence, in CEST', () => {
    expect(listed('weekends 22:00-02:00', 'Europe/Berlin', '2026-10-23T00:00Z', '2026-10-27T00:00Z')).toEqual(
      [
        '2026-10-24@Europe/Berlin 2026-10-24T20:00:00.000Z 2026-10-25T00:00:00.000Z',
        '2026-10-25@Europe/Berlin 2026-10-25T21:00:00.000Z 2026-10-26T01:00:00.000Z',
      ],
    );
  });

  it('weekends 22:00-02:00 in New York across both nights', () => {
    expect(listed('Sat 22:00-02:00', 'America/New_York', '2026-03-06T00:00Z', '2026-03-10T00:00Z')).toEqual([
      '2026-03-07@America/New_York 2026-03-08T03:00:00.000Z 2026-03-08T07:00:00.000Z',
    ]);
    expect(listed('Sat 22:00-02:00', 'America/New_York', '2026-10-30T00:00Z', '2026-11-03T00:00Z')).toEqual([
      '2026-10-31@America/New_York 2026-11-01T02:00:00.000Z 2026-11-01T07:00:00.000Z',
    ]);
  });

  it('a 02:30 window on the spring-forward night opens when the clocks reach 03:00', () => {
    expect(listed('Sun 02:30-04:00', 'Europe/Berlin', '2026-03-28T00:00Z', '2026-03-30T00:00Z')).toEqual([
      '2026-03-29@Europe/Berlin 2026-03-29T01:00:00.000Z 2026-03-29T02:00:00.000Z',
    ]);
    expect(listed('Sun 02:30-04:00', 'America/New_York', '2026-03-07T00:00Z', '2026-03-09T12:00Z')).toEqual([
      '2026-03-08@America/New_York 2026-03-08T07:00:00.000Z 2026-03-08T08:00:00.000Z',
    ]);
  });

  it('a window wholly inside the gap is not skipped: it keeps its planned length from the end of the gap', () => {
    expect(listed('Sun 02:00-02:30', 'America/New_York', '2026-03-07T00:00Z', '2026-03-09T12:00Z')).toEqual([
      '2026-03-08@America/New_York 2026-03-08T07:00:00.000Z 2026-03-08T07:30:00.000Z',
    ]);
    expect(
      listed('Sun 02:05-02:20', 'Australia/Lord_Howe', '2026-10-02T00:00Z', '2026-10-05T00:00Z'),
    ).toEqual(['2026-10-04@Australia/Lord_Howe 2026-10-03T15:30:00.000Z 2026-10-03T15:45:00.000Z']);
  });

  it('01:30 windows on fall-back nights run once, from the first 01:30', () => {
    expect(listed('Sun 01:30-02:30', 'America/New_York', '2026-10-31T00:00Z', '2026-11-02T00:00Z')).toEqual([
      '2026-11-01@America/New_York 2026-11-01T05:30:00.000Z 2026-11-01T07:30:00.000Z',
    ]);
    expect(listed('Sun 01:30-01:45', 'America/New_York', '2026-10-31T00:00Z', '2026-11-02T00:00Z')).toEqual([
      '2026-11-01@America/New_York 2026-11-01T05:30:00.000Z 2026-11-01T05:45:00.000Z',
    ]);
    expect(listed('daily 01:30-01:45', 'Europe/Berlin', '2026-10-24T12:00Z', '2026-10-25T12:00Z')).toEqual([
      '2026-10-25@Europe/Berlin 2026-10-24T23:30:00.000Z 2026-10-24T23:45:00.000Z',
    ]);
  });

  it('Lord Howe and Chatham nights', () => {
    // Lord Howe falls back 02:00 +11 -> 01:30 +10:30 on 2026-04-05 (15:00Z); the window ends at the first 01:45.
    expect(
      listed('Sat 23:00-01:45', 'Australia/Lord_Howe', '2026-04-03T00:00Z', '2026-04-06T00:00Z'),
    ).toEqual(['2026-04-04@Australia/Lord_Howe 2026-04-04T12:00:00.000Z 2026-04-04T14:45:00.000Z']);
    // Chatham springs forward 02:45 +12:45 -> 03:45 +13:45 on 2026-09-27 (14:00Z).
    expect(listed('Sat 22:00-03:00', 'Pacific/Chatham', '2026-09-25T00:00Z', '2026-09-28T00:00Z')).toEqual([
      '2026-09-26@Pacific/Chatham 2026-09-26T09:15:00.000Z 2026-09-26T14:00:00.000Z',
    ]);
  });

  it('zones without daylight saving: Tokyo and Kolkata (+05:30)', () => {
    expect(listed('weekends 22:00-02:00', 'Asia/Tokyo', '2026-11-20T00:00Z', '2026-11-24T00:00Z')).toEqual([
      '2026-11-21@Asia/Tokyo 2026-11-21T13:00:00.000Z 2026-11-21T17:00:00.000Z',
      '2026-11-22@Asia/Tokyo 2026-11-22T13:00:00.000Z 2026-11-22T17:00:00.000Z',
    ]);
    expect(listed('weekdays 09:00-09:30', 'Asia/Kolkata', '2026-11-20T00:00Z', '2026-11-24T00:00Z')).toEqual([
      '2026-11-20@Asia/Kolkata 2026-11-20T03:30:00.000Z 2026-11-20T04:00:00.000Z',
      '2026-11-23@Asia/Kolkata 2026-11-23T03:30:00.000Z 2026-11-23T04:00:00.000Z',
    ]);
  });

  it('end equal to start is a full 24 h window; back-to-back days touch and a DST day is 23 h long', () => {
    expect(listed('Sat,Sun 12:00-12:00', 'Europe/Berlin', '2026-03-28T00:00Z', '2026-03-31T00:00Z')).toEqual([
      '2026-03-28@Europe/Berlin 2026-03-28T11:00:00.000Z 2026-03-29T10:00:00.000Z',
      '2026-03-29@Europe/Berlin 2026-03-29T10:00:00.000Z 2026-03-30T10:00:00.000Z',
    ]);
  });

  it('lists windows that overlap the range, including one already running at its start', () => {
    expect(listed('weekends 22:00-02:00', 'Asia/Tokyo', '2026-11-21T15:00Z', '2026-11-22T14:00Z')).toEqual([
      '2026-11-21@Asia/Tokyo 2026-11-21T13:00:00.000Z 2026-11-21T17:00:00.000Z',
      '2026-11-22@Asia/Tokyo 2026-11-22T13:00:00.000Z 2026-11-22T17:00:00.000Z',
    ]);
    expect(listed('weekends 22:00-02:00', 'Asia/Tokyo', '2026-11-21T17:00Z', '2026-11-22T13:00Z')).toEqual(
      [],
    );
  });

  it('refuses a bad range and a bad zone with sentences', () => {
    const spec = parseWindowSpec('daily 01:00-02:00');
    expect(() => occurrencesBetween(spec, 'Europe/Berlin', new Date('nope'), new Date())).toThrow(
      'from is not a valid date',
    );
    expect(() =>
      occurrencesBetween(spec, 'Europe/Berlin', new Date(0), new Date('2026-01-01T00:00Z')),
    ).toThrow('a range of more than 3700 days is too long to list');
    expect(() => occurrencesBetween(spec, 'Mars/Olympus', new Date(0), new Date(86_400_000))).toThrow(
      "unknown time zone 'Mars/Olympus'",
    );
    expect(occurrencesBetween(spec, 'Europe/Berlin', new Date(86_400_000), new Date(0))).toEqual([]);
    expect(() => openOccurrenceAt(spec, 'Europe/Berlin', new Date('0050-01-01T00:00Z'))).toThrow(
      'instant 0050-01-01T00:00:00.000Z is outside the years 1900..9999',
    );
  });
});

describe('openOccurrenceAt', () => {
  it('a window past midnight that started the day before is open, and the key names the day it started', () => {
    expect(openAt('weekends 22:00-02:00', 'Europe/Berlin', '2026-11-23T00:30Z')).toBe(
      '2026-11-22@Europe/Berlin 2026-11-22T21:00:00.000Z 2026-11-23T01:00:00.000Z',
    );
    // Monday 02:00 CET: the Sunday window has just closed.
    expect(openAt('weekends 22:00-02:00', 'Europe/Berlin', '2026-11-23T01:00Z')).toBeNull();
    // Friday 23:00: Friday is not a start day.
    expect(openAt('weekends 22:00-02:00', 'Europe/Berlin', '2026-11-20T22:00Z')).toBeNull();
  });

  it('opens at its start instant exactly and is closed at its end instant', () => {
    expect(openAt('Sat 22:00-02:00', 'America/New_York', '2026-03-08T03:00Z')).toBe(
      '2026-03-07@America/New_York 2026-03-08T03:00:00.000Z 2026-03-08T07:00:00.000Z',
    );
    expect(openAt('Sat 22:00-02:00', 'America/New_York', '2026-03-08T02:59:59.999Z')).toBeNull();
    expect(openAt('Sat 22:00-02:00', 'America/New_York', '2026-03-08T07:00Z')).toBeNull();
  });

  it('never opens a window twice on a fall-back night: the second 01:15 is outside 01:00-01:30', () => {
    expect(openAt('Sun 01:00-01:30', 'America/New_York', '2026-11-01T05:15Z')).toBe(
      '2026-11-01@America/New_York 2026-11-01T05:00:00.000Z 2026-11-01T05:30:00.000Z',
    );
    expect(openAt('Sun 01:00-01:30', 'America/New_York', '2026-11-01T06:15Z')).toBeNull();
  });

  it("clocks turned back across midnight: an instant on the previous date can be inside the next day's window", () => {
    // St. John's fell back 2009-11-01 at 00:01 NDT (02:31Z) to 23:01 NST on Oct 31: the Sunday window began at the
    // first 00:00, and at 03:00Z the clock shows Saturday 23:30 again, still inside it; it ends at the first 00:30.
    expect(openAt('Sun 00:00-00:30', 'America/St_Johns', '2009-11-01T03:00Z')).toBe(
      '2009-11-01@America/St_Johns 2009-11-01T02:30:00.000Z 2009-11-01T04:00:00.000Z',
    );
    // Casey went from +11 to +08 at 02:00 on 2010-03-05 (15:00Z), back to 23:00 on the 4th.
    expect(openAt('Fri 00:00-03:00', 'Antarctica/Casey', '2010-03-04T15:30Z')).toBe(
      '2010-03-05@Antarctica/Casey 2010-03-04T13:00:00.000Z 2010-03-04T19:00:00.000Z',
    );
    // The one-hour Friday window does not open a second time when 00:00-01:00 comes round again at +08.
    expect(openAt('Fri 00:00-01:00', 'Antarctica/Casey', '2010-03-04T16:30Z')).toBeNull();
  });

  it('a day list across the week boundary: Sunday 23:00 to Monday 01:00, and Sat,Sun,Mon', () => {
    expect(openAt('Sun 23:00-01:00', 'America/New_York', '2026-11-23T05:30Z')).toBe(
      '2026-11-22@America/New_York 2026-11-23T04:00:00.000Z 2026-11-23T06:00:00.000Z',
    );
    expect(openAt('Sun 23:00-01:00', 'America/New_York', '2026-11-24T05:30Z')).toBeNull();
    expect(
      listed('Sat,Sun,Mon 23:00-01:00', 'Asia/Kolkata', '2026-11-20T00:00Z', '2026-11-25T00:00Z'),
    ).toEqual([
      '2026-11-21@Asia/Kolkata 2026-11-21T17:30:00.000Z 2026-11-21T19:30:00.000Z',
      '2026-11-22@Asia/Kolkata 2026-11-22T17:30:00.000Z 2026-11-22T19:30:00.000Z',
      '2026-11-23@Asia/Kolkata 2026-11-23T17:30:00.000Z 2026-11-23T19:30:00.000Z',
    ]);
  });

  it('a daily 24 h window is always open, each instant in exactly one occurrence', () => {
    expect(openAt('daily 00:00-00:00', 'Asia/Kolkata', '2026-11-22T18:30Z')).toBe(
      '2026-11-23@Asia/Kolkata 2026-11-22T18:30:00.000Z 2026-11-23T18:30:00.000Z',
    );
    expect(openAt('daily 00:00-00:00', 'Asia/Kolkata', '2026-11-22T18:29:59.999Z')).toBe(
      '2026-11-22@Asia/Kolkata 2026-11-21T18:30:00.000Z 2026-11-22T18:30:00.000Z',
    );
  });
});

describe('nextOccurrence', () => {
  it('gives the first window starting strictly after the instant, over the week boundary', () => {
    const spec = parseWindowSpec('Mon 09:00-10:00');
    expect(shown(nextOccurrence(spec, 'Europe/Berlin', new Date('2026-11-22T12:00Z')))).toBe(
      '2026-11-23@Europe/Berlin 2026-11-23T08:00:00.000Z 2026-11-23T09:00:00.000Z',
    );
    expect(shown(nextOccurrence(spec, 'Europe/Berlin', new Date('2026-11-23T08:00Z')))).toBe(
      '2026-11-30@Europe/Berlin 2026-11-30T08:00:00.000Z 2026-11-30T09:00:00.000Z',
    );
  });
});
