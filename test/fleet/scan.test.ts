import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from './harness/fleet';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

interface ScanEntry {
  device: string;
  status: string;
  os: string | null;
  packages: number | null;
  updates: number | null;
  securityUpdates: number | null;
  rebootRequired: boolean | null;
  durationMs: number;
  error: string | null;
}

/** Scanning real Debian hosts over real sshd, as a technician does it: through the CLI. */
describe('scan against the test fleet', () => {
  let fleet: Fleet;
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'fleet.db');
  const env = { SUDO_PASSWORD: '', PATCHDECK_VAULT_PASSPHRASE: 'fleet-test' };
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args], env);
  const scanJson = async (args: string[]) => {
    const run = await cli(['--json', 'scan', ...args]);
    return { ...run, entries: JSON.parse(run.stdout || '[]') as ScanEntry[] };
  };
  const hostCount = 6;

  beforeAll(async () => {
    fleet = await startFleet({ count: hostCount, prefix: 'pdscan' });
    env.SUDO_PASSWORD = fleet.hosts[0]!.password;
    expect((await cli(['client', 'add', 'Acme', '--timezone', 'Europe/Berlin'])).code).toBe(0);
    for (const [index, host] of fleet.hosts.entries()) {
      const added = await cli([
        'device',
        'add',
        `host-${index + 1}`,
        '--client',
        'Acme',
        '--host',
        host.address,
        '--user',
        host.user,
        '--key',
        host.privateKeyPath,
        '--sudo',
        '--sudo-password-env',
        'SUDO_PASSWORD',
        '--tag',
        'server',
      ]);
      expect(added).toMatchObject({ code: 0 });
    }
  });
  afterAll(async () => {
    await fleet?.stop();
    temp.cleanup();
  });

  it('full scan of the whole fleet: OS, every installed package, missing updates with their security origin', async () => {
    const run = await scanJson(['--all', '--concurrency', '4']);
    expect(run.code).toBe(0);
    expect(run.entries).toHaveLength(hostCount);
    const host = fleet.hosts[0]!;
    const installed = (await host.exec(['dpkg-query', '-W', '-f', '${Package}\\n'])).stdout
      .trim()
      .split('\n').length;
    for (const entry of run.entries) {
      expect(entry).toMatchObject({
        status: 'ok',
        os: 'Debian GNU/Linux 12 (bookworm)',
        packages: installed,
        rebootRequired: false,
        error: null,
      });
      expect(Object.keys(entry).slice(0, 9)).toEqual([
        'device',
        'status',
        'os',
        'packages',
        'updates',
        'securityUpdates',
        'rebootRequired',
        'durationMs',
        'error',
      ]);
    }
    const patches = JSON.parse((await cli(['--json', 'patches', 'host-1'])).stdout) as {
      package: string;
      availableVersion: string;
      security: boolean;
      source: string;
    }[];
    const byName = new Map(patches.map((patch) => [patch.package, patch]));
    expect(byName.get('pd-hello')).toMatchObject({ availableVersion: '1.1-1', security: true });
    expect(byName.get('pd-hello')?.source).toMatch(/Debian-Security/);
    expect(byName.get('pd-tools')).toMatchObject({ availableVersion: '2.1-1', security: false });
    const inventory = JSON.parse((await cli(['--json', 'inventory', 'host-1'])).stdout) as {
      name: string;
      sourceName: string;
      manager: string;
    }[];
    expect(inventory.find((pkg) => pkg.name === 'pd-libfoo1')).toMatchObject({
      sourceName: 'pd-foo',
      manager: 'dpkg',
    });
  });

  it('pins host keys on first use and refuses a changed key until the technician trusts it', async () => {
    const listed = JSON.parse((await cli(['--json', 'device', 'list'])).stdout) as {
      name: string;
      hostKey: string;
    }[];
    expect(listed.find((device) => device.name === 'host-2')?.hostKey).toBe(
      fleet.hosts[1]!.hostKeyFingerprintSha256,
    );
    const before = (await cli(['--json', 'inventory', 'host-2'])).stdout;
    const rotated = await fleet.hosts[1]!.rotateHostKey();
    const refused = await scanJson(['host-2', '--quick']);
    expect(refused.code).toBe(1);
    expect(refused.entries[0]).toMatchObject({ device: 'host-2', status: 'host-key-mismatch' });
    expect(refused.entries[0]?.error).toContain(rotated);
    expect((await cli(['--json', 'inventory', 'host-2'])).stdout).toBe(before);
    const trusted = await cli(['--json', 'device', 'trust', 'host-2']);
    expect(JSON.parse(trusted.stdout)).toMatchObject({ device: 'host-2', current: rotated });
    expect((await scanJson(['host-2', '--quick'])).entries[0]?.status).toBe('ok');
  });

  it('classifies dead, hung, cut-off and wrongly-configured hosts, and keeps scanning the others', async () => {
    const [, , down, frozen, cut] = fleet.hosts;
    await down!.stopSshd();
    await frozen!.freeze();
    await cut!.linkDown();
    try {
      const started = Date.now();
      const run = await scanJson(['host-3', 'host-4', 'host-5', 'host-6', '--quick', '--timeout', '3']);
      const elapsed = Date.now() - started;
      expect(run.code).toBe(1);
      const status = Object.fromEntries(run.entries.map((entry) => [entry.device, entry.status]));
      expect(status).toEqual({
        'host-3': 'unreachable',
        'host-4': 'timeout',
        'host-5': 'unreachable',
        'host-6': 'ok',
      });
      for (const entry of run.entries.filter((e) => e.status !== 'ok'))
        expect(entry.error).toMatch(/host-\d/);
      // A host that does not answer is declared unreachable within the 3 s connect timeout (plus process start).
      expect(run.entries.find((entry) => entry.device === 'host-5')!.durationMs).toBeLessThan(3_500);
      expect(elapsed).toBeLessThan(15_000);
    } finally {
      await down!.startSshd();
      await frozen!.thaw();
      await cut!.linkUp();
    }
  });

  it('ends a scan over a crawling link as timeout', async () => {
    const slow = fleet.hosts[5]!;
    await slow.slowLink(8);
    try {
      const run = await scanJson(['host-6', '--full', '--timeout', '4']);
      expect(run.entries[0]).toMatchObject({ status: 'timeout' });
    } finally {
      await slow.normalLink();
    }
  });

  it('refuses wrong credentials as auth-failed', async () => {
    const host = fleet.hosts[0]!;
    const wrong = await runPatchdeck(
      [
        '--db',
        db,
        'device',
        'add',
        'wrong-pass',
        '--client',
        'Acme',
        '--host',
        host.address,
        '--user',
        host.user,
        '--password-env',
        'WRONG',
      ],
      { ...env, WRONG: 'not-the-password' },
    );
    expect(wrong.code).toBe(0);
    const run = await scanJson(['wrong-pass', '--quick']);
    expect(run.entries[0]).toMatchObject({ status: 'auth-failed' });
    expect((await cli(['device', 'remove', 'wrong-pass'])).code).toBe(0);
  });

  it('marks a device whose package tools answer garbage as failed, keeping its previous inventory', async () => {
    const host = fleet.hosts[2]!;
    const before = (await cli(['--json', 'inventory', 'host-3'])).stdout;
    expect(JSON.parse(before).length).toBeGreaterThan(50);
    await host.exec([
      'sh',
      '-c',
      'printf "#!/bin/sh\\necho \\"%%%% garbage \\\\x00 from a broken dpkg\\"\\n" > /usr/local/bin/dpkg-query && chmod +x /usr/local/bin/dpkg-query',
    ]);
    try {
      const run = await scanJson(['host-3', 'host-1', '--quick']);
      const byDevice = Object.fromEntries(run.entries.map((entry) => [entry.device, entry]));
      expect(byDevice['host-3']).toMatchObject({ status: 'failed' });
      expect(byDevice['host-3']!.error).toBeTruthy();
      expect(byDevice['host-1']).toMatchObject({ status: 'ok' });
      expect((await cli(['--json', 'inventory', 'host-3'])).stdout).toBe(before);
    } finally {
      await host.exec(['rm', '-f', '/usr/local/bin/dpkg-query']);
    }
  });

  it('a rescan records exactly what changed on the host', async () => {
    const host = fleet.hosts[0]!;
    await host.exec(['sh', '-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q pd-extra >/dev/null']);
    expect((await scanJson(['host-1', '--quick'])).entries[0]?.status).toBe('ok');
    const inventory = JSON.parse((await cli(['--json', 'inventory', 'host-1'])).stdout) as {
      name: string;
      version: string;
    }[];
    expect(inventory.find((pkg) => pkg.name === 'pd-extra')).toMatchObject({ version: '1.0-1' });
  });
});
