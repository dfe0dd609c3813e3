import { DateTime } from 'luxon';

/** The SLA colours as printed: readable on white and distinguishable when printed in grey. */
const slaHex: Readonly<Record<string, string>> = { red: '#cf222e', yellow: '#bf8700', green: '#1a7f37' };

export function colourHex(colour: string | null): string {
  return (colour !== null && slaHex[colour]) || '#6e7781';
}

/** "1 Nov 2026" for a YYYY-MM-DD day. */
export function formatDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).toFormat('d LLL yyyy');
}

/** Formatted instants by zone and text: a report prints the same scan and due times thousands of times. */
const instants = new Map<string, string>();

/** "1 Nov 2026 14:05" in the client's zone, for an ISO instant. */
export function formatInstant(iso: string, timeZone: string): string {
  const key = `${timeZone} ${iso}`;
  let text = instants.get(key);
  if (text === undefined) {
    const parsed = DateTime.fromISO(iso, { zone: 'UTC' }).setZone(timeZone);
    text = parsed.isValid ? parsed.toFormat('d LLL yyyy HH:mm') : iso;
    // Bounded: a long-running engine formats many reports.
    if (instants.size > 50_000) instants.clear();
    instants.set(key, text);
  }
  return text;
}

export function formatPercent(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(1)}%`;
}
