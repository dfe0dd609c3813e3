import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';
import { isValidApk } from '../../electron/engine/vuln/versions';
import { randomPairs, readFixture, seededRandom } from '../engine/vuln/versions/oracle-support';

const run = promisify(execFile);
const temp = makeTempDir();
afterAll(() => temp.cleanup());

const toSymbol = (n: number) => (n < 0 ? '<' : n > 0 ? '>' : '=');

/** dpkg's own verdicts: one shell loop reading the pairs from a file, values never pasted into a command. */
async function askDpkg(pairs: [string, string][]): Promise<string[]> {
  const file = path.join(temp.dir, 'dpkg-pairs.tsv');
  fs.writeFileSync(file, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
  const script = `while IFS="$(printf '\\t')" read -r a b; do
    if dpkg --compare-versions "$a" lt "$b"; then echo '<'; elif dpkg --compare-versions "$a" eq "$b"; then echo '='; else echo '>'; fi
  done < "$1"`;
  const { stdout } = await run('sh', ['-c', script, 'oracle', file], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n');
}

/** rpm's rpm.vercmp, reading the pairs from a file inside Lua. */
async function askRpm(pairs: [string, string][]): Promise<string[]> {
  const file = path.join(temp.dir, 'rpm-pairs.tsv');
  const lua = path.join(temp.dir, 'vercmp.lua');
  fs.writeFileSync(file, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
  fs.writeFileSync(
    lua,
    `for line in io.lines(rpm.expand("%{pairs}")) do
       local tab = string.find(line, "\\t", 1, true)
       io.write(rpm.vercmp(string.sub(line, 1, tab - 1), string.sub(line, tab + 1)), "\\n")
     end`,
  );
  const { stdout } = await run('rpm', [
    '--define',
    `pairs ${file}`,
    '--define',
    `script ${lua}`,
    '--eval',
    '%{lua: dofile(rpm.expand("%{script}"))}',
  ]);
  return stdout
    .trim()
    .split('\n')
    .map((line) => toSymbol(Number(line)));
}

describe('patchdeck vercmp', () => {
  it('prints <, = or > for one pair, as dpkg, rpm and apk order them', async () => {
    const cases: [string, string, string, string][] = [
      ['dpkg', '1:2.39.5-0+deb12u2', '1:2.39.5-0+deb12u1', '>'],
      ['dpkg', '3.0.16-1~deb12u1', '3.0.16-1', '<'],
      ['dpkg', '1.0', '1.0-0', '='],
      ['rpm', '1:3.0.7-27.el9', '3.0.8-1.el9', '>'],
      ['rpm', '1.0^git1', '1.0', '>'],
      ['apk', '2.45.4-r0', '2.45.4_rc1-r0', '>'],
    ];
    for (const [scheme, a, b, expected] of cases) {
      expect(await runPatchdeck(['vercmp', scheme, a, b]), `${scheme} ${a} ${b}`).toEqual({
        code: 0,
        stdout: `${expected}\n`,
        stderr: '',
      });
    }
    const json = await runPatchdeck(['--json', 'vercmp', 'dpkg', '1.0', '2.0']);
    expect(JSON.parse(json.stdout)).toEqual({ scheme: 'dpkg', a: '1.0', b: '2.0', result: '<' });
  });

  it('--batch agrees with dpkg --compare-versions on real Debian versions', async () => {
    const versions = readFixture('debian-versions.tsv').map((line) => line.split('\t')[1]!);
    const pairs = randomPairs(versions, 800, seededRandom(20261122));
    // Same-package neighbours are where the interesting differences (~, +debNuM, epochs) are.
    for (let i = 1; i < versions.length && pairs.length < 1200; i += 3)
      pairs.push([versions[i - 1]!, versions[i]!]);
    const input = pairs.map(([a, b]) => `${a}\t${b}\n`).join('');
    const ours = await runPatchdeck(['vercmp', 'dpkg', '--batch'], {}, input);
    expect(ours.code).toBe(0);
    expect(ours.stdout.trim().split('\n')).toEqual(await askDpkg(pairs));
  }, 120_000);

  it('--batch agrees with rpm on real RPM versions', async () => {
    const versions = readFixture('rpm-versions.txt');
    const pairs = randomPairs(versions, 1000, seededRandom(7));
    const ours = await runPatchdeck(
      ['vercmp', 'rpm', '--batch'],
      {},
      pairs.map(([a, b]) => `${a}\t${b}`).join('\n'),
    );
    expect(ours.code).toBe(0);
    expect(ours.stdout.trim().split('\n')).toEqual(await askRpm(pairs));
  }, 120_000);

  it("--batch agrees with apk-tools' own test vectors", async () => {
    // vercmp checks its input: the vectors apk-tools marks invalid (string-sorted by apk) are refused instead.
    const vectors = readFixture('apk-tools-version.data')
      .map((line) => line.trim().split(/\s+/) as [string, string, string])
      .filter(([a, , b]) => isValidApk(a) && isValidApk(b));
    expect(vectors.length).toBeGreaterThan(100);
    const ours = await runPatchdeck(
      ['vercmp', 'apk', '--batch'],
      {},
      vectors.map(([a, , b]) => `${a}\t${b}\n`).join(''),
    );
    expect(ours.code).toBe(0);
    expect(ours.stdout.trim().split('\n')).toEqual(vectors.map(([, op]) => op));
  });

  it('refuses bad input with exit 2, naming the line, and prints nothing on stdout', async () => {
    const badLine = await runPatchdeck(['vercmp', 'dpkg', '--batch'], {}, '1.0\t2.0\n1.0 2.0\n3.0\t1.0\n');
    expect(badLine).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchdeck: Line 2 is not "a<TAB>b": "1.0 2.0".\n',
    });
    const badVersion = await runPatchdeck(
      ['vercmp', 'dpkg', '--batch'],
      {},
      '1.0\t2.0\n1.0\t2.0\nfoo\t1.0\n',
    );
    expect(badVersion.code).toBe(2);
    expect(badVersion.stdout).toBe('');
    expect(badVersion.stderr).toMatch(
      /^patchdeck: Line 3: "foo" is not a valid Debian \(dpkg\) version: .+\.\n$/,
    );
    expect(await runPatchdeck(['vercmp', 'zip', '1', '2'])).toMatchObject({
      code: 2,
      stderr: "patchdeck: Unknown version scheme 'zip': use dpkg, rpm, apk or semver.\n",
    });
    expect(await runPatchdeck(['vercmp', 'rpm', '1.0'])).toMatchObject({
      code: 2,
      stderr: 'patchdeck: Give two versions to compare, or --batch.\n',
    });
    expect((await runPatchdeck(['vercmp', 'apk', '1.0-r0', 'one'])).code).toBe(2);
  });

  it('never opens a database', async () => {
    const home = path.join(temp.dir, 'home');
    fs.mkdirSync(home);
    const result = await runPatchdeck(['vercmp', 'dpkg', '1', '2'], {
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
    });
    expect(result.stdout).toBe('<\n');
    expect(fs.readdirSync(home)).toEqual([]);
  });
});
