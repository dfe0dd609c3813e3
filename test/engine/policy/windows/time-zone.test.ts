import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import {
  checkTimeZone,
  isValidTimeZone,
  zoneOffsetAt,
} from '../../../../electron/engine/policy/windows/time-zone';

const HOUR = 3_600_000;

function problemWith(zone: string): AppError {
  try {
    checkTimeZone(zone);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`'${zone}' was accepted`);
}

describe('isValidTimeZone', () => {
  it('accepts IANA names and tzdata links', () => {
    for (const zone of [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'UTC',
      'Etc/GMT-1',
      'US/Eastern',
    ]) {
      expect(isValidTimeZone(zone)).toBe(true);
    }
  });

  it('refuses unknown names, fixed offsets and blanks', () => {
    for (const zone of [
      'Europe/Berln',
      'Mars/Olympus',
      '+01:00',
      '-05:00',
      '0100',
      '',
      '  ',
      ' Europe/Berlin',
    ]) {
      expect(isValidTimeZone(zone)).toBe(false);
    }
  });
});

describe('checkTimeZone', () => {
  it('corrects letter case to the canonical spelling and keeps links as typed', () => {
    expect(checkTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(checkTimeZone('America/New_York')).toBe('America/New_York');
    // ICU calls it Asia/Calcutta; the technician's spelling is what keys are built from.
    expect(checkTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
  });

  it.each([
    [
      'Europe/Berln',
      "unknown time zone 'Europe/Berln': use an IANA name such as Europe/Berlin or America/New_York",
    ],
    [
      '+01:00',
      "'+01:00' is a fixed offset, not a time zone: use an IANA name such as Europe/Berlin (Etc/GMT-1 is a fixed UTC+01:00)",
    ],
    ['', 'the time zone is empty: use an IANA name such as Europe/Berlin or America/New_York'],
  ])('refuses %j: %s', (zone, sentence) => {
    const problem = problemWith(zone);
    expect(problem.message).toBe(sentence);
    expect(problem.code).toBe('invalid-input');
    expect(problem.field).toBe('timezone');
  });
});

describe('zoneOffsetAt', () => {
  it('changes at the exact second of a clock change and not before', () => {
    // Berlin springs forward at 2026-03-29T01:00:00Z.
    const change = Date.UTC(2026, 2, 29, 1);
    expect(zoneOffsetAt('Europe/Berlin', change - 1)).toBe(1 * HOUR);
    expect(zoneOffsetAt('Europe/Berlin', change)).toBe(2 * HOUR);
    // Chatham falls back at 2026-04-04T14:00:00Z from +13:45 to +12:45.
    const chatham = Date.UTC(2026, 3, 4, 14);
    expect(zoneOffsetAt('Pacific/Chatham', chatham - 1_000)).toBe(13.75 * HOUR);
    expect(zoneOffsetAt('Pacific/Chatham', chatham)).toBe(12.75 * HOUR);
  });

  it('answers the same after its memory of a zone fills up and starts again', () => {
    const zone = 'America/Santiago';
    const summer = Date.UTC(2026, 0, 15, 12);
    const winter = Date.UTC(2026, 6, 15, 12);
    expect([zoneOffsetAt(zone, summer), zoneOffsetAt(zone, winter)]).toEqual([-3 * HOUR, -4 * HOUR]);
    // Three years of distinct hours is more than the memory holds.
    for (let hour = 0; hour < 3 * 366 * 24; hour += 1) zoneOffsetAt(zone, Date.UTC(2020, 0, 1) + hour * HOUR);
    expect([zoneOffsetAt(zone, summer), zoneOffsetAt(zone, winter)]).toEqual([-3 * HOUR, -4 * HOUR]);
    // Santiago's 2026 autumn change: 2026-04-05 00:00 -03 back to 23:00 -04 on the 4th, at 03:00Z.
    expect(zoneOffsetAt(zone, Date.UTC(2026, 3, 5, 3) - 1)).toBe(-3 * HOUR);
    expect(zoneOffsetAt(zone, Date.UTC(2026, 3, 5, 3))).toBe(-4 * HOUR);
  });

  it('gives half- and quarter-hour offsets', () => {
    expect(zoneOffsetAt('Asia/Kolkata', Date.UTC(2026, 0, 1))).toBe(5.5 * HOUR);
    expect(zoneOffsetAt('Asia/Kathmandu', Date.UTC(2026, 0, 1))).toBe(5.75 * HOUR);
    expect(zoneOffsetAt('America/St_Johns', Date.UTC(2026, 0, 1))).toBe(-3.5 * HOUR);
  });

  it('refuses an unknown zone with the sentence a technician reads', () => {
    expect(() => zoneOffsetAt('Europe/Berln', 0)).toThrow(
      "unknown time zone 'Europe/Berln': use an IANA name such as Europe/Berlin or America/New_York",
    );
  });
});
