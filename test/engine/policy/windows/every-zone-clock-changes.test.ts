import { describe, expect, it } from 'vitest';
import { wallClockToInstant } from '../../../../electron/engine/policy/windows/wall-clock';
import { clockChanges, minuteByMinute } from './luxon-oracle';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const QUARTER = 15 * MINUTE;

describe('every zone ICU knows, around each of its 2026 clock changes', () => {
  it('wallClockToInstant gives the first instant showing each quarter hour, minute for minute like luxon', () => {
    let checked = 0;
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      for (const change of clockChanges(zone, 2026)) {
        // Wall times from 2 h before to 2 h after the change are shown at instants within this table.
        const size = Math.abs(change.offsetAfterMs - change.offsetBeforeMs) + 3 * HOUR;
        const table = minuteByMinute(zone, change.atMs - size, change.atMs + size);
        const lowest = change.atMs + Math.min(change.offsetBeforeMs, change.offsetAfterMs) - 2 * HOUR;
        const highest = change.atMs + Math.max(change.offsetBeforeMs, change.offsetAfterMs) + 2 * HOUR;
        for (let wall = Math.ceil(lowest / QUARTER) * QUARTER; wall <= highest; wall += QUARTER) {
          const date = new Date(wall);
          const instant = wallClockToInstant(
            zone,
            { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
            { hour: date.getUTCHours(), minute: date.getUTCMinutes() },
          );
          expect(`${zone} ${date.toISOString()} ${instant.toISOString()}`).toBe(
            `${zone} ${date.toISOString()} ${new Date(table.firstShowing(wall)).toISOString()}`,
          );
          checked += 1;
        }
      }
    }
    // About 130 zones change their clocks twice in 2026; a much smaller count means the sweep lost its zones.
    expect(checked).toBeGreaterThan(4_000);
  }, 120_000);
});
