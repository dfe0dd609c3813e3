import { AppError } from '../../../../shared/errors';

const HOUR_MS = 3_600_000;
const SECOND_MS = 1_000;
/** A zone's offsets are remembered per UTC hour; past this many hours (over two years) its memory starts again. */
const MAX_REMEMBERED_HOURS = 20_000;

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
  /** Offsets at the start of each UTC hour asked about, shared by the hour before and the hour after. */
  readonly hourStarts: Map<number, number>;
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
  if (zone.trim() === '')
    return 'the time zone is empty: use an IANA name such as Europe/Berlin or America/New_York';
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
      hourStarts: new Map(),
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
    if (clock.hours.size >= MAX_REMEMBERED_HOURS) {
      clock.hours.clear();
      clock.hourStarts.clear();
    }
    offsets = learnHour(clock, hour);
    clock.hours.set(hour, offsets);
  }
  return instantMs < offsets.changeAt ? offsets.before : offsets.after;
}

function knownZoneClock(zone: string): ZoneClock {
  const problem = zoneProblem(zone);
  if (problem !== null) throw new AppError('invalid-input', problem, 'timezone');
  return zoneClock(zone);
}

function learnHour(clock: ZoneClock, hour: number): HourOffsets {
  const before = offsetAtHourStart(clock, hour);
  const after = offsetAtHourStart(clock, hour + 1);
  if (before === after) return { before, changeAt: Infinity, after };
  // The change happened in (start, start + 1 h]; tzdata changes clocks on whole seconds, so halve to one second.
  let low = hour * HOUR_MS;
  let high = low + HOUR_MS;
  while (high - low > SECOND_MS) {
    const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
    if (offsetFromIntl(clock.format, middle) === before) low = middle;
    else high = middle;
  }
  return { before, changeAt: high, after };
}

function offsetAtHourStart(clock: ZoneClock, hour: number): number {
  let offset = clock.hourStarts.get(hour);
  if (offset === undefined) {
    offset = offsetFromIntl(clock.format, hour * HOUR_MS);
    clock.hourStarts.set(hour, offset);
  }
  return offset;
}

/**
 * Reads the zone's wall clock at a whole second through `format` (about three times faster than formatToParts):
 * en-US with h23 writes `M/D/YYYY, HH:MM:SS`, six runs of digits in that order.
 */
function offsetFromIntl(format: Intl.DateTimeFormat, instantMs: number): number {
  const text = format.format(instantMs);
  const fields = [0, 0, 0, 0, 0, 0];
  let field = -1;
  let inDigits = false;
  for (let index = 0; index < text.length; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit >= 0 && digit <= 9) {
      if (!inDigits) field += 1;
      inDigits = true;
      if (field < 6) fields[field] = (fields[field] ?? 0) * 10 + digit;
    } else {
      inDigits = false;
    }
  }
  const [month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0] = fields;
  if (field !== 5) throw new Error(`unexpected wall-clock text from Intl: '${text}'`);
  const wholeSecondMs = instantMs - (((instantMs % SECOND_MS) + SECOND_MS) % SECOND_MS);
  return Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecondMs;
}
