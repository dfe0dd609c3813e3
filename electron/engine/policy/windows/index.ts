/**
 * Maintenance windows in IANA time zones, exact across daylight-saving changes (CLI.md, "Windows").
 *
 * A window is `"<days> <HH:MM>-<HH:MM>"` in the policy's zone; `days` names the day a window starts on.
 * Where CLI.md is silent, these are the rules, and the tests hold them:
 * - Every wall-clock time maps to the first instant at which the zone's clock shows that time or later. That one
 *   rule gives both CLI.md cases: a time skipped by a spring-forward gap counts from the first instant after the
 *   gap, and a time that happens twice on a fall-back night means its first occurrence. Ends follow it too.
 * - An end before the start runs into the next day; an end equal to the start is a full 24 h window (so
 *   `daily 00:00-00:00` is always open, each occurrence ending as the next begins).
 * - A window wholly inside a gap (`Sun 02:00-02:30` in New York on the spring-forward night) would shrink to
 *   nothing, which would skip it: instead it opens at the end of the gap and keeps its planned length, but never
 *   runs past the next day's start.
 * - Occurrences never overlap. Their real length follows the wall clock, so on a night the clocks change a window
 *   can be up to the size of the change shorter or longer than planned (New York's `Sat 22:00-02:00` is 5 h on
 *   the fall-back night: its 02:00 happens only once, in standard time).
 * - Each occurrence's key is `<local start date>@<zone as given>`: the scheduler records keys to run each one once.
 *   Store zones as `checkTimeZone` returns them, so keys stay stable.
 * - Day names match without regard to case; a day listed twice, `24:00`, and fixed offsets such as `+01:00` are
 *   refused with a sentence naming the problem.
 */
export { checkTimeZone, isValidTimeZone } from './time-zone';
export { wallClockToInstant } from './wall-clock';
export type { LocalDate } from './wall-clock';
export { formatWindowSpec, parseWindowSpec, weekdays } from './window-spec';
export type { MaintenanceWindowSpec, WallClockTime, Weekday } from './window-spec';
export { nextOccurrence, occurrencesBetween, openOccurrenceAt } from './occurrences';
export type { MaintenanceWindowOccurrence } from './occurrences';
