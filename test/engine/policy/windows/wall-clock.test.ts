import { describe, expect, it } from 'vitest';
import { wallClockToInstant } from '../../../../electron/engine/policy/windows/wall-clock';

function at(zone: string, date: string, time: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined
  ) {
    throw new Error(`bad test input ${date} ${time}`);
  }
  return wallClockToInstant(zone, { year, month, day }, { hour, minute }).toISOString();
}

// Every expected instant below was worked out by hand from the zone's rules (offsets and change times noted).
describe('wallClockToInstant', () => {
  it('Europe/Berlin spring-forward night (02:00 CET -> 03:00 CEST at 01:00Z, 2026-03-29)', () => {
    expect(at('Europe/Berlin', '2026-03-29', '01:30')).toBe('2026-03-29T00:30:00.000Z');
    expect(at('Europe/Berlin', '2026-03-29', '02:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('Europe/Berlin', '2026-03-29', '02:30')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('Europe/Berlin', '2026-03-29', '02:59')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('Europe/Berlin', '2026-03-29', '03:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('Europe/Berlin', '2026-03-29', '03:01')).toBe('2026-03-29T01:01:00.000Z');
  });

  it('Europe/Berlin fall-back night takes the first of two (03:00 CEST -> 02:00 CET at 01:00Z, 2026-10-25)', () => {
    expect(at('Europe/Berlin', '2026-10-25', '01:30')).toBe('2026-10-24T23:30:00.000Z');
    expect(at('Europe/Berlin', '2026-10-25', '02:00')).toBe('2026-10-25T00:00:00.000Z');
    expect(at('Europe/Berlin', '2026-10-25', '02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('Europe/Berlin', '2026-10-25', '03:00')).toBe('2026-10-25T02:00:00.000Z');
  });

  it('America/New_York spring-forward night (02:00 EST -> 03:00 EDT at 07:00Z, 2026-03-08)', () => {
    expect(at('America/New_York', '2026-03-08', '01:30')).toBe('2026-03-08T06:30:00.000Z');
    expect(at('America/New_York', '2026-03-08', '02:30')).toBe('2026-03-08T07:00:00.000Z');
    expect(at('America/New_York', '2026-03-08', '03:30')).toBe('2026-03-08T07:30:00.000Z');
  });

  it('America/New_York fall-back night takes the first of two (02:00 EDT -> 01:00 EST at 06:00Z, 2026-11-01)', () => {
    expect(at('America/New_York', '2026-11-01', '00:59')).toBe('2026-11-01T04:59:00.000Z');
    expect(at('America/New_York', '2026-11-01', '01:00')).toBe('2026-11-01T05:00:00.000Z');
    expect(at('America/New_York', '2026-11-01', '01:30')).toBe('2026-11-01T05:30:00.000Z');
    expect(at('America/New_York', '2026-11-01', '02:00')).toBe('2026-11-01T07:00:00.000Z');
    expect(at('America/New_York', '2026-11-01', '02:30')).toBe('2026-11-01T07:30:00.000Z');
  });

  it('Australia/Lord_Howe moves its clock by 30 minutes (+10:30 / +11)', () => {
    // 2026-10-04 02:00 +10:30 (15:30Z) jumps to 02:30 +11: 02:00-02:29 do not exist.
    expect(at('Australia/Lord_Howe', '2026-10-04', '01:59')).toBe('2026-10-03T15:29:00.000Z');
    expect(at('Australia/Lord_Howe', '2026-10-04', '02:15')).toBe('2026-10-03T15:30:00.000Z');
    expect(at('Australia/Lord_Howe', '2026-10-04', '02:30')).toBe('2026-10-03T15:30:00.000Z');
    // 2026-04-05 02:00 +11 (15:00Z) goes back to 01:30 +10:30: 01:30-01:59 happen twice.
    expect(at('Australia/Lord_Howe', '2026-04-05', '01:45')).toBe('2026-04-04T14:45:00.000Z');
    expect(at('Australia/Lord_Howe', '2026-04-05', '02:00')).toBe('2026-04-04T15:30:00.000Z');
  });

  it('Pacific/Chatham changes at 02:45 / 03:45 local (+12:45 / +13:45)', () => {
    // 2026-09-27 02:45 +12:45 (14:00Z) jumps to 03:45 +13:45.
    expect(at('Pacific/Chatham', '2026-09-27', '03:00')).toBe('2026-09-26T14:00:00.000Z');
    expect(at('Pacific/Chatham', '2026-09-27', '03:45')).toBe('2026-09-26T14:00:00.000Z');
    // 2026-04-05 03:45 +13:45 (14:00Z) goes back to 02:45 +12:45.
    expect(at('Pacific/Chatham', '2026-04-05', '03:00')).toBe('2026-04-04T13:15:00.000Z');
    expect(at('Pacific/Chatham', '2026-04-05', '03:45')).toBe('2026-04-04T15:00:00.000Z');
  });

  it('zones without daylight saving, including half hours', () => {
    expect(at('Asia/Tokyo', '2026-03-29', '02:30')).toBe('2026-03-28T17:30:00.000Z');
    expect(at('Asia/Kolkata', '2026-11-23', '09:00')).toBe('2026-11-23T03:30:00.000Z');
    expect(at('UTC', '2026-11-23', '00:00')).toBe('2026-11-23T00:00:00.000Z');
  });

  it('Pacific/Apia skipped all of 2011-12-30: that day counts from the first instant of the 31st', () => {
    expect(at('Pacific/Apia', '2011-12-29', '23:59')).toBe('2011-12-30T09:59:00.000Z');
    expect(at('Pacific/Apia', '2011-12-30', '12:00')).toBe('2011-12-30T10:00:00.000Z');
    expect(at('Pacific/Apia', '2011-12-31', '00:00')).toBe('2011-12-30T10:00:00.000Z');
  });

  it('refuses dates and times that do not exist, and unknown zones', () => {
    expect(() => at('Europe/Berlin', '2026-02-29', '01:00')).toThrow('2026-02-29 is not on the calendar');
    expect(() => at('Europe/Berlin', '2026-13-01', '01:00')).toThrow(
      'month 13 does not exist (date 2026-13-01)',
    );
    expect(() => at('Europe/Berlin', '1800-01-01', '01:00')).toThrow('year 1800 is outside 1900..9999');
    expect(() => at('Europe/Berlin', '2026-01-01', '24:00')).toThrow('hour 24 is not a time of day');
    expect(() => at('Europe/Berlin', '2026-01-01', '23:60')).toThrow('minute 60 is not a time of day');
    expect(() => at('Europe/Berln', '2026-01-01', '01:00')).toThrow("unknown time zone 'Europe/Berln'");
  });
});
