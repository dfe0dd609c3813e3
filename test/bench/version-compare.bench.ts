// How many version comparisons per second each scheme does on real versions, and whether comparing makes
// garbage: matching a fleet's packages against advisories runs millions of them, so both matter.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import {
  compareApk,
  compareDpkg,
  compareRpm,
  compareSemver,
  compareVersions,
} from '../../electron/engine/vuln/versions';

const fixtures = join(process.cwd(), 'test/engine/vuln/versions/fixtures');

function fixtureLines(name: string): string[] {
  return readFileSync(join(fixtures, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

let seed = 7;
function random(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
}

/** Half pairs of one package's versions (the comparison an update check makes), half random pairs. */
function pairsOf(versions: readonly string[], related: readonly [string, string][], count: number) {
  const a: string[] = [];
  const b: string[] = [];
  for (let k = 0; k < count; k++) {
    const pair = related.length > 0 && k % 2 === 0 ? related[k % related.length] : undefined;
    a.push(pair?.[0] ?? versions[Math.floor(random() * versions.length)] ?? '');
    b.push(pair?.[1] ?? versions[Math.floor(random() * versions.length)] ?? '');
  }
  return { a, b };
}

let gcCount = 0;
new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });

let sink = 0;

/**
 * Comparisons per second of this process's CPU time (best of five rounds of about 0.3 s of CPU each), so
 * other work on a shared machine does not count against us; wall-clock rate beside it for honesty. Also the
 * garbage collections seen while measuring: zero means the comparisons made no garbage worth collecting.
 */
function measure(pairs: { a: string[]; b: string[] }, compare: (a: string, b: string) => number) {
  const { a, b } = pairs;
  const n = a.length;
  for (let k = 0; k < n; k++) sink += compare(a[k] ?? '', b[k] ?? ''); // warm-up
  let bestCpu = 0;
  let bestWall = 0;
  let comparisons = 0;
  const gcBefore = gcCount;
  for (let attempt = 0; attempt < 5; attempt++) {
    const wallStart = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    let done = 0;
    let cpuSeconds = 0;
    while (cpuSeconds < 0.3) {
      for (let k = 0; k < n; k++) sink += compare(a[k] ?? '', b[k] ?? '');
      done += n;
      const cpu = process.cpuUsage(cpuStart);
      cpuSeconds = (cpu.user + cpu.system) / 1e6;
    }
    const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
    comparisons += done;
    bestCpu = Math.max(bestCpu, done / cpuSeconds);
    bestWall = Math.max(bestWall, done / wallSeconds);
  }
  return {
    opsPerCpuSecond: Math.round(bestCpu),
    opsPerWallSecond: Math.round(bestWall),
    comparisons,
    gcDuringMeasurement: gcCount - gcBefore,
  };
}

const debianRows = fixtureLines('debian-versions.tsv').map((line) => line.split('\t'));
const debianVersions = [...new Set(debianRows.map((row) => row[1] ?? ''))];
const byPackage = new Map<string, string[]>();
for (const [name = '', version = ''] of debianRows)
  byPackage.set(name, [...(byPackage.get(name) ?? []), version]);
const debianRelated = [...byPackage.values()]
  .filter((versions) => versions.length > 1)
  .map((versions): [string, string] => [versions[0] ?? '', versions[1] ?? '']);

const rpmVersions = fixtureLines('rpm-versions.txt');
const apkVersions = [
  ...new Set(
    fixtureLines('apk-tools-version.data').flatMap((line) => line.split(/\s+/).filter((_, i) => i !== 1)),
  ),
].filter((version) => version !== '' && !version.startsWith('#'));
const semverRows = fixtureLines('semver-pairs.tsv').map((line) => line.split('\t'));
const semverRelated = semverRows.map((row): [string, string] => [row[0] ?? '', row[1] ?? '']);
const semverVersions = [...new Set(semverRelated.flat())];

const PAIRS = 20_000;
const results = {
  machine: `${process.platform} ${process.arch}, Node ${process.version}`,
  loadAverageAtStart: loadavg()[0],
  pairsPerRound: PAIRS,
  dpkg: measure(pairsOf(debianVersions, debianRelated, PAIRS), compareDpkg),
  dpkgViaCompareVersions: measure(pairsOf(debianVersions, debianRelated, PAIRS), (a, b) =>
    compareVersions('dpkg', a, b),
  ),
  rpm: measure(pairsOf(rpmVersions, [], PAIRS), compareRpm),
  rpmOnDebianVersions: measure(pairsOf(debianVersions, debianRelated, PAIRS), compareRpm),
  apk: measure(pairsOf(apkVersions, [], PAIRS), compareApk),
  semver: measure(pairsOf(semverVersions, semverRelated, PAIRS), compareSemver),
  checksum: sink,
};
console.log(JSON.stringify(results));
