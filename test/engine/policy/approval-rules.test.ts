import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApprovalDecision, PolicyApproval } from '../../../shared/domain/policies';
import { approvalState, decisionFor, indexDecisions } from '../../../electron/engine/policy/approval-rules';
import { instantMs, packageName, update } from './rule-arbitraries';

const DAY = 86_400_000;

const approval: fc.Arbitrary<PolicyApproval> = fc.record({
  mode: fc.constantFrom('manual', 'security', 'all'),
  deferDays: fc.integer({ min: 0, max: 30 }),
});

const decision = (kind: ApprovalDecision['decision'], until: string | null = null): ApprovalDecision => ({
  package: 'openssl',
  decision: kind,
  until,
  note: '',
  decidedAt: '2026-01-01T00:00:00.000Z',
  actor: 'tech',
});

describe('approval rules', () => {
  it('an exclusion always wins and an approval always approves, whatever the policy and the day', () => {
    fc.assert(
      fc.property(approval, update, instantMs, (policy, missing, now) => {
        expect(approvalState(policy, decision('exclude'), missing, new Date(now))).toEqual({
          state: 'excluded',
        });
        expect(approvalState(policy, decision('approve'), missing, new Date(now))).toEqual({
          state: 'approved',
        });
      }),
    );
  });

  it('a deferral holds until its date and then leaves the policy to decide as if there were none', () => {
    fc.assert(
      fc.property(
        approval,
        update,
        instantMs,
        fc.integer({ min: -100 * DAY, max: 100 * DAY }),
        (policy, missing, now, offset) => {
          const until = new Date(now + offset).toISOString();
          const state = approvalState(policy, decision('defer', until), missing, new Date(now));
          if (offset > 0) expect(state).toEqual({ state: 'deferred', until });
          else expect(state).toEqual(approvalState(policy, undefined, missing, new Date(now)));
        },
      ),
    );
  });

  it('without a decision: manual waits, security approves only security updates, all approves all, after the defer days', () => {
    fc.assert(
      fc.property(approval, update, instantMs, (policy, missing, now) => {
        const state = approvalState(policy, undefined, missing, new Date(now));
        const automatic = policy.mode === 'all' || (policy.mode === 'security' && missing.security);
        const releasedAt = Date.parse(missing.firstSeenAt) + policy.deferDays * DAY;
        const expected = !automatic
          ? { state: 'pending' }
          : now >= releasedAt
            ? { state: 'approved' }
            : { state: 'deferred', until: new Date(releasedAt).toISOString() };
        expect(state).toEqual(expected);
      }),
    );
  });

  it('once approved automatically, an update stays approved as time goes on', () => {
    fc.assert(
      fc.property(
        approval,
        update,
        instantMs,
        fc.integer({ min: 0, max: 400 * DAY }),
        (policy, missing, now, later) => {
          if (approvalState(policy, undefined, missing, new Date(now)).state !== 'approved') return;
          expect(approvalState(policy, undefined, missing, new Date(now + later)).state).toBe('approved');
        },
      ),
    );
  });

  it('finds a decision by package name or by KB, without regard to case', () => {
    fc.assert(
      fc.property(update, packageName, (missing, decided) => {
        const found = decisionFor(indexDecisions([{ ...decision('exclude'), package: decided }]), missing);
        const names = [missing.name, ...missing.advisoryIds].map((name) => name.toLowerCase());
        expect(found !== undefined).toBe(names.includes(decided.toLowerCase()));
      }),
    );
  });

  it('defers a security update in security mode for its defer days after first seen', () => {
    const missing = {
      name: 'openssl',
      availableVersion: '3.0.22-1~deb12u2',
      security: true,
      classification: 'security' as const,
      manager: 'dpkg' as const,
      advisoryIds: [],
      firstSeenAt: '2026-11-20T09:00:00.000Z',
    };
    const policy = { mode: 'security' as const, deferDays: 3 };
    expect(approvalState(policy, undefined, missing, new Date('2026-11-22T09:00:00Z'))).toEqual({
      state: 'deferred',
      until: '2026-11-23T09:00:00.000Z',
    });
    expect(approvalState(policy, undefined, missing, new Date('2026-11-23T09:00:00Z'))).toEqual({
      state: 'approved',
    });
  });
});
