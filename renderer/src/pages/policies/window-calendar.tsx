import type { WindowOccurrenceView } from '../../../../shared/domain/policies';
import { PREVIEW_DAYS } from '../../stores/policies-store';

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function dayKey(instant: Date, zone: string): string {
  // en-CA writes YYYY-MM-DD, which sorts and compares as text.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

function clock(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

function dayLabel(key: string): { weekday: string; date: string } {
  const noon = new Date(`${key}T12:00:00Z`);
  return {
    weekday: new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' }).format(noon),
    date: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      noon,
    ),
  };
}

/**
 * Four weeks of a policy's maintenance windows, laid out by the day they start in the client's zone, each with
 * its hours there and in the technician's own zone (they differ across zones and around DST changes).
 */
export function WindowCalendar({
  occurrences,
  zone,
  from,
}: {
  readonly occurrences: readonly WindowOccurrenceView[];
  readonly zone: string;
  readonly from: Date;
}) {
  const byDay = new Map<string, WindowOccurrenceView[]>();
  for (const occurrence of occurrences) {
    const key = dayKey(new Date(occurrence.start), zone);
    byDay.set(key, [...(byDay.get(key) ?? []), occurrence]);
  }
  // The preview spans 28 days of instants; in a zone ahead of the technician's the last one can start on a 29th
  // calendar day there, so the grid runs until every occurrence has its day (whole weeks, for the layout).
  const lastKey = [...byDay.keys()].sort().at(-1) ?? '';
  // Calendar days follow each other whatever the zone's DST does, so they are counted on the date itself.
  const first = new Date(`${dayKey(from, zone)}T12:00:00Z`).getTime();
  const days: string[] = [];
  while (days.length < PREVIEW_DAYS || (days.at(-1) ?? '') < lastKey || days.length % 7 !== 0) {
    days.push(new Date(first + days.length * 86_400_000).toISOString().slice(0, 10));
  }

  const sameZone = zone === localZone;
  return (
    <div className="calendar" role="grid" aria-label={`Maintenance windows, next ${PREVIEW_DAYS} days`}>
      {days.map((key) => {
        const { weekday, date } = dayLabel(key);
        const windows = byDay.get(key) ?? [];
        return (
          <div
            key={key}
            role="gridcell"
            className={windows.length > 0 ? 'calendar__day calendar__day--busy' : 'calendar__day'}
            aria-label={`${weekday} ${date}`}
          >
            <div className="calendar__date">
              <span>{weekday}</span> {date}
            </div>
            {windows.map((occurrence) => {
              const start = new Date(occurrence.start);
              const end = new Date(occurrence.end);
              return (
                <div key={occurrence.key} className="calendar__window" title={occurrence.window}>
                  <span className="calendar__client-time">
                    {clock(start, zone)}–{clock(end, zone)}
                  </span>
                  {sameZone ? null : (
                    <span className="calendar__local-time">
                      you: {clock(start, localZone)}–{clock(end, localZone)}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
