import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { formatWindowSpec, parseWindowSpec } from '../../../../electron/engine/policy/windows/window-spec';

function problemWith(text: string): AppError {
  try {
    parseWindowSpec(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`'${text}' was accepted`);
}

describe('parseWindowSpec', () => {
  it('reads named day lists', () => {
    expect(parseWindowSpec('weekends 22:00-02:00')).toEqual({
      days: ['Sat', 'Sun'],
      start: { hour: 22, minute: 0 },
      end: { hour: 2, minute: 0 },
    });
    expect(parseWindowSpec('weekdays 01:30-04:45').days).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);
    expect(parseWindowSpec('daily 00:00-00:00').days).toEqual([
      'Mon',
      'Tue',
      'Wed',
      'Thu',
      'Fri',
      'Sat',
      'Sun',
    ]);
  });

  it('reads a day list in any order and case, with spaces around commas and the dash', () => {
    expect(parseWindowSpec('  Sun, mon ,FRI  9:05 - 23:59 ')).toEqual({
      days: ['Mon', 'Fri', 'Sun'],
      start: { hour: 9, minute: 5 },
      end: { hour: 23, minute: 59 },
    });
    expect(parseWindowSpec('WEEKENDS 22:00-02:00').days).toEqual(['Sat', 'Sun']);
  });

  it.each([
    ['Mnd 22:00-02:00', "unknown day 'Mnd': use daily, weekdays, weekends or Mon..Sun"],
    ['Mon,Thurs 22:00-02:00', "unknown day 'Thurs': use daily, weekdays, weekends or Mon..Sun"],
    [
      'Mon,,Tue 22:00-02:00',
      "the day list 'Mon,,Tue' has an empty entry: use daily, weekdays, weekends or Mon..Sun",
    ],
    ['Mon,mon 22:00-02:00', "day 'Mon' is listed twice in 'Mon,mon'"],
    [
      'weekends,Mon 22:00-02:00',
      "'weekends' cannot be combined with other days: write 'weekends' alone or list the days",
    ],
    ['Mon 25:00-02:00', 'hour 25 is not a time of day'],
    ['Mon 22:00-24:00', 'hour 24 is not a time of day: write midnight as 00:00'],
    ['Mon 22:60-02:00', 'minute 60 is not a time of day'],
    ['Mon 22-02', "'22' is not a time: write HH:MM like 22:00"],
    ['Mon 22:00', "'22:00' is not a time range: write start-end like 22:00-02:00"],
    ['Mon 22:00-02:00-03:00', "'22:00-02:00-03:00' is not a time range: write start-end like 22:00-02:00"],
    ['Mon 2:0-03:00', "'2:0' is not a time: write HH:MM like 22:00"],
    [
      'Mon 22:00-02:00 extra',
      "'Mon 22:00-02:00 extra' is not a maintenance window: write it like 'weekends 22:00-02:00' (days, a space, start-end)",
    ],
    [
      '22:00-02:00',
      "'22:00-02:00' is not a maintenance window: write it like 'weekends 22:00-02:00' (days, a space, start-end)",
    ],
    [
      '   ',
      "the maintenance window is empty: write it like 'weekends 22:00-02:00' (days, a space, start-end)",
    ],
    ['Mon 22:00-', "'' is not a time: write HH:MM like 22:00"],
  ])('refuses %j: %s', (text, sentence) => {
    const problem = problemWith(text);
    expect(problem.message).toBe(sentence);
    expect(problem.code).toBe('invalid-input');
    expect(problem.field).toBe('window');
  });
});

describe('formatWindowSpec', () => {
  it.each([
    ['weekends 22:00-02:00', 'weekends 22:00-02:00'],
    ['Sat,Sun 22:00-02:00', 'weekends 22:00-02:00'],
    ['Fri,Thu,Wed,Tue,Mon 9:00-17:00', 'weekdays 09:00-17:00'],
    ['Mon,Tue,Wed,Thu,Fri,Sat,Sun 00:00-00:00', 'daily 00:00-00:00'],
    ['sun,mon 23:30-00:30', 'Mon,Sun 23:30-00:30'],
  ])('writes %j as %j', (text, written) => {
    expect(formatWindowSpec(parseWindowSpec(text))).toBe(written);
  });
});
