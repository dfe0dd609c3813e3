import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet } from './harness/fleet';
import type { Fleet, FleetHost } from './harness/fleet';
import { fleetDir } from './harness/fleet-paths';
import { runCommand } from './harness/run-command';
import { cleanupStaleFleets } from './harness/stale-fleets';
import type { CommandResult } from './harness/run-command';

const CLIENT_OPTIONS = [
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'GlobalKnownHostsFile=/dev/null',
  '-o',
  'LogLevel=ERROR',
  '-o',
  'ConnectTimeout=4',
];

/** The real OpenSSH client, key auth only. */
function sshWithKey(
  host: FleetHost,
  command: string,
  input?: string,
  extra: readonly string[] = [],
): Promise<CommandResult> {
  return runCommand(
    [
      'ssh',
      '-i',
      host.privateKeyPath,
      '-o',
      'BatchMode=yes',
      '-o',
      'IdentitiesOnly=yes',
      ...CLIENT_OPTIONS,
      ...extra,
      `${host.user}@${host.address}`,
      command,
    ],
    { input, timeoutMs: 60_000 },
  );
}

/** The host key fingerprint the OpenSSH client is shown during a real login. */
async function fingerprintSeenBy(host: FleetHost): Promise<string> {
  const result = await sshWithKey(host, 'true', undefined, ['-v']);
  expect(result.exitCode).toBe(0);
  const match = /Server host key: ssh-ed25519 (SHA256:\S+)/.exec(result.stderr);
  if (!match?.[1]) throw new Error(`ssh -v printed no server host key:\n${result.stderr}`);
  return match[1];
}

function ownNamespaces(prefix: string): Promise<string[]> {
  return runCommand(['ip', 'netns', 'list']).then((r) =>
    r.stdout
      .split('\n')
      .map((line) => line.split(' ')[0] ?? '')
      .filter((name) => name.startsWith(`${prefix}-`)),
  );
}

function ownLinks(prefix: string): Promise<string[]> {
  return runCommand(['ip', '-o', 'link', 'show']).then((r) =>
    r.stdout
      .split('\n')
      .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1] ?? '')
      .filter((name) => name.startsWith(`${prefix}-`)),
  );
}

function ownMounts(prefix: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point.startsWith(`${fleetDir(prefix)}/`));
}

describe('the test fleet', () => {
  let fleet: Fleet;
  const host = (index: number): FleetHost => {
    const found = fleet.hosts[index];
    if (!found) throw new Error(`fleet has no host ${index}`);
    return found;
  };

  beforeAll(async () => {
    fleet = await startFleet({ count: 3, prefix: 'pdftest' });
  });

  afterAll(async () => {
    await fleet?.stop();
    // The main fleet's own teardown is checked too, after every fault above.
    expect(await ownNamespaces('pdftest')).toEqual([]);
    expect(await ownLinks('pdftest')).toEqual([]);
    expect(ownMounts('pdftest')).toEqual([]);
    expect(existsSync(fleetDir('pdftest'))).toBe(false);
  });

  it('lets tech log in with the test key, on a host that knows its own name', async () => {
    const result = await sshWithKey(host(0), 'id -un; hostname; cat /etc/debian_version');
    expect(result.exitCode).toBe(0);
    const [user, hostname, debianVersion] = result.stdout.trim().split('\n');
    expect(user).toBe('tech');
    expect(hostname).toBe(host(0).name);
    expect(debianVersion).toMatch(/^12\./);
  });

  it('lets tech log in with the password (sshpass) and refuses a wrong one', async () => {
    const login = (password: string): Promise<CommandResult> =>
      runCommand([
        'sshpass',
        '-p',
        password,
        'ssh',
        '-o',
        'PubkeyAuthentication=no',
        ...CLIENT_OPTIONS,
        `tech@${host(1).address}`,
        'id -un',
      ]);
    const good = await login(host(1).password);
    expect(good.exitCode).toBe(0);
    expect(good.stdout.trim()).toBe('tech');
    const bad = await login('not-the-password');
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stdout).toBe('');
  });

  it('refuses root logins even with the authorised key', async () => {
    const result = await runCommand([
      'ssh',
      '-i',
      host(0).privateKeyPath,
      '-o',
      'BatchMode=yes',
      ...CLIENT_OPTIONS,
      `root@${host(0).address}`,
      'true',
    ]);
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toMatch(/Permission denied/);
  });

  it('runs sudo only with the password on stdin', async () => {
    const withPassword = await sshWithKey(host(0), 'sudo -S -p "" id -un', `${host(0).password}\n`);
    expect(withPassword.exitCode).toBe(0);
    expect(withPassword.stdout.trim()).toBe('root');
    const withoutPassword = await sshWithKey(host(0), 'sudo -S -p "" id -un', '');
    expect(withoutPassword.exitCode).not.toBe(0);
    expect(withoutPassword.stdout).toBe('');
    // Credentials are never cached: a second sudo in the same session needs the password again.
    const cached = await sshWithKey(host(0), 'sudo -S -p "" true && sudo -n true', `${host(0).password}\n`);
    expect(cached.exitCode).not.toBe(0);
    expect(cached.stderr).toMatch(/password is required/);
  });

  it('offers updates from the local repository, pd-hello from the security origin', async () => {
    const update = await sshWithKey(host(0), 'sudo -S -p "" apt-get update', `${host(0).password}\n`);
    expect(update.exitCode).toBe(0);
    expect(update.stdout).toContain('file:/srv/patchdeck-repo bookworm-security');
    expect(update.stdout).not.toMatch(/deb\.debian\.org|http:/);
    const upgrade = await sshWithKey(host(0), 'apt-get -s upgrade');
    expect(upgrade.exitCode).toBe(0);
    expect(upgrade.stdout).toMatch(
      /^Inst pd-hello \[1\.0-1\] \(1\.1-1 Debian-Security:bookworm-security \[all\]\)$/m,
    );
    expect(upgrade.stdout).toMatch(/^Inst pd-tools \[2\.0-1\] \(2\.1-1 Patchdeck Test:bookworm \[all\]\)$/m);
    const write = await host(0).exec(['touch', '/srv/patchdeck-repo/written-by-a-host']);
    expect(write.stderr).toMatch(/Read-only file system/);
    const source = await host(0).exec([
      'dpkg-query',
      '-W',
      '-f',
      '${source:Package} ${Version}',
      'pd-libfoo1',
    ]);
    expect(source.stdout).toBe('pd-foo 1.0-1');
  });

  it('publishes packages while the fleet runs: reboot flag, failing postinst, rollback', async () => {
    await fleet.repository.publish({
      name: 'pd-reboot',
      version: '1.0-1',
      suite: 'bookworm-security',
      rebootRequired: true,
    });
    await fleet.repository.publish({
      name: 'pd-broken',
      version: '1.0-1',
      suite: 'bookworm',
      postinstFails: true,
    });
    const h = host(2);
    expect((await h.exec(['apt-get', 'update'])).exitCode).toBe(0);
    // /var/run is an absolute symlink to /run: seen from the test machine it must be read as rootDir/run.
    expect(existsSync(`${h.rootDir}/run/reboot-required`)).toBe(false);
    const reboot = await h.exec(['apt-get', 'install', '-y', 'pd-reboot']);
    expect(reboot.exitCode).toBe(0);
    expect(existsSync(`${h.rootDir}/run/reboot-required`)).toBe(true);
    expect((await h.exec(['cat', '/var/run/reboot-required.pkgs'])).stdout).toBe('pd-reboot\n');

    const broken = await h.exec(['apt-get', 'install', '-y', 'pd-broken']);
    expect(broken.exitCode).not.toBe(0);
    expect((await h.exec(['dpkg-query', '-W', '-f', '${Status}', 'pd-broken'])).stdout).toBe(
      'install ok half-configured',
    );
    expect((await h.exec(['dpkg', '--remove', '--force-remove-reinstreq', 'pd-broken'])).exitCode).toBe(0);

    // Depends are real: installing the app pulls the newer library from the security suite.
    await fleet.repository.publish({
      name: 'pd-app',
      version: '1.0-1',
      suite: 'bookworm',
      depends: 'pd-libfoo1 (>= 1.0-2)',
    });
    expect((await h.exec(['apt-get', 'update'])).exitCode).toBe(0);
    expect((await h.exec(['apt-get', 'install', '-y', 'pd-app'])).exitCode).toBe(0);
    expect((await h.exec(['dpkg-query', '-W', '-f', '${Version}', 'pd-libfoo1'])).stdout).toBe('1.0-2');

    expect((await h.exec(['apt-get', 'install', '-y', 'pd-hello'])).exitCode).toBe(0);
    expect((await h.exec(['dpkg-query', '-W', '-f', '${Version}', 'pd-hello'])).stdout).toBe('1.1-1');
    const rollback = await h.exec(['apt-get', 'install', '-y', '--allow-downgrades', 'pd-hello=1.0-1']);
    expect(rollback.exitCode).toBe(0);
    expect((await h.exec(['dpkg-query', '-W', '-f', '${Version}', 'pd-hello'])).stdout).toBe('1.0-1');
    // Other hosts share the image but not the changes.
    expect((await host(1).exec(['dpkg-query', '-W', 'pd-reboot'])).exitCode).not.toBe(0);
  });

  it('rejects a package it cannot build, naming the problem', async () => {
    await expect(
      fleet.repository.publish({ name: 'Bad Name', version: '1', suite: 'bookworm' }),
    ).rejects.toThrow(/not a valid Debian package name/);
    await expect(
      fleet.repository.publish({ name: 'pd-hello', version: '1.1-1', suite: 'bookworm-security' }),
    ).rejects.toThrow(/already in bookworm-security/);
  });

  it('gives each host its own host key, the one clients are shown', async () => {
    const seen = await Promise.all(fleet.hosts.map(fingerprintSeenBy));
    expect(seen).toEqual(fleet.hosts.map((h) => h.hostKeyFingerprintSha256));
    expect(new Set(seen).size).toBe(3);
  });

  it('refuses connections while sshd is stopped, and serves again after start', async () => {
    const h = host(1);
    await h.stopSshd();
    const refused = await sshWithKey(h, 'true');
    expect(refused.exitCode).toBe(255);
    expect(refused.stderr).toMatch(/Connection refused/);
    await h.startSshd();
    expect((await sshWithKey(h, 'true')).exitCode).toBe(0);
  });

  it('accepts TCP but never answers while frozen, so the client times out', async () => {
    const h = host(1);
    await h.freeze();
    try {
      const tcp = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: h.address, port: 22 }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      expect(tcp).toBe(true);
      const started = Date.now();
      const result = await sshWithKey(h, 'true', undefined, ['-o', 'ConnectTimeout=2']);
      expect(result.exitCode).toBe(255);
      expect(result.stderr).toMatch(/timed out/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    } finally {
      await h.thaw();
    }
    expect((await sshWithKey(h, 'true')).exitCode).toBe(0);
  });

  it('is unreachable while its link is down', async () => {
    const h = host(2);
    await h.linkDown();
    try {
      const result = await sshWithKey(h, 'true');
      expect(result.exitCode).toBe(255);
      expect(result.stderr).toMatch(/Network is unreachable|No route to host/);
    } finally {
      await h.linkUp();
    }
    expect((await sshWithKey(h, 'true')).exitCode).toBe(0);
  });

  it('slows transfers on a shaped link and not after normalLink', async () => {
    const h = host(2);
    // From first to last byte of a 64 KiB download, so the login's own time (which varies with
    // the machine's load) is not part of what is measured.
    const transferMs = (): Promise<number> =>
      new Promise((resolve, reject) => {
        const child = spawn('ssh', [
          '-i',
          h.privateKeyPath,
          '-o',
          'BatchMode=yes',
          ...CLIENT_OPTIONS,
          `${h.user}@${h.address}`,
          'head -c 65536 /dev/zero',
        ]);
        let first = 0;
        let bytes = 0;
        child.stdout.on('data', (chunk: Buffer) => {
          if (bytes === 0) first = Date.now();
          bytes += chunk.length;
        });
        child.on('error', reject);
        child.on('close', (code) => {
          if (code !== 0 || bytes !== 65_536) reject(new Error(`ssh exited ${code} after ${bytes} bytes`));
          else resolve(Date.now() - first);
        });
      });
    const normal = await transferMs();
    await h.slowLink(256);
    let slow: number;
    try {
      slow = await transferMs();
    } finally {
      await h.normalLink();
    }
    // 64 KiB at 256 kbit/s is about two seconds on the wire (less the 2 KiB bucket).
    expect(slow).toBeGreaterThan(1_500);
    expect(normal).toBeLessThan(1_000);
    expect(await transferMs()).toBeLessThan(1_000);
  });

  it('rotates the host key: clients see the new fingerprint', async () => {
    const h = host(0);
    const before = await fingerprintSeenBy(h);
    const reported = await h.rotateHostKey();
    expect(reported).not.toBe(before);
    expect(await fingerprintSeenBy(h)).toBe(reported);
  });

  it('plays a reboot asked for with sudo: sessions drop, sshd returns, boot id changes, reboot flag cleared', async () => {
    const h = host(2);
    await h.exec(['touch', '/var/run/reboot-required']);
    const bootBefore = (await h.exec(['cat', '/proc/sys/kernel/random/boot_id'])).stdout.trim();
    expect(bootBefore).toBe(h.bootId);
    const notRoot = await sshWithKey(h, '/usr/sbin/reboot');
    expect(notRoot.exitCode).not.toBe(0);
    expect(notRoot.stderr).toMatch(/must be superuser/);

    const session = sshWithKey(h, 'sleep 60');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const asked = await sshWithKey(h, 'sudo -S -p "" shutdown -r now', `${h.password}\n`);
    expect(asked.exitCode).toBe(0);
    // Down for a while (refused), then back.
    let sawDown = false;
    const deadline = Date.now() + 15_000;
    let after: CommandResult | undefined;
    while (Date.now() < deadline) {
      after = await sshWithKey(
        h,
        'cat /proc/sys/kernel/random/boot_id; if test -e /var/run/reboot-required; then echo still-pending; fi',
      );
      if (after.exitCode === 0 && sawDown) break;
      if (after.exitCode === 255 && /Connection refused/.test(after.stderr)) sawDown = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(sawDown).toBe(true);
    expect(after?.exitCode).toBe(0);
    const bootAfter = after?.stdout.trim();
    expect(bootAfter).not.toBe(bootBefore);
    expect(bootAfter).toBe(h.bootId);
    expect(after?.stdout).not.toContain('still-pending');
    // The open session ended with the reboot, long before its sleep would have.
    expect((await session).exitCode).toBe(255);
  });

  it('tears down completely, also after a crashed run, and can start again at once', async () => {
    const crashed = await startFleet({ count: 2, prefix: 'pdfgone' });
    // Starting again with the same prefix, without stop, is what the next run after a crash does.
    const again = await startFleet({ count: 1, prefix: 'pdfgone' });
    expect(await ownNamespaces('pdfgone')).toEqual(['pdfgone-1']);
    expect((await sshWithKey(again.hosts[0] as FleetHost, 'true')).exitCode).toBe(0);
    await again.stop();
    await crashed.stop();
    expect(await ownNamespaces('pdfgone')).toEqual([]);
    expect(await ownLinks('pdfgone')).toEqual([]);
    expect(ownMounts('pdfgone')).toEqual([]);
    expect(existsSync(fleetDir('pdfgone'))).toBe(false);
  });

  it('never removes a fleet that another live process owns, only its leftovers once that process is gone', async () => {
    const owner = spawn('sleep', ['60'], { stdio: 'ignore' });
    const dir = fleetDir('pdfother');
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        `${dir}/fleet.json`,
        JSON.stringify({ prefix: 'pdfother', slot: 15, ownerPid: owner.pid }),
      );
      await expect(cleanupStaleFleets('pdfother')).rejects.toThrow(/belongs to running process/);
      expect(existsSync(dir)).toBe(true);
    } finally {
      const exited = new Promise((resolve) => owner.once('exit', resolve));
      owner.kill('SIGKILL');
      await exited;
    }
    await cleanupStaleFleets('pdfother');
    expect(existsSync(dir)).toBe(false);
  });
});
