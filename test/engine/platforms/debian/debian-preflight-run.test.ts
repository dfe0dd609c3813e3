// The Debian pre-flight run for real on this machine (Debian 12): its own dpkg and apt, as an unprivileged user,
// and its lock check against locks that real processes hold: dpkg installing into a scratch root, and flock(1).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { debianDeployment } from '../../../../electron/engine/platforms/debian/deploy-adapter';
import { parseDebianPreflight } from '../../../../electron/engine/platforms/debian/deploy-parse';
import { debianPreflightScript } from '../../../../electron/engine/platforms/debian/deploy-scripts';
import { lockHoldersFunction, parseLockHolders } from '../../../../electron/engine/platforms/tagged-run';
import { ParseError } from '../../../../electron/engine/platforms/types';

const scratch = mkdtempSync(join(tmpdir(), 'pd-preflight-'));
chmodSync(scratch, 0o755);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs sh text as the unprivileged user nobody, as the pre-flight now runs on a device (no sudo). */
function runAsNobody(script: string, args: readonly string[] = []) {
  const stdout = execFileSync(
    'setpriv',
    ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', 'sh', '-c', script, 'sh', ...args],
    { encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } },
  );
  return { stdout, stderr: '', exitCode: 0 };
}

const lockCheck = (files: readonly string[]) => `${lockHoldersFunction(files)}pd_lock\n`;

async function until<T>(what: string, probe: () => T | null): Promise<T> {
  for (let tries = 0; tries < 200; tries += 1) {
    const value = probe();
    if (value !== null) return value;
    await sleep(25);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('Debian pre-flight on this machine', () => {
  it('asks for no sudo and reads the real dpkg and apt without root', () => {
    expect(debianDeployment.preflightScript.sudo).toBe(false);
    const preflight = parseDebianPreflight(
      runAsNobody(debianPreflightScript, ['dpkg', 'pd-no-such-package']),
      ['dpkg', 'pd-no-such-package'],
    );
    const dpkgVersion = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'dpkg'], { encoding: 'utf8' });
    expect(preflight.packages[0]).toMatchObject({ name: 'dpkg', installed: dpkgVersion });
    expect(preflight.packages[0]?.candidate).not.toBeNull();
    expect(preflight.packages[1]).toMatchObject({
      installed: null,
      candidate: null,
      rollbackPossible: false,
    });
    expect(preflight.freeBytes).toBeGreaterThan(0);
    expect(preflight.bootId).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
  });

  it('a lock check that cannot run is an error, not "nobody holds the lock"', () => {
    const broken = debianPreflightScript.replace(/awk -v ids/, 'pd-no-such-awk -v ids');
    const files = ['/var/lib/dpkg/lock-frontend', '/var/lib/dpkg/lock'];
    const output = runAsNobody(broken, ['dpkg']);
    expect(() => parseDebianPreflight(output, ['dpkg'])).toThrow(ParseError);
    expect(() => parseDebianPreflight(output, ['dpkg'])).toThrow(
      /The package manager lock check failed: .*pd-no-such-awk/,
    );
    expect(() => lockHoldersFunction([...files, '/var/lib/dpkg/lock; rm -rf /'])).toThrow(
      /is not a lock file path/,
    );
  });
});

describe('the lock check names real lock holders', () => {
  it('names dpkg while it installs, from /proc/locks, without root', async () => {
    const root = join(scratch, 'root');
    const admin = join(root, 'var', 'lib', 'dpkg');
    for (const dir of ['info', 'updates', 'triggers']) mkdirSync(join(admin, dir), { recursive: true });
    writeFileSync(join(admin, 'status'), '');
    const pkg = join(scratch, 'pkg');
    mkdirSync(join(pkg, 'DEBIAN'), { recursive: true });
    writeFileSync(
      join(pkg, 'DEBIAN', 'control'),
      'Package: pd-slow\nVersion: 1.0\nArchitecture: all\nMaintainer: Patchdeck <t@example.invalid>\nDescription: a preinst that takes its time\n',
    );
    writeFileSync(join(pkg, 'DEBIAN', 'preinst'), '#!/bin/sh\nsleep 5\n', { mode: 0o755 });
    execFileSync('dpkg-deb', ['-b', pkg, join(scratch, 'pd-slow.deb')], { stdio: 'ignore' });
    const locks = [join(admin, 'lock-frontend'), join(admin, 'lock')];
    expect(parseLockHolders(runAsNobody(lockCheck(locks)).stdout)).toBeNull();

    const dpkg = spawn(
      'dpkg',
      [
        `--root=${root}`,
        '--force-script-chrootless',
        '--force-not-root',
        '--log=/dev/null',
        '--unpack',
        join(scratch, 'pd-slow.deb'),
      ],
      { stdio: 'ignore' },
    );
    children.push(dpkg);
    const holder = await until('dpkg to take its locks', () =>
      parseLockHolders(runAsNobody(lockCheck(locks)).stdout),
    );
    expect(holder).toBe(`dpkg (pid ${dpkg.pid})`);
    // Another file on the same file system, even one dpkg has open, is not a package manager lock.
    expect(parseLockHolders(runAsNobody(lockCheck([join(admin, 'status')])).stdout)).toBeNull();
    dpkg.kill('SIGKILL');
    await until("the kernel to drop the killed dpkg's locks", () =>
      parseLockHolders(runAsNobody(lockCheck(locks)).stdout) === null ? true : null,
    );
  });

  it('matches a lock on a device whose minor number is above 255, as on a machine with many mounts', () => {
    // 300 tmpfs mounts in a mount namespace of the test's own (gone when it ends) push the last one's minor
    // above 255, where stat's device number and /proc/locks's hex minor stop looking alike.
    const mounts = join(scratch, 'mounts');
    const lock = join(mounts, 'm300', 'lock');
    const found = execFileSync(
      'unshare',
      [
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        `for i in $(seq 1 300); do mkdir -p "$1/m$i" && mount -t tmpfs pd-test "$1/m$i" || exit 1; done
: >"$2"
flock --no-fork "$2" sleep 30 >/dev/null 2>&1 &
while ! grep -q FLOCK /proc/locks; do sleep 0.05; done
echo "minor $(stat -c %d "$2") $!"
setpriv --reuid=nobody --regid=nogroup --clear-groups -- sh -c "$3"
kill $!`,
        'sh',
        mounts,
        lock,
        lockCheck([lock]),
      ],
      { encoding: 'utf8' },
    );
    const [header = '', ...holders] = found.split('\n');
    const [, device, flockPid] = header.split(' ');
    expect(Math.floor(Number(device) / 4096) % 4096).toBeGreaterThan(0);
    // --no-fork: flock takes the lock, then becomes the sleep, so the holder is named after it.
    expect(parseLockHolders(holders.join('\n'))).toBe(`sleep (pid ${flockPid})`);
  });

  it('names a process holding a flock on a lock file, and reads missing lock files as unlocked', async () => {
    const lock = join(scratch, 'lists-lock');
    writeFileSync(lock, '');
    const flock = spawn('flock', [lock, 'sleep', '10'], { stdio: 'ignore' });
    children.push(flock);
    const holder = await until('flock to take the lock', () =>
      parseLockHolders(runAsNobody(lockCheck([lock, join(scratch, 'no-such-lock')])).stdout),
    );
    expect(holder).toBe(`flock (pid ${flock.pid})`);
    flock.kill('SIGKILL');
    expect(runAsNobody(lockCheck([join(scratch, 'no-such-lock')])).stdout).toBe('');
  });
});
