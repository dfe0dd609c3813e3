import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyContent, PolicyScope } from '../../../shared/domain/policies';
import { matchesPackagePattern } from '../../../electron/engine/policy/package-pattern';
import { updateInContent } from '../../../electron/engine/policy/policy-content';
import { deviceInScope } from '../../../electron/engine/policy/policy-scope';
import { device, update } from './rule-arbitraries';

const content = (overrides: Partial<PolicyContent>): PolicyContent => ({
  kind: 'all',
  classifications: [],
  include: [],
  exclude: [],
  thirdParty: true,
  ...overrides,
});

describe('package patterns', () => {
  it('reads * and ? as globs, everything else literally, without regard to case', () => {
    expect(matchesPackagePattern('openssl*', 'OpenSSL-libs')).toBe(true);
    expect(matchesPackagePattern('linux-image-?.*', 'linux-image-6.1')).toBe(true);
    expect(matchesPackagePattern('linux-image-?.*', 'linux-image-61')).toBe(false);
    expect(matchesPackagePattern('libc6', 'libc6-dev')).toBe(false);
    expect(matchesPackagePattern('g++', 'g++')).toBe(true);
    expect(matchesPackagePattern('g++', 'gg')).toBe(false);
    expect(matchesPackagePattern('KB50*', 'kb5034441')).toBe(true);
  });
});

describe('policy content', () => {
  it('security-only takes security updates, all takes all, classifications take the named ones', () => {
    fc.assert(
      fc.property(update, (missing) => {
        expect(updateInContent(content({ kind: 'security' }), missing)).toBe(missing.security);
        expect(updateInContent(content({ kind: 'all' }), missing)).toBe(true);
        expect(
          updateInContent(
            content({ kind: 'classifications', classifications: ['critical', 'driver'] }),
            missing,
          ),
        ).toBe(missing.classification === 'critical' || missing.classification === 'driver');
      }),
    );
  });

  it('every narrowing only removes: exclude, include and leaving out third-party apps never add an update', () => {
    fc.assert(
      fc.property(
        update,
        fc.constantFrom('security', 'all', 'classifications'),
        fc.array(fc.constantFrom('open*', 'curl', '*fox', 'KB*', 'lib?6'), { maxLength: 2 }),
        fc.array(fc.constantFrom('open*', 'curl', '*fox', 'KB*', 'lib?6'), { maxLength: 2 }),
        fc.boolean(),
        (missing, kind, include, exclude, thirdParty) => {
          const narrowed = content({ kind, classifications: ['bugfix'], include, exclude, thirdParty });
          const wide = content({ kind, classifications: ['bugfix'] });
          if (updateInContent(narrowed, missing)) {
            expect(updateInContent(wide, missing)).toBe(true);
            expect(exclude.some((pattern) => matchesPackagePattern(pattern, missing.name))).toBe(false);
            if (include.length > 0)
              expect(include.some((pattern) => matchesPackagePattern(pattern, missing.name))).toBe(true);
          }
        },
      ),
    );
  });

  it('leaves out winget, Chocolatey and Homebrew apps when third-party apps are off', () => {
    const firefox = {
      name: 'Mozilla.Firefox',
      availableVersion: '133.0',
      security: true,
      classification: 'application' as const,
      manager: 'winget' as const,
      advisoryIds: [],
      firstSeenAt: '2026-11-01T00:00:00Z',
    };
    expect(updateInContent(content({ thirdParty: false }), firefox)).toBe(false);
    expect(updateInContent(content({ thirdParty: true }), firefox)).toBe(true);
    expect(
      updateInContent(content({ thirdParty: false }), { ...firefox, name: 'KB5034441', manager: 'hotfix' }),
    ).toBe(true);
  });
});

describe('policy scope', () => {
  const scope = (overrides: Partial<PolicyScope>): PolicyScope => ({
    deviceIds: [],
    tags: [],
    platforms: [],
    rings: [],
    ...overrides,
  });

  it('an empty scope covers every device of the client and none of another', () => {
    fc.assert(
      fc.property(device, (on) => {
        expect(deviceInScope(2, scope({}), on)).toBe(on.clientId === 2);
      }),
    );
  });

  it('fields narrow together and values within a field widen', () => {
    fc.assert(
      fc.property(
        device,
        fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 3 }),
        fc.array(fc.constantFrom('web', 'DB'), { maxLength: 2 }),
        fc.array(fc.constantFrom('test' as const, 'broad' as const), { maxLength: 2 }),
        (on, deviceIds, tags, rings) => {
          const expected =
            on.clientId === 1 &&
            (deviceIds.length === 0 || deviceIds.includes(on.id)) &&
            (tags.length === 0 ||
              tags.some((t) => on.tags.some((own) => own.toLowerCase() === t.toLowerCase()))) &&
            (rings.length === 0 || (rings as string[]).includes(on.ring));
          expect(deviceInScope(1, scope({ deviceIds, tags, rings }), on)).toBe(expected);
        },
      ),
    );
  });
});
