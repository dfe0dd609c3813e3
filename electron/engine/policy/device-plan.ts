import type { Ring } from '../../../shared/domain/fleet';
import type { ApprovalDecision, Policy } from '../../../shared/domain/policies';
import { approvalState, decisionFor } from './approval-rules';
import { heldByException, type ExceptionFacts } from './exception-rules';
import { updateInContent } from './policy-content';
import type { GateDecision } from './ring-gate';
import type { DeviceFacts, UpdateFacts } from './update-facts';

/** What a policy would deploy on one device now, and why the rest waits. */
export interface DevicePlan {
  readonly packages: string[];
  /** Ring gates holding packages back, one sentence each. */
  readonly held: string[];
  readonly pending: number;
  readonly deferred: number;
  readonly excluded: number;
  readonly excepted: number;
}

/**
 * A device's missing update with what does not depend on the policy already answered: whether an exception holds
 * it and the technician's fleet-wide decision. The scheduler prepares a device's updates once for all policies.
 */
export interface PreparedUpdate {
  readonly update: UpdateFacts;
  readonly excepted: boolean;
  readonly decision: ApprovalDecision | undefined;
}

/** Answer the policy-independent questions for one device's updates (see PreparedUpdate). */
export function prepareUpdates(
  device: DeviceFacts,
  updates: readonly UpdateFacts[],
  decisions: ReadonlyMap<string, ApprovalDecision>,
  exceptions: ReadonlyMap<string, readonly ExceptionFacts[]>,
  now: Date,
): PreparedUpdate[] {
  return updates.map((update) => ({
    update,
    excepted: heldByException(exceptions, device, update, now),
    decision: decisionFor(decisions, update),
  }));
}

export interface PlanInputs {
  readonly policy: Pick<Policy, 'content' | 'approval'>;
  readonly ring: Ring;
  readonly updates: readonly PreparedUpdate[];
  /** The ring gate for a package on a ring; asked only for updates that passed every other rule. */
  readonly gate: (packageName: string, ring: Ring) => GateDecision;
  readonly now: Date;
}

/**
 * Apply a policy's rules to one device's missing updates, in the order a technician reasons: is it the policy's
 * content, is it held by an exception, is it approved, may it go to this device's ring yet.
 */
export function planDevice(inputs: PlanInputs): DevicePlan {
  const { policy, now } = inputs;
  const packages: string[] = [];
  const held: string[] = [];
  let pending = 0;
  let deferred = 0;
  let excluded = 0;
  let excepted = 0;
  for (const { update, excepted: isExcepted, decision } of inputs.updates) {
    if (!updateInContent(policy.content, update)) continue;
    if (isExcepted) {
      excepted += 1;
      continue;
    }
    const approval = approvalState(policy.approval, decision, update, now);
    if (approval.state === 'pending') pending += 1;
    else if (approval.state === 'deferred') deferred += 1;
    else if (approval.state === 'excluded') excluded += 1;
    else {
      const gate = inputs.gate(update.name, inputs.ring);
      if (gate.open) packages.push(update.name);
      else held.push(gate.reason);
    }
  }
  return { packages, held, pending, deferred, excluded, excepted };
}

/** One sentence on why a device has nothing to deploy, or null when it has. */
export function whyNothing(plan: DevicePlan): string | null {
  if (plan.packages.length > 0) return null;
  const first = plan.held[0];
  if (first !== undefined)
    return plan.held.length === 1 ? first : `${first} (and ${plan.held.length - 1} more held)`;
  const parts = [
    plan.pending > 0 ? `${plan.pending} waiting for approval` : null,
    plan.deferred > 0 ? `${plan.deferred} deferred` : null,
    plan.excluded > 0 ? `${plan.excluded} excluded` : null,
    plan.excepted > 0 ? `${plan.excepted} held by an exception` : null,
  ].filter((part) => part !== null);
  return parts.length === 0
    ? 'Nothing this policy covers is missing on the device.'
    : `Nothing to deploy: ${parts.join(', ')}.`;
}
