import { describe, expect, it } from 'vitest';
import { compareSemver, isValidSemver, parseSemver } from '../../../../electron/engine/vuln/versions/semver';
import { disagreements, readFixture } from './oracle-support';

// semver.org, section 11: each version has lower precedence than the next.
const semverOrgOrder = [
  '1.0.0-alpha',
  '1.0.0-alpha.1',
  '1.0.0-alpha.beta',
  '1.0.0-beta',
  '1.0.0-beta.2',
  '1.0.0-beta.11',
  '1.0.0-rc.1',
  '1.0.0',
  '2.0.0',
  '2.1.0',
  '2.1.1',
];

describe('compareSemver', () => {
  it('follows the precedence examples of semver.org in both directions', () => {
    const wrong: string[] = [];
    semverOrgOrder.forEach((lower, i) =>
      semverOrgOrder.slice(i + 1).forEach((higher) => {
        if (compareSemver(lower, higher) !== -1 || compareSemver(higher, lower) !== 1)
          wrong.push(`${lower} < ${higher}`);
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('ignores build metadata and compares numbers at any length', () => {
    expect(compareSemver('1.0.0+20130313144700', '1.0.0')).toBe(0);
    expect(compareSemver('1.0.0-beta+exp.sha.5114f85', '1.0.0-beta')).toBe(0);
    expect(compareSemver('1.0.0-alpha+001', '1.0.0-alpha.1')).toBe(-1);
    expect(compareSemver('99999999999999999999.0.0', '100000000000000000000.0.0')).toBe(-1);
    expect(compareSemver('1.0.0-rc.9', '1.0.0-rc.10')).toBe(-1);
    expect(compareSemver('1.0.0-rc.10', '1.0.0-rc1')).toBe(-1);
  });

  it('agrees with node-semver on 3,000 recorded generated pairs', () => {
    const rows = readFixture('semver-pairs.tsv').map((line) => line.split('\t'));
    const pairs = rows.map(([a = '', b = '']): [string, string] => [a, b]);
    const expected = rows.map((row) => Number(row[2]));
    expect(pairs.length).toBe(3000);
    expect(disagreements(pairs, expected, compareSemver)).toEqual([]);
  });
});

describe('parseSemver', () => {
  it('splits numbers, pre-release and build identifiers', () => {
    expect(parseSemver('1.0.0-rc.1+build.5')).toEqual({
      ok: true,
      value: { major: 1, minor: 0, patch: 0, prerelease: ['rc', '1'], build: ['build', '5'] },
    });
  });

  it('accepts and rejects the same strings as node-semver in strict mode', () => {
    const rows = readFixture('semver-validity.tsv').map((line) => line.split('\t'));
    const differing = rows.filter(([text = '', verdict]) => isValidSemver(text) !== (verdict === 'valid'));
    expect(rows.length).toBeGreaterThan(30);
    expect(differing).toEqual([]);
  });

  it.each([
    ['', 'it is empty'],
    ['v1.2.3', 'the leading "v" is not part of a SemVer version'],
    ['1.2.3 ', 'it contains a space'],
    ['1.2', 'it must start with three numbers separated by dots (major.minor.patch)'],
    ['1.x.3', 'the minor number "x" is not a number'],
    ['01.2.3', 'the major number 01 has a leading zero'],
    ['9007199254740992.0.0', 'the major number 9007199254740992 is too big'],
    ['1.2.3-', 'the pre-release has an empty identifier'],
    ['1.2.3-rc.01', 'the numeric pre-release identifier 01 has a leading zero'],
    ['1.2.3-rc_1', 'the pre-release identifier "rc_1" has characters other than letters, digits and hyphens'],
    ['1.2.3+', 'the build metadata has an empty identifier'],
    ['1.2.3+a+b', 'the build identifier "a+b" has characters other than letters, digits and hyphens'],
  ])('rejects %j with a sentence naming the problem', (text, problem) => {
    expect(parseSemver(text)).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: `${JSON.stringify(text)} is not a valid SemVer version: ${problem}.`,
        field: 'version',
      },
    });
  });
});
