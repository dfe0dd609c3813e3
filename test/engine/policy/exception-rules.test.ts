import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExceptionTarget } from '../../../shared/domain/policies';
import { planDevice, prepareUpdates } from '../../../electron/engine/policy/device-plan';
import {
  exceptionHolds,
  indexExceptions,
  type ExceptionFacts,
} from '../../../electron/engine/policy/exception-rules';
import { device, instantMs, packageName, tag, update } from './rule-arbitraries';

const target: fc.Arbitrary<ExceptionTarget> = fc.oneof(
  fc.record({ kind: fc.constant('device' as const), deviceId: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('tag' as const), tag }),
  fc.record({ kind: fc.constant('client' as const), clientId: fc.integer({ min: 1, max: 3 }) }),
);

const exception: fc.Arbitrary<ExceptionFacts> = fc.record({
  package: packageName,
  target,
  expiresAt: instantMs.map((ms) => new Date(ms).toISOString()),
});

describe('exception rules', () => {
  it('holds exactly when unexpired, naming the package or a KB of it, on the device, its tag or its client', () => {
    fc.assert(
      fc.property(exception, device, update, instantMs, (held, on, missing, now) => {
        const names = [missing.name, ...missing.advisoryIds].map((name) => name.toLowerCase());
        const targetMatches =
          held.target.kind === 'device'
            ? held.target.deviceId === on.id
            : held.target.kind === 'client'
              ? held.target.clientId === on.clientId
              : on.tags.map((t) => t.toLowerCase()).includes(held.target.tag.toLowerCase());
        const expected =
          Date.parse(held.expiresAt) > now && names.includes(held.package.toLowerCase()) && targetMatches;
        expect(exceptionHolds(held, on, missing, new Date(now))).toBe(expected);
      }),
    );
  });

  it('an exception that holds now also held at every earlier instant (expiry only ever releases)', () => {
    fc.assert(
      fc.property(
        exception,
        device,
        update,
        instantMs,
        fc.integer({ min: 0, max: 10 ** 10 }),
        (held, on, missing, now, back) => {
          if (!exceptionHolds(held, on, missing, new Date(now))) return;
          expect(exceptionHolds(held, on, missing, new Date(now - back))).toBe(true);
        },
      ),
    );
  });

  it('removes every held update from what a policy would deploy, and nothing else', () => {
    fc.assert(
      // Updates are first seen before now (the arbitraries stop at 2028), so approval never gets in the way.
      fc.property(
        fc.array(
          exception.map((e) => ({
            ...e,
            expiresAt: new Date(Date.parse(e.expiresAt) + 3 * 365 * 86_400_000).toISOString(),
          })),
          { maxLength: 4 },
        ),
        device,
        fc.array(update, { maxLength: 8 }),
        instantMs,
        (held, on, missing, expiryNow) => {
          const now = Math.max(expiryNow, Date.parse('2028-01-01T00:00:00Z'));
          const common = {
            policy: {
              content: {
                kind: 'all' as const,
                classifications: [],
                include: [],
                exclude: [],
                thirdParty: true,
              },
              approval: { mode: 'all' as const, deferDays: 0 },
            },
            ring: on.ring,
            gate: () => ({ open: true as const }),
            now: new Date(now),
          };
          const withExceptions = planDevice({
            ...common,
            updates: prepareUpdates(on, missing, new Map(), indexExceptions(held), new Date(now)),
          });
          const expected = missing
            .filter((candidate) => !held.some((rule) => exceptionHolds(rule, on, candidate, new Date(now))))
            .map((candidate) => candidate.name);
          expect(withExceptions.packages).toEqual(expected);
          expect(withExceptions.excepted).toBe(missing.length - expected.length);
        },
      ),
    );
  });
});
