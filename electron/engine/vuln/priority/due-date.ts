import type { SlaColour, SlaDays } from '../../../../shared/domain/fleet';

const dayMs = 86_400_000;

/**
 * When a missing update of this colour is due: the client's SLA days for the colour after it was first seen,
 * as an ISO instant without milliseconds ("2026-11-24T09:00:00Z").
 */
export function dueAt(firstSeenAt: string, colour: SlaColour, slaDays: SlaDays): string {
  const seen = Date.parse(firstSeenAt);
  if (Number.isNaN(seen)) throw new Error(`first_seen_at is not an instant: ${firstSeenAt}`);
  return new Date(seen + slaDays[colour] * dayMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whether a due instant has passed. */
export function isOverdue(due: string, now: Date): boolean {
  return now.getTime() > Date.parse(due);
}
