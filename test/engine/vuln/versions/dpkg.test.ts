import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compareDpkg, isValidDpkg, parseDpkg } from '../../../../electron/engine/vuln/versions/dpkg';
import {
  allPairs,
  disagreements,
  inParallel,
  randomPairs,
  readFixture,
  seededRandom,
} from './oracle-support';

const run = promisify(execFile);
const workDir = mkdtempSync(join(tmpdir(), 'patchdeck-dpkg-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// One sh loop per slice keeps it to one dpkg process per question; exit 0/1 are answers, anything else is a
// dpkg error that must fail the test rather than read as "not less".
const ORACLE_SCRIPT = `
while IFS='	' read -r a b; do
  dpkg --compare-versions -- "$a" lt "$b"; r=$?
  if [ $r -eq 0 ]; then echo -1
  elif [ $r -eq 1 ]; then
    dpkg --compare-versions -- "$a" eq "$b"; r=$?
    if [ $r -eq 0 ]; then echo 0; elif [ $r -eq 1 ]; then echo 1; else echo error; fi
  else echo error; fi
done < "$1"
`;

let sliceNumber = 0;

/** dpkg's verdicts for the pairs, and whatever it printed on stderr (warnings about bad syntax). */
async function askDpkg(pairs: [string, string][]): Promise<{ verdicts: number[]; warnings: string }> {
  let warnings = '';
  const verdicts = await inParallel(pairs, 4, async (slice) => {
    const file = join(workDir, `pairs-${sliceNumber++}.tsv`);
    writeFileSync(file, slice.map(([a, b]) => `${a}\t${b}\n`).join(''));
    const { stdout, stderr } = await run('sh', ['-c', ORACLE_SCRIPT, 'sh', file], { maxBuffer: 64 << 20 });
    warnings += stderr;
    return stdout
      .trim()
      .split('\n')
      .map((line) => (line === 'error' ? Number.NaN : Number(line)));
  });
  return { verdicts, warnings };
}

const fixture = readFixture('debian-versions.tsv').map((line) => {
  const [name = '', version = '', suite = ''] = line.split('\t');
  return { name, version, suite };
});
const realVersions = [...new Set(fixture.map((row) => row.version))];

/** Pairs of one package's versions across suites: the comparison Patchdeck makes for every update. */
function crossSuitePairs(): [string, string][] {
  const byPackage = new Map<string, Set<string>>();
  for (const row of fixture) byPackage.set(row.name, (byPackage.get(row.name) ?? new Set()).add(row.version));
  return [...byPackage.values()].flatMap((versions) => allPairs([...versions]));
}

/** Neighbours in string order share long prefixes, where comparators go wrong. */
function neighbourPairs(): [string, string][] {
  const sorted = [...realVersions].sort();
  return sorted.slice(1).map((version, index): [string, string] => [sorted[index] ?? version, version]);
}

const edgeCases = [
  '0',
  '00',
  '0.0',
  '1',
  '1.0',
  '1.00',
  '1.0.0',
  '01.0',
  '1.0-0',
  '1.0-00',
  '1.0-1',
  '1.0-01',
  '1.0-1.1',
  '1.0-1~bpo11+1',
  '1.0-1~bpo12+1',
  '1.0-1+deb12u1',
  '1.0-1+b1',
  '1.0-1a',
  '1.0~rc1',
  '1.0~rc1-1',
  '1.0~',
  '1.0~~',
  '1.0~~a',
  '1.0~a',
  '1.0a',
  '1.0A',
  '1.0Z',
  '1.0z',
  '1.0+',
  '1.0+dfsg',
  '1.0+dfsg-1',
  '1.0.',
  '1.0..',
  '1.0a1',
  '1.0-1-1',
  '1.0-1-1~',
  '1:0',
  '1:1.0',
  '0:1.0',
  '00:1.0',
  '01:1.0',
  '2:0.1',
  '10:1',
  '1:1.0:2-1',
  '1.0+really0.9',
  '2.30-0ubuntu1',
  '9.2p1-2+deb12u7',
  '1:9.2p1-2+deb12u7',
  '1.0~beta1~',
  '1.0.0~',
  '1.0-0.1',
  '3.0.11-1~deb12u2',
  '1.2.3-4~',
  '1.0+~',
  '1.0~+',
  '1.0.~',
  '1.0-1+~',
  '99999999999999999999.1',
  '100000000000000000000.1',
  '2147483647:1',
  '1.0-1.0~',
  '1.0000000001',
];

/** Versions from a small grammar over the characters that matter, to reach combinations no archive has. */
function generatedVersions(random: () => number, count: number): string[] {
  const pick = (alphabet: string, min: number, max: number) => {
    const length = min + Math.floor(random() * (max - min + 1));
    let text = '';
    for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
    return text;
  };
  const versions: string[] = [];
  for (let k = 0; k < count; k++) {
    const epoch = random() < 0.2 ? `${Math.floor(random() * 3)}:` : '';
    const upstream = `${pick('0123456789', 1, 2)}${pick('0019a.+~Zz', 0, 6)}`;
    const revision = random() < 0.6 ? `-${pick('0019ab.+~', 1, 4)}` : '';
    versions.push(`${epoch}${upstream}${revision}`);
  }
  return versions;
}

describe('compareDpkg against dpkg --compare-versions', () => {
  it('agrees on real Debian versions, same-package pairs, edge cases and generated versions', async () => {
    const random = seededRandom(20261122);
    const generated = generatedVersions(random, 300);
    const pairs = [
      ...crossSuitePairs(),
      ...neighbourPairs(),
      ...randomPairs(realVersions, 1500, random),
      ...allPairs(edgeCases),
      ...randomPairs(generated, 1200, random),
      ...realVersions.slice(0, 300).map((version): [string, string] => [version, `${version}~`]),
      ...realVersions.slice(0, 300).map((version): [string, string] => [version, `${version}+b1`]),
    ];
    expect(pairs.length).toBeGreaterThan(6000);
    const { verdicts, warnings } = await askDpkg(pairs);
    expect(verdicts).toHaveLength(pairs.length);
    expect(warnings).toBe('');
    expect(disagreements(pairs, verdicts, compareDpkg)).toEqual([]);
    // Every version the comparison above fed to dpkg without a warning is one our parser accepts too.
    const accepted = new Set(pairs.flat());
    expect([...accepted].filter((version) => !isValidDpkg(version))).toEqual([]);
  }, 60_000);

  it('is antisymmetric and treats an absent revision as -0', () => {
    expect(compareDpkg('1.0', '1.0-0')).toBe(0);
    expect(compareDpkg('1.0~rc1', '1.0')).toBe(-1);
    expect(compareDpkg('1.0', '1.0~rc1')).toBe(1);
    expect(compareDpkg('1:0.1', '9.9')).toBe(1);
    expect(compareDpkg('  1.0-1\t', '1.0-1')).toBe(0);
  });
});

describe('parseDpkg', () => {
  it('splits epoch, upstream and revision at the first colon and the last hyphen', () => {
    expect(parseDpkg('1:2.30-1-0ubuntu1')).toEqual({
      ok: true,
      value: { epoch: 1, upstream: '2.30-1', revision: '0ubuntu1' },
    });
    expect(parseDpkg('1.0')).toEqual({ ok: true, value: { epoch: 0, upstream: '1.0', revision: '' } });
  });

  const garbage: [string, string][] = [
    ['', '"" is not a valid Debian (dpkg) version: it is empty.'],
    ['   ', '"   " is not a valid Debian (dpkg) version: it is empty.'],
    [
      'a b',
      '"a b" is not a valid Debian (dpkg) version: it contains a space, and a version is a single word.',
    ],
    [':1', '":1" is not a valid Debian (dpkg) version: the epoch before the colon is empty.'],
    ['1:', '"1:" is not a valid Debian (dpkg) version: nothing follows the colon after the epoch.'],
    ['a:1.0', '"a:1.0" is not a valid Debian (dpkg) version: the epoch "a" is not a number.'],
    ['-1:1.0', '"-1:1.0" is not a valid Debian (dpkg) version: the epoch "-1" is not a number.'],
    [
      '9999999999:1',
      '"9999999999:1" is not a valid Debian (dpkg) version: the epoch 9999999999 is too big (at most 2147483647).',
    ],
    ['1.0-', '"1.0-" is not a valid Debian (dpkg) version: the revision after the last hyphen is empty.'],
    ['-1', '"-1" is not a valid Debian (dpkg) version: the upstream version is empty.'],
    [
      'abc',
      '"abc" is not a valid Debian (dpkg) version: the upstream version "abc" does not start with a digit.',
    ],
    [
      '1.0_1',
      '"1.0_1" is not a valid Debian (dpkg) version: the upstream version contains "_"; only letters, digits and . + ~ - : are allowed.',
    ],
    ['1.0-1:2', '"1.0-1:2" is not a valid Debian (dpkg) version: the epoch "1.0-1" is not a number.'],
    [
      '1.0-a_b',
      '"1.0-a_b" is not a valid Debian (dpkg) version: the revision contains "_"; only letters, digits and . + ~ are allowed.',
    ],
    [
      '1.0é',
      '"1.0é" is not a valid Debian (dpkg) version: the upstream version contains "é"; only letters, digits and . + ~ - : are allowed.',
    ],
  ];

  it.each(garbage)('rejects %j with a sentence naming the problem', (text, message) => {
    expect(parseDpkg(text)).toEqual({
      ok: false,
      error: { code: 'invalid-input', message, field: 'version' },
    });
    expect(isValidDpkg(text)).toBe(false);
  });

  it('rejects exactly what dpkg itself reports as bad syntax', async () => {
    const reported = await Promise.all(
      garbage
        .filter(([text]) => text.trim() !== '')
        .map(async ([text]) => {
          const answer = await run('dpkg', ['--compare-versions', '--', text, 'eq', text]).catch(
            (failure: { stderr: string }) => ({ stderr: failure.stderr }),
          );
          return answer.stderr.includes('bad syntax') ? text : `${text} (accepted by dpkg)`;
        }),
    );
    expect(reported).toEqual(garbage.map(([text]) => text).filter((text) => text.trim() !== ''));
  });
});
