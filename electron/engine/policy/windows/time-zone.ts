import { AppError } from '../../../../shared/errors';

const HOUR_MS = 3_600_000;
const SECOND_MS = 1_000;
/** A zone's offsets are remembered per UTC hour; past this many hours a zone's memory starts again. */
const MAX_REMEMBERED_HOURS = 100_000;

/**
 * What we remember about one UTC hour of one zone: the offset at its start and, when the zone changes its
 * clocks within that hour, the instant of the change and the offset after it. tzdata never changes a zone's
 * offset twice within one hour, so one change per hour is all there is to remember.
 */
interface HourOffsets {
  readonly before: number;
  readonly changeAt: number;
  readonly after: number;
}

interface ZoneClock {
  /** Built once per zone: constructing an Intl.DateTimeFormat costs far more than using one. */
  readonly format: Intl.DateTimeFormat;
  readonly hours: Map<number, HourOffsets>;
}

const clocks = new Map<string, ZoneClock>();

/**
 * Whether `zone` names a time zone this machine's ICU knows (an IANA name such as `Europe/Berlin`, or one of
 * tzdata's links such as `US/Eastern`). Fixed offsets such as `+01:00` are not zones and are refused.
 */
export function isValidTimeZone(zone: string): boolean {
  return zoneProblem(zone) === null;
}

/**
 * Checks a time zone a technician typed and returns the spelling to store. Differences of letter case only are
 * corrected to the zone's canonical spelling (`europe/berlin` → `Europe/Berlin`), so the occurrence keys built
 * from the zone stay the same whichever way it was typed; any other accepted name is returned unchanged, because
 * ICU's canonical names change between releases (`Asia/Kolkata` is `Asia/Calcutta` to ICU) and keys must not.
 * @throws AppError `invalid-input` (field `timezone`) naming the problem.
 */
export function checkTimeZone(zone: string): string {
  const problem = zoneProblem(zone);
  if (problem !== null) throw new AppError('invalid-input', problem, 'timezone');
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return canonical.toLowerCase() === zone.toLowerCase() ? canonical : zone;
}

function zoneProblem(zone: string): string | null {
  if (zone.trim() === '') return 'the time zone is empty: use an IANA name such as Europe/Berlin or America/New_York';
  if (/^[+\-\d]/.test(zone)) {
    return `'${zone}' is a fixed offset, not a time zone: use an IANA name such as Europe/Berlin (Etc/GMT-1 is a fixed UTC+01:00)`;
  }
  try {
    zoneClock(zone);
    return null;
  } catch {
    return `unknown time zone '${zone}': use an IANA name such as Europe/Berlin or America/New_York`;
  }
}

function zoneClock(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    clock = {
      format: new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
      hours: new Map(),
    };
    clocks.set(zone, clock);
  }
  return clock;
}

/**
 * The zone's offset from UTC in milliseconds at `instantMs` (local wall clock = instant + offset).
 * Answers from memory after the first question about a UTC hour; asks Intl only for hours it has not seen.
 * @throws AppError `invalid-input` for an unknown zone.
 */
export function zoneOffsetAt(zone: string, instantMs: number): number {
  const clock = clocks.get(zone) ?? knownZoneClock(zone);
  const hour = Math.floor(instantMs / HOUR_MS);
  let offsets = clock.hours.get(hour);
  if (offsets === undefined) {
    offsets = learnHour(clock.format, hour * HOUR_MS);
    if (clock.hours.size >= MAX_REMEMBERED_HOURS) clock.hours.clear();
    clock.hours.set(hour, offsets);
  }
  return instantMs < offsets.changeAt ? offsets.before : offsets.after;
}

function knownZoneClock(zone: string): ZoneClock {
  const problem = zoneProblem(zone);
  if (problem !== null) throw new AppError('invalid-input', problem, 'timezone');
  return zoneClock(zone);
}

function learnHour(format: Intl.DateTimeFormat, hourStartMs: number): HourOffsets {
  const before = offsetFromIntl(format, hourStartMs);
  const after = offsetFromIntl(format, hourStartMs + HOUR_MS);
  if (before === after) return { before, changeAt: Infinity, after };
  // The change happened in (start, start + 1 h]; tzdata changes clocks on whole seconds, so halve to one second.
  let low = hourStartMs;
  let high = hourStartMs + HOUR_MS;
  while (high - low > SECOND_MS) {
    const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
    if (offsetFromIntl(format, middle) === before) low = middle;
    else high = middle;
  }
  return { before, changeAt: high, after };
}

function offsetFromIntl(format: Intl.DateTimeFormat, instantMs: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of format.formatToParts(instantMs)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  const wholeSecondMs = instantMs - (((instantMs % SECOND_MS) + SECOND_MS) % SECOND_MS);
  const wallClockMs = Date.UTC(year, month - 1, day, hour, minute, second);
  return wallClockMs - wholeSecondMs;
}
