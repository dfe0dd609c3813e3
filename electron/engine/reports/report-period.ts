import { DateTime } from 'luxon';
import { AppError } from '../../../shared/errors';

/** A report's period: calendar days in the client's time zone, and the instants they span. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  /** Start of the first day (inclusive), ISO UTC. */
  readonly startsAt: string;
  /** Start of the day after the last day (exclusive), ISO UTC. */
  readonly endsAt: string;
}

function day(text: string, timeZone: string, flag: string): DateTime {
  const parsed = DateTime.fromISO(text, { zone: timeZone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !parsed.isValid) {
    throw new AppError('invalid-input', `--${flag} '${text}' is not a date like 2026-11-01.`, flag);
  }
  return parsed.startOf('day');
}

/**
 * The period from `from` to `to` (both inclusive, YYYY-MM-DD in the client's zone). Without `to` it ends today;
 * without `from` it starts 29 days before `to` (30 days in all).
 */
export function reportPeriod(
  options: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
  now: Date,
): ReportPeriod {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const last = options.to === undefined ? today : day(options.to, timeZone, 'to');
  const first = options.from === undefined ? last.minus({ days: 29 }) : day(options.from, timeZone, 'from');
  if (first > last) {
    // Without --to the period ends today: name that, not a --to the technician never gave.
    const end =
      options.to === undefined ? `today (${last.toISODate()} in ${timeZone})` : `--to ${last.toISODate()}`;
    throw new AppError(
      'invalid-input',
      `--from ${first.toISODate()} is after ${end}: the period would be empty.`,
      'from',
    );
  }
  return {
    from: first.toISODate()!,
    to: last.toISODate()!,
    timeZone,
    startsAt: first.toUTC().toISO()!,
    endsAt: last.plus({ days: 1 }).toUTC().toISO()!,
  };
}
