import fc from 'fast-check';
import { describe, it } from 'vitest';
import { compareVersions, versionSchemes } from '../../../../electron/engine/vuln/versions';
import type { VersionScheme } from '../../../../electron/engine/vuln/versions';

const text = (alphabet: string, maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((chars) => chars.join(''));

/** Well-formed versions per scheme, built from the characters each scheme treats specially. */
const wellFormed: Record<VersionScheme, fc.Arbitrary<string>> = {
  dpkg: fc
    .tuple(
      fc.option(fc.nat(3)),
      fc.constantFrom('0', '1', '2', '10'),
      text('019az.+~', 6),
      fc.option(text('019a.+~', 3)),
    )
    .map(
      ([epoch, head, tail, revision]) =>
        `${epoch === null ? '' : `${epoch}:`}${head}${tail}${revision ? `-${revision}` : ''}`,
    ),
  rpm: fc
    .tuple(fc.option(fc.nat(3)), text('019az.~^_+', 7), fc.option(text('019az.~^_', 4)))
    .filter(([, version]) => version !== '')
    .map(
      ([epoch, version, release]) =>
        `${epoch === null ? '' : `${epoch}:`}${version}${release === null ? '' : `-${release}`}`,
    ),
  apk: fc
    .tuple(
      fc.array(fc.constantFrom('0', '1', '2', '01', '10'), { minLength: 1, maxLength: 4 }),
      fc.option(fc.constantFrom('a', 'b', 'z')),
      fc.array(
        fc.tuple(
          fc.constantFrom('alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'),
          fc.option(fc.nat(12)),
        ),
      ),
      fc.option(fc.constantFrom('0a1b', 'ff', '9')),
      fc.option(fc.nat(12)),
    )
    .map(
      ([numbers, letter, suffixes, hash, revision]) =>
        `${numbers.join('.')}${letter ?? ''}${suffixes.map(([name, n]) => `_${name}${n ?? ''}`).join('')}` +
        `${hash === null ? '' : `~${hash}`}${revision === null ? '' : `-r${revision}`}`,
    ),
  semver: fc
    .tuple(
      fc.nat(3),
      fc.nat(3),
      fc.nat(12),
      fc.array(fc.constantFrom('alpha', 'beta', '0', '1', '11', 'a-b', 'A'), { maxLength: 3 }),
    )
    .map(
      ([major, minor, patch, pre]) =>
        `${major}.${minor}.${patch}${pre.length > 0 ? `-${pre.join('.')}` : ''}`,
    ),
};

describe.each(versionSchemes)('%s comparison properties', (scheme) => {
  const compare = (a: string, b: string) => compareVersions(scheme, a, b);

  it('is reflexive and antisymmetric, even on garbage', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        (a, b) => compare(a, a) === 0 && compare(a, b) === (-compare(b, a) || 0),
      ),
      { numRuns: 2000 },
    );
  });

  it('sorts well-formed versions consistently (transitive)', () => {
    fc.assert(
      fc.property(fc.array(wellFormed[scheme], { minLength: 3, maxLength: 12 }), (versions) => {
        const sorted = [...versions].sort(compare);
        return sorted.every((lower, i) => sorted.slice(i + 1).every((higher) => compare(lower, higher) <= 0));
      }),
      { numRuns: 500 },
    );
  });
});
