import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';
import { fixture, prepareFleet } from '../engine/vuln/fixtures/fleet';

const dayMs = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('patchdeck feeds import, then patches', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'fleet.db');
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args]);
  // First seen ten days ago: red (2 days) is overdue, yellow (14) and green (30) are not.
  const seen = Math.floor(Date.now() / 1000) * 1000 - 10 * dayMs;

  beforeAll(async () => {
    const engine = createEngine({ dbPath: db, vault: createPassphraseVault('test'), actor: 'tester' });
    try {
      await prepareFleet(engine, iso(seen));
    } finally {
      engine.close();
    }
  });
  afterAll(() => temp.cleanup());

  const patchesJson = async () => {
    const result = await cli(['--json', 'patches']);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>[];
  };

  it('imports OSV, KEV and EPSS files, one line per file', async () => {
    const result = await cli([
      'feeds',
      'import',
      fixture('osv-all.zip'),
      fixture('kev-subset.json'),
      fixture('epss-sample.csv.gz'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^osv-all\.zip: OSV (Debian 9 advisories, Alpine 1 advisories|Alpine 1 advisories, Debian 9 advisories)$/,
      ),
      'kev-subset.json: CISA KEV 9 known exploited CVEs',
      'epss-sample.csv.gz: EPSS 8 scored CVEs',
    ]);
    const status = JSON.parse((await cli(['--json', 'feeds', 'status'])).stdout) as {
      feed: string;
      recordCount: number;
    }[];
    expect(status.map((feed) => [feed.feed, feed.recordCount])).toEqual([
      ['epss', 8],
      ['kev', 9],
      ['osv:Alpine', 1],
      ['osv:Debian', 9],
    ]);
  });

  it('then patches --json carries cves, kev, severity and dueAt as CLI.md shows', async () => {
    const patches = await patchesJson();
    const git = patches.find((patch) => patch.device === 'web-01' && patch.package === 'git');
    expect(git).toEqual({
      device: 'web-01',
      package: 'git',
      installedVersion: '1:2.39.5-0+deb12u1',
      availableVersion: '1:2.39.5-0+deb12u2',
      source: 'Debian-Security:12/bookworm-security',
      security: true,
      severity: 'red',
      cves: [
        'CVE-2025-27613',
        'CVE-2025-27614',
        'CVE-2025-46334',
        'CVE-2025-46835',
        'CVE-2025-48384',
        'CVE-2025-48385',
      ],
      kev: true,
      dueAt: iso(seen + 2 * dayMs),
    });
    expect(
      patches.map((patch) => [patch.device, patch.package, patch.severity, patch.kev, patch.dueAt]),
    ).toEqual([
      ['web-01', 'curl', 'red', false, iso(seen + 2 * dayMs)],
      ['web-01', 'git', 'red', true, iso(seen + 2 * dayMs)],
      ['web-01', 'git-man', 'red', true, iso(seen + 2 * dayMs)],
      ['web-01', 'intel-microcode', 'yellow', false, iso(seen + 14 * dayMs)],
      ['web-01', 'libssl3', 'yellow', false, iso(seen + 14 * dayMs)],
      ['web-01', 'libxml2', 'red', false, iso(seen + 2 * dayMs)],
      ['web-01', 'openssh-server', 'red', false, iso(seen + 2 * dayMs)],
      ['web-01', 'openssl', 'yellow', false, iso(seen + 14 * dayMs)],
      ['web-01', 'tzdata', 'green', false, iso(seen + 30 * dayMs)],
      ['win-01', 'KB5040437', 'red', true, iso(seen + 2 * dayMs)],
      ['win-01', 'KB5041160', 'red', false, iso(seen + 2 * dayMs)],
      ['win-01', 'KB5041578', 'yellow', false, iso(seen + 14 * dayMs)],
    ]);
    const text = await cli(['patches', 'web-01']);
    expect(text.stdout).toMatch(
      /^web-01\s+git\s+1:2\.39\.5-0\+deb12u1\s+1:2\.39\.5-0\+deb12u2\s+yes\s+red\s+\S+Z$/m,
    );
  });

  it('explains each colour and shows what is overdue', async () => {
    const why = await cli(['why', 'web-01']);
    expect(why.code).toBe(0);
    expect(why.stdout).toMatch(
      /^web-01\s+git\s+1:2\.39\.5-0\+deb12u2\s+\S+Z OVERDUE\s+red: CVE-2025-48384 is in CISA KEV$/m,
    );
    expect(why.stdout).toMatch(
      /^web-01\s+intel-microcode\s+\S+\s+\S+Z\s+yellow: security update, no CVE known$/m,
    );
    expect(why.stdout).toMatch(/^web-01\s+tzdata\s+\S+\s+\S+Z\s+green: not a security update$/m);
    const json = JSON.parse((await cli(['--json', 'why', '--client', 'Acme'])).stdout) as {
      package: string;
      overdue: boolean;
      reason: string;
    }[];
    expect(json.filter((row) => row.overdue).map((row) => row.package)).toEqual([
      'curl',
      'git',
      'git-man',
      'libxml2',
      'openssh-server',
      'KB5040437',
      'KB5041160',
    ]);
  });

  it('lists vulnerabilities, including those with no fix yet', async () => {
    const unfixed = await cli(['vulns', '--unfixed']);
    expect(unfixed.stdout).toMatch(
      /^web-01\s+DEBIAN-CVE-2023-52355\s+CVE-2023-52355\s+tiff\s+4\.5\.0-6\+deb12u1\s+no fix yet\s+-\s*$/m,
    );
    const all = JSON.parse((await cli(['--json', 'vulns', 'web-01'])).stdout) as { advisory: string }[];
    expect(all).toHaveLength(7);
  });

  it('refuses a bad feed file with exit 2 and one line naming it, and changes nothing', async () => {
    const before = {
      patches: await patchesJson(),
      status: (await cli(['--json', 'feeds', 'status'])).stdout,
    };
    const truncated = path.join(temp.dir, 'all.zip');
    const zip = fs.readFileSync(fixture('osv-all.zip'));
    fs.writeFileSync(truncated, zip.subarray(0, zip.length - 100));
    const kev = path.join(temp.dir, 'kev.json');
    fs.writeFileSync(kev, fs.readFileSync(fixture('kev-subset.json'), 'utf8').slice(0, 5000));
    const garbage = path.join(temp.dir, 'epss.csv');
    fs.writeFileSync(garbage, 'hello\x00world');
    for (const [file, message] of [
      [truncated, /^patchdeck: Cannot import all\.zip: it is not a complete zip archive \(.+\)\.\n$/],
      [kev, /^patchdeck: Cannot import kev\.json: the file is not valid JSON \(.+\)\.\n$/],
      [garbage, /^patchdeck: Cannot import epss\.csv: it is not a feed Patchdeck knows .+\.\n$/],
      [
        path.join(temp.dir, 'missing.json'),
        /^patchdeck: Cannot import missing\.json: no such file \(.+\)\.\n$/,
      ],
    ] as const) {
      // A good file before the bad one must not be imported either.
      const result = await cli(['feeds', 'import', fixture('epss-sample.csv'), file]);
      expect(result.code, file).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    }
    expect(await patchesJson()).toEqual(before.patches);
    expect((await cli(['--json', 'feeds', 'status'])).stdout).toBe(before.status);
    expect((await cli(['feeds', 'import'])).code).toBe(2);
  });

  it('refuses a KEV catalog older than the imported one, and takes it with --allow-older', async () => {
    const older = JSON.parse(fs.readFileSync(fixture('kev-subset.json'), 'utf8'));
    older.dateReleased = '2025-08-04T15:00:00.0000Z';
    older.vulnerabilities = older.vulnerabilities.filter(
      (entry: { cveID: string }) => entry.cveID !== 'CVE-2025-48384',
    );
    older.count = older.vulnerabilities.length;
    const file = path.join(temp.dir, 'kev-2025-08-04.json');
    fs.writeFileSync(file, JSON.stringify(older));
    const before = await patchesJson();

    const refused = await cli(['feeds', 'import', file]);
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'patchdeck: Cannot import kev-2025-08-04.json: its data is from 2025-08-04T15:00:00.0000Z, older than the ' +
        'CISA KEV catalog already imported (2025-08-25T17:04:19.9796Z, from kev-subset.json); import a newer ' +
        'file, or import this one anyway to go back to it on purpose. To do so, add --allow-older.\n',
    });
    // git stays red for CVE-2025-48384, which the older catalog does not list yet.
    expect(await patchesJson()).toEqual(before);

    const taken = await cli(['feeds', 'import', '--allow-older', file]);
    expect(taken).toEqual({
      code: 0,
      stdout: 'kev-2025-08-04.json: CISA KEV 8 known exploited CVEs\n',
      stderr: '',
    });
    const git = (await patchesJson()).find((patch) => patch.package === 'git');
    expect(git).toMatchObject({ kev: false });
  });
});
