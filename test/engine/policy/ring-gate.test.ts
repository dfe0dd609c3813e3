import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ring } from '../../../shared/domain/fleet';
import {
  failureThresholdExceeded,
  ringGate,
  type GateQuestion,
  type RingOutcome,
} from '../../../electron/engine/policy/ring-gate';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-22T12:00:00Z');

const outcome = (ring: Ring): fc.Arbitrary<RingOutcome> =>
  fc.record({
    deviceId: fc.integer({ min: 1, max: 50 }),
    ring: fc.constant(ring),
    status: fc.constantFrom(
      'succeeded',
      'succeeded',
      'succeeded',
      'failed',
      'running',
      'queued',
      'cancelled',
    ),
    finishedAt: fc.integer({ min: -72, max: 0 }).map((hours) => new Date(NOW + hours * HOUR).toISOString()),
  });

const question = fc.record({
  outcomes: fc.array(outcome('test'), { maxLength: 12 }),
  minSuccessPercent: fc.integer({ min: 0, max: 100 }),
  soakHours: fc.integer({ min: 0, max: 48 }),
  maxFailPercent: fc.integer({ min: 0, max: 100 }),
  laterHours: fc.integer({ min: 0, max: 100 }),
});

type Question = typeof question extends fc.Arbitrary<infer T> ? T : never;

const ask = (q: Question, ring: Ring, now = NOW): GateQuestion => ({
  packageName: 'openssl',
  ring,
  ringsInScope: new Set<Ring>(['test', 'pilot', 'broad']),
  gate: { minSuccessPercent: q.minSuccessPercent, soakHours: q.soakHours },
  maxFailPercent: q.maxFailPercent,
  outcomes: q.outcomes,
  now: new Date(now),
});

describe('ring gate', () => {
  it('opens the pilot ring exactly when the test ring finished, succeeded enough, failed little enough and soaked', () => {
    fc.assert(
      fc.property(question, (q) => {
        const finished = q.outcomes.filter((o) => o.status === 'succeeded' || o.status === 'failed');
        const busy = q.outcomes.some((o) => o.status === 'running' || o.status === 'queued');
        const succeeded = finished.filter((o) => o.status === 'succeeded').length;
        const failed = finished.length - succeeded;
        const lastEnd = Math.max(0, ...finished.map((o) => Date.parse(o.finishedAt ?? '')));
        // Integer comparisons: no rounding can make the model and the gate disagree.
        const expected =
          finished.length > 0 &&
          !busy &&
          succeeded * 100 >= q.minSuccessPercent * finished.length &&
          failed * 100 <= q.maxFailPercent * finished.length &&
          NOW >= lastEnd + q.soakHours * HOUR;
        const decision = ringGate(ask(q, 'pilot'));
        expect(decision.open).toBe(expected);
        if (!decision.open) expect(decision.reason).toMatch(/^openssl is held for the pilot ring: .+\.$/);
      }),
    );
  });

  it('the first ring is never held, and a ring without devices is passed over', () => {
    fc.assert(
      fc.property(question, (q) => {
        expect(ringGate(ask(q, 'test')).open).toBe(true);
        const noTestRing = { ...ask(q, 'pilot'), ringsInScope: new Set<Ring>(['pilot', 'broad']) };
        expect(ringGate(noTestRing).open).toBe(true);
        // Broad without pilot devices is gated on the test ring exactly as pilot would be.
        const broadAfterTest = { ...ask(q, 'broad'), ringsInScope: new Set<Ring>(['test', 'broad']) };
        expect(ringGate(broadAfterTest).open).toBe(ringGate(ask(q, 'pilot')).open);
      }),
    );
  });

  it('a gate that opened stays open as time passes (soak only ever ends)', () => {
    fc.assert(
      fc.property(question, (q) => {
        if (!ringGate(ask(q, 'pilot')).open) return;
        expect(ringGate(ask(q, 'pilot', NOW + q.laterHours * HOUR)).open).toBe(true);
      }),
    );
  });

  it('broad waits for the pilot ring, not the test ring', () => {
    const succeeded = (ring: Ring, hoursAgo: number): RingOutcome => ({
      deviceId: 1,
      ring,
      status: 'succeeded',
      finishedAt: new Date(NOW - hoursAgo * HOUR).toISOString(),
    });
    const base = {
      packageName: 'openssl',
      ring: 'broad' as const,
      ringsInScope: new Set<Ring>(['test', 'pilot', 'broad']),
      gate: { minSuccessPercent: 90, soakHours: 24 },
      maxFailPercent: 10,
      now: new Date(NOW),
    };
    expect(ringGate({ ...base, outcomes: [succeeded('test', 100)] })).toEqual({
      open: false,
      reason: 'openssl is held for the broad ring: no device of the pilot ring has installed it yet.',
    });
    expect(ringGate({ ...base, outcomes: [succeeded('test', 100), succeeded('pilot', 2)] })).toEqual({
      open: false,
      reason:
        'openssl is held for the broad ring: it soaks in the pilot ring until 2026-11-23T10:00:00.000Z (24 h after its last install there).',
    });
    expect(ringGate({ ...base, outcomes: [succeeded('pilot', 30)] }).open).toBe(true);
    const failedPilot: RingOutcome = { ...succeeded('pilot', 30), deviceId: 2, status: 'failed' };
    expect(ringGate({ ...base, outcomes: [succeeded('pilot', 30), failedPilot] })).toEqual({
      open: false,
      reason:
        'openssl is held for the broad ring: 1 of 2 device(s) of the pilot ring failed or were rolled back, more than the 10% the policy allows.',
    });
  });
});

describe('failure threshold', () => {
  it('matches "more than max% of the finished devices failed", exactly, and never fires before anything finished', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.integer({ min: 0, max: 100 }), (failed, succeeded, max) => {
        const finished = failed + succeeded;
        expect(failureThresholdExceeded(failed, finished, max)).toBe(
          finished > 0 && failed / finished > max / 100,
        );
        expect(failureThresholdExceeded(failed, finished, 100)).toBe(false);
      }),
    );
  });

  it('simulated rollouts stop at the first device whose failure tips the share over the threshold, never earlier', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 100 }),
        (results, max) => {
          // Replay devices one by one as a rollout would, stopping once the threshold is exceeded.
          let failed = 0;
          let stoppedAfter: number | null = null;
          results.forEach((ok, index) => {
            if (stoppedAfter !== null) return;
            if (!ok) failed += 1;
            if (failureThresholdExceeded(failed, index + 1, max)) stoppedAfter = index + 1;
          });
          if (stoppedAfter === null) {
            expect(failed * 100).toBeLessThanOrEqual(max * results.length);
          } else {
            const stop: number = stoppedAfter;
            // The device that tipped it failed, and every earlier prefix was within the threshold.
            expect(results[stop - 1]).toBe(false);
            for (let n = 1; n < stop; n += 1) {
              const f = results.slice(0, n).filter((ok) => !ok).length;
              expect(f * 100).toBeLessThanOrEqual(max * n);
            }
          }
        },
      ),
    );
  });
});
