import type { Ring } from '../../../shared/domain/fleet';
import { rings } from '../../../shared/domain/fleet';
import type { RolloutGate } from '../../../shared/domain/policies';

const HOUR_MS = 3_600_000;

/** One device's result for a package in an earlier ring (from the deploy engine's journal). */
export interface RingOutcome {
  readonly deviceId: number;
  readonly ring: Ring;
  readonly status: 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'queued' | 'running';
  /** When the device's job step ended; null while it runs. */
  readonly finishedAt: string | null;
}

export type GateDecision = { readonly open: true } | { readonly open: false; readonly reason: string };

export interface GateQuestion {
  /** The package (or KB) being promoted, for the sentence. */
  readonly packageName: string;
  readonly ring: Ring;
  /** The rings that have devices in the policy's scope; a ring without devices is passed over. */
  readonly ringsInScope: ReadonlySet<Ring>;
  readonly gate: RolloutGate;
  readonly maxFailPercent: number;
  readonly outcomes: readonly RingOutcome[];
  readonly now: Date;
}

/**
 * Whether a package may go to `ring` (test → pilot → broad). The nearest earlier ring that has devices in scope
 * must have finished it on at least one device, with no device still running it, reached the minimum success rate,
 * stayed under the failure threshold, and soaked for the gate's hours since its last device finished. The first
 * ring in scope is always open. A held gate says why in one sentence.
 */
export function ringGate(question: GateQuestion): GateDecision {
  const { packageName, ring, gate, now } = question;
  const previous = rings
    .slice(0, rings.indexOf(ring))
    .filter((earlier) => question.ringsInScope.has(earlier))
    .at(-1);
  if (previous === undefined) return { open: true };
  const outcomes = question.outcomes.filter((outcome) => outcome.ring === previous);
  const finished = outcomes.filter(
    (outcome) => outcome.status === 'succeeded' || outcome.status === 'failed',
  );
  const held = (why: string): GateDecision => ({
    open: false,
    reason: `${packageName} is held for the ${ring} ring: ${why}.`,
  });
  if (finished.length === 0) return held(`no device of the ${previous} ring has installed it yet`);
  const unfinished = outcomes.filter(
    (outcome) => outcome.status === 'queued' || outcome.status === 'running',
  );
  if (unfinished.length > 0)
    return held(`${unfinished.length} device(s) of the ${previous} ring are still installing it`);
  const succeeded = finished.filter((outcome) => outcome.status === 'succeeded').length;
  const successPercent = (succeeded / finished.length) * 100;
  if (failureThresholdExceeded(finished.length - succeeded, finished.length, question.maxFailPercent)) {
    return held(
      `${finished.length - succeeded} of ${finished.length} device(s) of the ${previous} ring failed or were rolled back, more than the ${question.maxFailPercent}% the policy allows`,
    );
  }
  if (successPercent < gate.minSuccessPercent) {
    return held(
      `only ${succeeded} of ${finished.length} device(s) of the ${previous} ring (${formatPercent(successPercent)}) installed it, below the ${gate.minSuccessPercent}% the policy requires`,
    );
  }
  const lastFinished = Math.max(...finished.map((outcome) => Date.parse(outcome.finishedAt ?? '') || 0));
  const soakedAt = lastFinished + gate.soakHours * HOUR_MS;
  if (soakedAt > now.getTime()) {
    return held(
      `it soaks in the ${previous} ring until ${new Date(soakedAt).toISOString()} (${gate.soakHours} h after its last install there)`,
    );
  }
  return { open: true };
}

/**
 * The rollout's stop rule: more than `maxFailPercent` of the finished devices failed. With no finished device
 * nothing has failed yet; 100 means never stop.
 */
export function failureThresholdExceeded(failed: number, finished: number, maxFailPercent: number): boolean {
  if (finished === 0) return false;
  return failed * 100 > maxFailPercent * finished;
}

function formatPercent(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}
