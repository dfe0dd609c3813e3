import { assertNever } from '../../../shared/errors';
import type { ApprovalDecision, PolicyApproval } from '../../../shared/domain/policies';
import type { UpdateFacts } from './update-facts';

const DAY_MS = 86_400_000;

/** Where an update stands for a policy: deployable, waiting for the technician, held until a date, or never. */
export type ApprovalState =
  | { readonly state: 'approved' }
  | { readonly state: 'pending' }
  | { readonly state: 'deferred'; readonly until: string }
  | { readonly state: 'excluded' };

/**
 * Decide whether a policy may deploy an update. The technician's fleet-wide decision comes first (exclude always,
 * a deferral until its date, an approval at once, even inside the policy's defer days); without one the policy's
 * mode decides (`all`, `security` for security updates, else the manual queue), and automatic approval waits
 * `deferDays` after the update was first seen. A deferral that has passed no longer counts.
 */
export function approvalState(
  approval: PolicyApproval,
  decision: ApprovalDecision | undefined,
  update: UpdateFacts,
  now: Date,
): ApprovalState {
  if (decision) {
    switch (decision.decision) {
      case 'exclude':
        return EXCLUDED;
      case 'approve':
        return APPROVED;
      case 'defer':
        if (decision.until !== null && Date.parse(decision.until) > now.getTime())
          return { state: 'deferred', until: new Date(Date.parse(decision.until)).toISOString() };
        break;
      default:
        return assertNever(decision.decision, 'approval decision');
    }
  }
  const automatic = approval.mode === 'all' || (approval.mode === 'security' && update.security);
  if (!automatic) return PENDING;
  const releasedAt = parseFirstSeen(update.firstSeenAt) + approval.deferDays * DAY_MS;
  if (Number.isFinite(releasedAt) && releasedAt > now.getTime()) return deferredUntil(releasedAt);
  return APPROVED;
}

// The scheduler asks this for every update of every device of every open policy: answers are shared, not built.
const APPROVED: ApprovalState = Object.freeze({ state: 'approved' });
const PENDING: ApprovalState = Object.freeze({ state: 'pending' });
const EXCLUDED: ApprovalState = Object.freeze({ state: 'excluded' });
let lastDeferral: { ms: number; state: ApprovalState } = { ms: Number.NaN, state: PENDING };

function deferredUntil(ms: number): ApprovalState {
  if (ms !== lastDeferral.ms)
    lastDeferral = { ms, state: Object.freeze({ state: 'deferred', until: new Date(ms).toISOString() }) };
  return lastDeferral.state;
}

let lastFirstSeen = { text: '', ms: Number.NaN };

/** Date.parse, remembering the last answer: a scan stamps all its updates alike, and the scheduler asks often. */
function parseFirstSeen(text: string): number {
  if (text !== lastFirstSeen.text) lastFirstSeen = { text, ms: Date.parse(text) };
  return lastFirstSeen.ms;
}

/** The fleet-wide decision for an update: by package name, or by one of its advisory ids (a KB). */
export function decisionFor(
  decisions: ReadonlyMap<string, ApprovalDecision>,
  update: UpdateFacts,
): ApprovalDecision | undefined {
  const byName = decisions.get(update.name.toLowerCase());
  if (byName) return byName;
  for (const id of update.advisoryIds) {
    const byAdvisory = decisions.get(id.toLowerCase());
    if (byAdvisory) return byAdvisory;
  }
  return undefined;
}

/** Index decisions by lower-cased package or KB, as decisionFor looks them up. */
export function indexDecisions(decisions: readonly ApprovalDecision[]): Map<string, ApprovalDecision> {
  return new Map(decisions.map((decision) => [decision.package.toLowerCase(), decision]));
}
