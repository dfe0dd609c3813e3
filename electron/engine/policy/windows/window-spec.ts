import { AppError } from '../../../../shared/errors';

/** Days of the week in the technician's spelling, Monday first (ISO order). */
export const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** A time of day on the wall clock, minute resolution. */
export interface WallClockTime {
  readonly hour: number;
  readonly minute: number;
}

/**
 * A maintenance window as a policy states it: `weekends 22:00-02:00`. `days` names the days a window STARTS on
 * (Monday first, no repeats); an `end` at or before `start` runs into the next day, and an `end` equal to
 * `start` is a full 24 h window.
 */
export interface MaintenanceWindowSpec {
  readonly days: readonly Weekday[];
  readonly start: WallClockTime;
  readonly end: WallClockTime;
}

const namedDayLists: Readonly<Record<string, readonly Weekday[]>> = {
  daily: weekdays,
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
  weekends: ['Sat', 'Sun'],
};

const example = "write it like 'weekends 22:00-02:00' (days, a space, start-end)";
const dayHelp = 'use daily, weekdays, weekends or Mon..Sun';

/**
 * Reads a maintenance window written as `"<days> <HH:MM>-<HH:MM>"` (see CLI.md). Day names are matched without
 * regard to case, spaces around `,` and `-` are allowed, and the hour may have one digit (`9:00`).
 * @throws AppError `invalid-input` (field `window`) with a sentence naming the problem.
 */
export function parseWindowSpec(text: string): MaintenanceWindowSpec {
  const tidy = text
    .trim()
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*-\s*/g, '-');
  if (tidy === '') fail(`the maintenance window is empty: ${example}`);
  const parts = tidy.split(/\s+/);
  const [daysText, timesText] = parts;
  if (parts.length !== 2 || daysText === undefined || timesText === undefined) {
    fail(`'${text.trim()}' is not a maintenance window: ${example}`);
  }
  const days = parseDays(daysText);
  const times = timesText.split('-');
  const [startText, endText] = times;
  if (times.length !== 2 || startText === undefined || endText === undefined) {
    fail(`'${timesText}' is not a time range: write start-end like 22:00-02:00`);
  }
  return { days, start: parseTime(startText), end: parseTime(endText) };
}

/**
 * Writes a window back in the form `parseWindowSpec` reads, choosing the shortest day wording
 * (`daily`, `weekdays`, `weekends`, else a Monday-first list), so `parseWindowSpec(formatWindowSpec(s))` equals `s`.
 */
export function formatWindowSpec(spec: MaintenanceWindowSpec): string {
  const ordered = weekdays.filter((day) => spec.days.includes(day));
  const named = Object.entries(namedDayLists).find(
    ([, list]) => list.length === ordered.length && list.every((day) => ordered.includes(day)),
  );
  const days = named === undefined ? ordered.join(',') : named[0];
  return `${days} ${formatTime(spec.start)}-${formatTime(spec.end)}`;
}

/** `HH:MM`, zero-padded. */
export function formatTime(time: WallClockTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** The window's planned length in minutes: from start to end on the wall clock, 24 h when they are equal. */
export function plannedMinutes(spec: MaintenanceWindowSpec): number {
  const minutes = toMinutes(spec.end) - toMinutes(spec.start);
  return minutes > 0 ? minutes : minutes + 24 * 60;
}

/** Minutes since midnight. */
export function toMinutes(time: WallClockTime): number {
  return time.hour * 60 + time.minute;
}

function parseDays(text: string): readonly Weekday[] {
  const named = namedDayLists[text.toLowerCase()];
  if (named !== undefined) return named;
  const chosen = new Set<Weekday>();
  for (const item of text.split(',')) {
    if (item === '') fail(`the day list '${text}' has an empty entry: ${dayHelp}`);
    if (namedDayLists[item.toLowerCase()] !== undefined) {
      fail(`'${item}' cannot be combined with other days: write '${item}' alone or list the days`);
    }
    const day = weekdays.find((candidate) => candidate.toLowerCase() === item.toLowerCase());
    if (day === undefined) fail(`unknown day '${item}': ${dayHelp}`);
    if (chosen.has(day)) fail(`day '${day}' is listed twice in '${text}'`);
    chosen.add(day);
  }
  return weekdays.filter((day) => chosen.has(day));
}

function parseTime(text: string): WallClockTime {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (match === null) fail(`'${text}' is not a time: write HH:MM like 22:00`);
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour === 24 && minute === 0) fail('hour 24 is not a time of day: write midnight as 00:00');
  if (hour > 23) fail(`hour ${hour} is not a time of day`);
  if (minute > 59) fail(`minute ${minute} is not a time of day`);
  return { hour, minute };
}

function fail(message: string): never {
  throw new AppError('invalid-input', message, 'window');
}
