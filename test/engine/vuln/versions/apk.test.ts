import { describe, expect, it } from 'vitest';
import { compareApk, isValidApk, parseApk } from '../../../../electron/engine/vuln/versions/apk';
import { readFixture } from './oracle-support';

const verdicts = { '<': -1, '=': 0, '>': 1 } as const;

/** apk-tools' own vectors: "a OP b" per line. */
const vectors = readFixture('apk-tools-version.data').map((line) => {
  const [a = '', op = '', b = ''] = line.trim().split(/\s+/);
  if (!(op in verdicts)) throw new Error(`Unreadable line in apk-tools-version.data: ${line}`);
  return { a, b, expected: verdicts[op as keyof typeof verdicts] };
});

/**
 * Real Alpine package versions (aports, 3.17 to 3.21), each chain in ascending order as apk upgrades them.
 * Covers revisions, `_git`/`_p`/`_rc` suffixes, a letter after a number and a `~hash`.
 */
const ascendingChains = [
  ['1.36.1-r5', '1.36.1-r15', '1.36.1-r29', '1.37.0-r0'],
  ['3.1.4-r5', '3.1.7-r1', '3.3.2-r0', '3.3.2-r1'],
  ['1.2.3-r4', '1.2.4-r2', '1.2.4_git20230717-r4', '1.2.5-r0'],
  ['9.3_p2-r1', '9.6_p1-r0', '9.7_p1-r4', '9.9_p1-r2'],
  ['8.5.0-r0', '8.9.1-r1', '8.11.1-r0'],
  ['13.2.1_git20231014-r0', '13.2.1_git20240309-r0', '14.2.0-r4'],
  ['6.6.7-r0', '6.6.58-r0', '6.12.9-r0'],
  ['2023c-r1', '2024a-r0', '2024b-r0'],
  ['3.11.8-r0', '3.11.10-r1', '3.12.8-r1'],
  [
    '2.0_alpha1',
    '2.0_beta1',
    '2.0_pre1',
    '2.0_rc1',
    '2.0',
    '2.0_cvs',
    '2.0_svn',
    '2.0_git',
    '2.0_hg',
    '2.0_p1',
    '2.0.1',
  ],
  ['1.0_rc1-r0', '1.0_rc2-r0', '1.0-r0', '1.0_p1-r0', '1.0.1-r0'],
  ['0.9.8c-r1', '0.9.8d', '0.9.8d-r1'],
  ['1.0-r0', '1.0~0a1b2c-r0', '1.0~0a1b2c-r1'],
  ['1.0', '1.01', '1.010', '1.02', '1.1'],
];

describe('compareApk against apk-tools test vectors', () => {
  it('gives every verdict of test/version.data, in both directions', () => {
    expect(vectors.length).toBeGreaterThan(700);
    const wrong = vectors.flatMap(({ a, b, expected }) => {
      const forward = compareApk(a, b);
      const backward = compareApk(b, a);
      return forward === expected && backward === -expected
        ? []
        : [`${a} vs ${b}: apk ${expected}, ours ${forward}/${-backward}`];
    });
    expect(wrong).toEqual([]);
  });

  it('orders real Alpine version chains as apk upgrades them', () => {
    const wrong: string[] = [];
    for (const chain of ascendingChains) {
      chain.forEach((older, i) =>
        chain.slice(i + 1).forEach((newer) => {
          if (compareApk(older, newer) !== -1 || compareApk(newer, older) !== 1)
            wrong.push(`${older} < ${newer}`);
        }),
      );
      for (const version of chain)
        if (compareApk(version, version) !== 0) wrong.push(`${version} = ${version}`);
    }
    expect(wrong).toEqual([]);
  });

  it('compares numbers past 32 bits by value and components with a leading zero as text', () => {
    expect(compareApk('1.0_pre20191002222144', '1.0_pre20210530193627')).toBe(-1);
    expect(compareApk('99999999999999999999', '100000000000000000000')).toBe(-1);
    expect(compareApk('1.02', '1.1')).toBe(-1);
    expect(compareApk('1.0', '1.00')).toBe(-1);
    expect(compareApk('006', '6')).toBe(0);
  });
});

describe('parseApk', () => {
  it('accepts every well-formed version of the vectors and splits off the revision', () => {
    const versions = new Set(vectors.flatMap(({ a, b }) => [a, b]));
    // The two the file itself marks as invalid: an unknown suffix and two letters.
    expect([...versions].filter((version) => !isValidApk(version)).sort()).toEqual(['1.0bc', '23_foo']);
    expect(parseApk('1.2.4_git20230717-r4')).toEqual({
      ok: true,
      value: { version: '1.2.4_git20230717', revision: 4 },
    });
    expect(parseApk('2024a')).toEqual({ ok: true, value: { version: '2024a', revision: 0 } });
  });

  it.each([
    ['', 'it is empty'],
    ['a', 'it must start with a number, at "a"'],
    ['v1.0', 'it must start with a number, at "v1.0"'],
    ['1.0-1', 'a hyphen must start the revision, as in -r1, at "-1"'],
    ['1.0-r', 'a number is missing after a dot or -r, at "-r"'],
    ['1.0_foo', 'the suffix is not one of _alpha _beta _pre _rc _cvs _svn _git _hg _p, at "_foo"'],
    ['1.0~zz', 'the ~ is not followed by a hexadecimal commit hash, at "~zz"'],
    ['1.0~ABC', 'the ~ is not followed by a hexadecimal commit hash, at "~ABC"'],
    ['1.0-r1-r2', 'there is more than one -r revision, at "-r2"'],
    ['1.0b2', 'a number cannot follow a letter or a hash, at "2"'],
    ['1.0-r1_p1', 'a suffix cannot follow a hash or the revision, at "_p1"'],
    ['1.0A', 'it contains a character apk does not allow, at "A"'],
    ['1.0 b', 'it contains a character apk does not allow, at " b"'],
  ])('rejects %j with a sentence naming the problem', (text, problem) => {
    expect(parseApk(text)).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: `${JSON.stringify(text)} is not a valid Alpine (apk) version: ${problem}.`,
        field: 'version',
      },
    });
  });
});
