import { AppError } from '../../shared/errors';
import { wallClockToInstant } from '../engine/policy/windows';
import { formatTable } from './table';

/** An instant as ISO 8601 with a zone designator: a bare local time would mean a different instant per machine. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;

/** The technician's own zone: this machine's (TZ overrides it), as the console's calendar uses it. */
export function technicianTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A flag's value as an ISO 8601 instant with a zone (`--at`, `--from`), refused with an example. */
export function instantOption(text: string, flag: string): Date {
  const trimmed = text.trim();
  const instant = new Date(trimmed);
  if (!ISO_INSTANT.test(trimmed) || Number.isNaN(instant.getTime()) || !calendarFieldsExist(trimmed))
    throw new AppError(
      'invalid-input',
      `--${flag} '${text}' is not an ISO 8601 instant: write it like 2026-11-21T22:30:00Z or 2026-11-21T23:30:00+01:00.`,
      flag,
    );
  return instant;
}

/**
 * A flag's value as a day (`2026-12-31`, read in the technician's zone) or an ISO 8601 instant. A day means its
 * first minute for a deferral ("until 1 Dec": released on 1 Dec) and its last for an expiry ("until 31 Dec": still
 * held on 31 Dec), as the console's date fields do.
 */
export function dayOrInstantOption(text: string, flag: string, edge: 'start' | 'end'): Date {
  const day = ISO_DATE.exec(text.trim());
  if (!day) {
    if (ISO_INSTANT.test(text.trim())) return instantOption(text, flag);
    throw new AppError(
      'invalid-input',
      `--${flag} '${text}' is not a date: write it like 2026-12-31 (a day in your time zone) or 2026-12-31T18:00:00+01:00.`,
      flag,
    );
  }
  const date = { year: Number(day[1]), month: Number(day[2]), day: Number(day[3]) };
  if (!calendarFieldsExist(`${text.trim()}T00:00`))
    throw new AppError('invalid-input', `--${flag} '${text}' is not a day on the calendar.`, flag);
  const zone = technicianTimeZone();
  return edge === 'start'
    ? wallClockToInstant(zone, date, { hour: 0, minute: 0 })
    : new Date(wallClockToInstant(zone, date, { hour: 23, minute: 59 }).getTime() + MINUTE_MS - 1000);
}

/** Refuse an instant that has already passed, naming the flag as the technician typed it. */
export function assertFuture(instant: Date, text: string, flag: string): void {
  if (instant.getTime() <= Date.now())
    throw new AppError('invalid-input', `--${flag} ${text} has already passed.`, flag);
}

/** JavaScript rolls 30 February over into March; a technician who typed it made a mistake. */
function calendarFieldsExist(text: string): boolean {
  const [year, month, day, hour, minute, second] = (text.match(/\d+/g) ?? []).map(Number);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined
  )
    return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    (second ?? 0) < 60
  );
}

/** An instant as CLI.md writes them: UTC, whole seconds. */
export function isoInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An instant as ISO 8601 in a zone's wall-clock time with its offset: `2026-11-28T22:00:00+01:00`. */
function isoInZone(instant: Date, zone: string): string {
  const parts = wallClockParts(instant, zone);
  const offsetMinutes = Math.round(
    (Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) -
      Math.floor(instant.getTime() / 1000) * 1000) /
      MINUTE_MS,
  );
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}${offset}`;
}

/** An instant as a technician reads it in a zone: `Sat 2026-11-28 22:00`. */
export function humanInZone(instant: Date, zone: string): string {
  const parts = wallClockParts(instant, zone);
  return `${parts.weekday} ${parts.year}-${pad(parts.month)}-${pad(parts.day)} ${pad(parts.hour)}:${pad(parts.minute)}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function wallClockParts(instant: Date, zone: string) {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  const parts = format.formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  return {
    weekday: field('weekday'),
    year: Number(field('year')),
    month: Number(field('month')),
    day: Number(field('day')),
    hour: Number(field('hour')),
    minute: Number(field('minute')),
    second: Number(field('second')),
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A window occurrence as the CLI shows it: instants, and wall-clock times in the policy's zone and the technician's. */
interface OccurrenceInZones {
  readonly window: string;
  readonly key: string;
  readonly start: string;
  readonly end: string;
  readonly policyZone: { readonly start: string; readonly end: string };
  readonly technicianZone: { readonly start: string; readonly end: string };
}

/** Both zones' wall-clock times of an occurrence, which differ across zones and around DST changes. */
export function occurrenceInZones(
  occurrence: { readonly window: string; readonly key: string; readonly start: string; readonly end: string },
  policyZone: string,
  technicianZone: string,
): OccurrenceInZones {
  const start = new Date(occurrence.start);
  const end = new Date(occurrence.end);
  return {
    window: occurrence.window,
    key: occurrence.key,
    start: isoInstant(start),
    end: isoInstant(end),
    policyZone: { start: isoInZone(start, policyZone), end: isoInZone(end, policyZone) },
    technicianZone: { start: isoInZone(start, technicianZone), end: isoInZone(end, technicianZone) },
  };
}

/** `Sat 2026-11-28 22:00 - Sun 02:00`: the end names its day only when it is not the start's. */
function humanRange(start: Date, end: Date, zone: string): string {
  const from = humanInZone(start, zone);
  const to = humanInZone(end, zone);
  const sameDay = from.slice(0, 14) === to.slice(0, 14);
  return `${from} - ${sameDay ? to.slice(15) : `${to.slice(0, 3)} ${to.slice(15)}`}`;
}

/** Occurrences as a table: each in the policy's zone and in the technician's, the one open now marked. */
export function occurrenceTable(
  occurrences: readonly OccurrenceInZones[],
  policyZone: string,
  technicianZone: string,
  now: Date,
): string {
  return formatTable(
    ['WINDOW', `POLICY ZONE (${policyZone})`, `YOUR ZONE (${technicianZone})`],
    occurrences.map((occurrence) => {
      const start = new Date(occurrence.start);
      const end = new Date(occurrence.end);
      const open = start <= now && now < end ? ' (open now)' : '';
      return [
        occurrence.window,
        humanRange(start, end, policyZone),
        `${humanRange(start, end, technicianZone)}${open}`,
      ];
    }),
  );
}
