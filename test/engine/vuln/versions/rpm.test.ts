import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareRpm,
  compareRpmField,
  isValidRpm,
  parseRpm,
} from '../../../../electron/engine/vuln/versions/rpm';
import {
  allPairs,
  disagreements,
  inParallel,
  randomPairs,
  readFixture,
  seededRandom,
} from './oracle-support';

const run = promisify(execFile);
const workDir = mkdtempSync(join(tmpdir(), 'patchdeck-rpm-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// Read from a file inside Lua so no version text is ever quoted into a command line. rpm.vercmp in rpm 4.18
// parses both arguments as full EVRs, so it is the oracle for compareRpm and, on strings without ':' or '-',
// for compareRpmField too; rpm.ver() comparison is checked against it on every pair.
const ORACLE_LUA = `
local out = {}
for line in io.lines(rpm.expand("%{patchdeck_pairs}")) do
  local tab = string.find(line, "\\t", 1, true)
  local a, b = string.sub(line, 1, tab - 1), string.sub(line, tab + 1)
  local x, y = rpm.ver(a), rpm.ver(b)
  local byVer = (x < y) and -1 or ((x == y) and 0 or 1)
  out[#out + 1] = rpm.vercmp(a, b) .. " " .. byVer
end
io.write(table.concat(out, "\\n"), "\\n")
`;
const scriptFile = join(workDir, 'oracle.lua');
writeFileSync(scriptFile, ORACLE_LUA);

let sliceNumber = 0;

/** rpm's verdicts, one Lua chunk per slice of a few hundred pairs, several rpm processes at once. */
async function askRpm(pairs: [string, string][]): Promise<number[]> {
  return inParallel(pairs, Math.ceil(pairs.length / 400), async (slice) => {
    const file = join(workDir, `pairs-${sliceNumber++}.tsv`);
    writeFileSync(file, slice.map(([a, b]) => `${a}\t${b}\n`).join(''));
    const { stdout } = await run(
      'rpm',
      [
        '--define',
        `patchdeck_pairs ${file}`,
        '--define',
        `patchdeck_script ${scriptFile}`,
        '--eval',
        '%{lua: dofile(rpm.expand("%{patchdeck_script}"))}',
      ],
      { maxBuffer: 64 << 20 },
    );
    return stdout
      .trim()
      .split('\n')
      .map((line) => {
        const [byVercmp, byVer] = line.split(' ');
        // The two Lua entry points must agree with each other before either can judge us.
        return byVercmp === byVer ? Number(byVercmp) : Number.NaN;
      });
  });
}

/** Real EVRs of RHEL, Fedora and SUSE packages, as `rpm -q --qf '%{EPOCH}:%{VERSION}-%{RELEASE}'` shows them. */
const realEvrs = readFixture('rpm-versions.txt');

const fieldEdgeCases = [
  '0',
  '00',
  '1',
  '01',
  '001.0',
  '1.0',
  '1.00',
  '1.0.0',
  '1.01',
  '1.001',
  '1..0',
  '1_0',
  '1+0',
  '1.',
  '.1',
  '1.0a',
  '1.0.a',
  '1.a',
  '1a',
  '1A',
  'a1',
  'a',
  'A',
  'Z',
  'b',
  'rc',
  '1.0rc1',
  '1.0~rc1',
  '1.0~',
  '1.0~~',
  '~',
  '~1',
  '1.0^',
  '1.0^git1',
  '1.0^1',
  '1.0^^',
  '1.0~rc1^git1',
  '1.0^~',
  '1.0~^',
  '^',
  '^1',
  '1.0.1',
  '2',
  '10',
  '5.5p1',
  '5.5p10',
  '5.5.p1',
  '1e',
  '1.0_1',
  '1.0+1',
  '2024a',
  '2024b',
  '1.1.1k',
  '1.1.1l',
  '18446744073709551616',
  '18446744073709551615',
  '1.0.0.0.0.0.1',
];

const evrEdgeCases = [
  '1.0',
  '1.0-1',
  '1.0-0',
  '0:1.0',
  '0:1.0-1',
  '1:1.0',
  '01:1.0-1',
  '1:1.0-1',
  ':1.0',
  '1.0-',
  '1:0.1',
  '2:0.1-1',
  '1.0-1.el9',
  '1.0-1.el9_4',
  '1.0-1.el9_4.1',
  '1.0-1.fc40',
  '1.0-0.1.rc1.fc40',
  '1.0~rc1-1.fc40',
  '1.0^20240101git1-1.fc40',
  '1.0-1-1',
  'a:1.0',
  '1.0:1',
  '10:1',
  '1:1.0-1:2',
  '1.0-1~',
  '1.0-1^',
];

/** Strings from the characters rpmvercmp treats specially; `-` and `:` only where a full EVR is meant. */
function generated(random: () => number, alphabet: string, count: number, maxLength: number): string[] {
  const values: string[] = [];
  for (let k = 0; k < count; k++) {
    const length = 1 + Math.floor(random() * maxLength);
    let text = '';
    for (let n = 0; n < length; n++) text += alphabet[Math.floor(random() * alphabet.length)];
    values.push(text);
  }
  return values;
}

describe('compareRpm and compareRpmField against rpm 4.18 (rpm.vercmp and rpm.ver in Lua)', () => {
  it('agrees on real EVRs, Debian versions read as EVRs, edge cases and generated strings', async () => {
    const random = seededRandom(4180);
    const debianVersions = [
      ...new Set(readFixture('debian-versions.tsv').map((line) => line.split('\t')[1] ?? '')),
    ];
    const fields = [...fieldEdgeCases, ...generated(random, '0019aZz.~^_+', 400, 8)];
    const evrs = [...realEvrs, ...evrEdgeCases, ...generated(random, '0019az.~^-:', 400, 9)];

    const fieldPairs = [...allPairs(fieldEdgeCases), ...randomPairs(fields, 1500, random)];
    const evrPairs = [
      ...allPairs(realEvrs),
      ...allPairs(evrEdgeCases),
      ...randomPairs(evrs, 1500, random),
      ...randomPairs(debianVersions, 1000, random),
    ];
    expect(fieldPairs.length + evrPairs.length).toBeGreaterThan(5000);

    const verdicts = await askRpm([...fieldPairs, ...evrPairs]);
    expect(verdicts).toHaveLength(fieldPairs.length + evrPairs.length);
    const fieldVerdicts = verdicts.slice(0, fieldPairs.length);
    const evrVerdicts = verdicts.slice(fieldPairs.length);
    expect(disagreements(fieldPairs, fieldVerdicts, compareRpmField)).toEqual([]);
    expect(disagreements(fieldPairs, fieldVerdicts, compareRpm)).toEqual([]);
    expect(disagreements(evrPairs, evrVerdicts, compareRpm)).toEqual([]);
    // Every real EVR in the fixture is one rpmbuild could have made.
    expect(realEvrs.filter((evr) => !isValidRpm(evr))).toEqual([]);
  }, 60_000);

  it('sorts a missing release before any release, and ~ and ^ around the base version', () => {
    expect(compareRpm('1.0', '1.0-1')).toBe(-1);
    expect(compareRpm('0:1.0-1', '1.0-1')).toBe(0);
    expect(compareRpm('1:1.1.1k-12.el8_9', '1:1.1.1k-9.el8_7')).toBe(1);
    expect(compareRpmField('1.0~rc1', '1.0')).toBe(-1);
    expect(compareRpmField('1.0^git1', '1.0')).toBe(1);
    expect(compareRpmField('1.0^git1', '1.0.1')).toBe(-1);
    expect(compareRpmField('1.0a', '1.0.1')).toBe(-1);
  });
});

describe('parseRpm', () => {
  it('splits epoch, version and release', () => {
    expect(parseRpm('1:1.1.1k-12.el8_9')).toEqual({
      ok: true,
      value: { epoch: 1, version: '1.1.1k', release: '12.el8_9' },
    });
    expect(parseRpm('3.0.7')).toEqual({ ok: true, value: { epoch: 0, version: '3.0.7' } });
  });

  it.each([
    ['', '"" is not a valid RPM version: it is empty.'],
    ['a b', '"a b" is not a valid RPM version: it contains a space, and a version is a single word.'],
    [':1', '":1" is not a valid RPM version: the epoch before the colon is empty.'],
    ['1:', '"1:" is not a valid RPM version: nothing follows the colon after the epoch.'],
    ['a:1.0', '"a:1.0" is not a valid RPM version: the epoch "a" is not a number.'],
    ['1.0-', '"1.0-" is not a valid RPM version: the release after the hyphen is empty.'],
    ['-1', '"-1" is not a valid RPM version: the version is empty.'],
    [
      '1.0-1-1',
      '"1.0-1-1" is not a valid RPM version: the version contains a hyphen, which may only separate version and release.',
    ],
    [
      '1.0/1',
      '"1.0/1" is not a valid RPM version: the version contains "/"; only letters, digits and . _ + ~ ^ are allowed.',
    ],
    ['1.0-1.el9:2', '"1.0-1.el9:2" is not a valid RPM version: the epoch "1.0-1.el9" is not a number.'],
    [
      '1.0-el9%{dist}',
      '"1.0-el9%{dist}" is not a valid RPM version: the release contains "%"; only letters, digits and . _ + ~ ^ are allowed.',
    ],
  ])('rejects %j with a sentence naming the problem', (text, message) => {
    expect(parseRpm(text)).toEqual({
      ok: false,
      error: { code: 'invalid-input', message, field: 'version' },
    });
    expect(isValidRpm(text)).toBe(false);
  });
});
