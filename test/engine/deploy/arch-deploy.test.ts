import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgePreflight } from '../../../electron/engine/deploy/device-run';
import { archDeployment } from '../../../electron/engine/platforms/arch/deploy-adapter';
import { parseArchInstall, parseArchPreflight } from '../../../electron/engine/platforms/arch/deploy-parse';
import {
  archInstallScript,
  archInstallStatusScript,
  archPreflightScript,
  pacmanLockFile,
} from '../../../electron/engine/platforms/arch/deploy-scripts';
import { ParseError } from '../../../electron/engine/platforms/types';
import { scratchHost, type ScratchHost } from '../platforms/rhel/scratch-root';

/** A pacman package made by hand the way makepkg lays it out: .PKGINFO plus the files, zstd-compressed by bsdtar. */
function buildPacmanPackage(dir: string, name: string, version: string): string {
  const build = join(dir, `build-${name}-${version}`);
  mkdirSync(join(build, 'usr', 'share', name), { recursive: true });
  writeFileSync(join(build, 'usr', 'share', name, 'version'), `${version}\n`);
  writeFileSync(
    join(build, '.PKGINFO'),
    [
      `pkgname = ${name}`,
      `pkgbase = ${name}`,
      `pkgver = ${version}`,
      'pkgdesc = Patchdeck test package',
      'builddate = 1700000000',
      'packager = Patchdeck tests',
      'size = 4',
      'arch = any',
      '',
    ].join('\n'),
  );
  const file = join(dir, `${name}-${version}-any.pkg.tar.zst`);
  execFileSync('bsdtar', ['--zstd', '-cf', file, '.PKGINFO', 'usr'], { cwd: build });
  return file;
}

// Real pacman 6.0.2 and repo-add from Debian's pacman-package-manager, with a scratch root, database and cache
// (pacman.conf RootDir/DBPath/CacheDir) standing in for the device.
describe('Arch deployment with the real pacman', () => {
  let dir = '';
  let host: ScratchHost;
  let config = '';
  const pacman = (...args: string[]) =>
    execFileSync('pacman', ['--config', config, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const installed = () => pacman('-Q', 'pd-hello').trim();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchdeck-arch-'));
    config = join(dir, 'pacman.conf');
    for (const sub of ['repo', 'cache', 'root/var/lib/pacman', 'gnupg', 'hooks'])
      mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(
      config,
      [
        '[options]',
        `RootDir = ${dir}/root`,
        `DBPath = ${dir}/root/var/lib/pacman/`,
        `CacheDir = ${dir}/cache/`,
        `LogFile = ${dir}/pacman.log`,
        `GPGDir = ${dir}/gnupg`,
        `HookDir = ${dir}/hooks`,
        'Architecture = auto',
        'SigLevel = Never',
        '[pdtest]',
        `Server = file://${dir}/repo`,
        '',
      ].join('\n'),
    );
    const addToRepo = (file: string) => {
      const inRepo = join(dir, 'repo', file.slice(dir.length + 1));
      copyFileSync(file, inRepo);
      execFileSync('repo-add', ['-q', join(dir, 'repo', 'pdtest.db.tar.gz'), inRepo], { stdio: 'ignore' });
      // -yy: both repo-add runs can fall in the same second, and a plain -Sy would keep the older database.
      pacman('-Syy');
    };
    // 1.0-1 comes from the repository, so pacman keeps its file in the cache as it does on a real system.
    addToRepo(buildPacmanPackage(dir, 'pd-hello', '1.0-1'));
    pacman('-S', '--noconfirm', 'pd-hello');
    rmSync(join(dir, 'repo', 'pd-hello-1.0-1-any.pkg.tar.zst'));
    addToRepo(buildPacmanPackage(dir, 'pd-hello', '1.1-1'));
    host = scratchHost(dir);
    host.shim('pacman', '/usr/bin/pacman', ['--config', config]);
    host.shim('pacman-conf', '/usr/bin/pacman-conf', ['--config', config]);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pre-flight: installed, offered and cached versions, no lock, boot id', () => {
    const preflight = parseArchPreflight(host.run(archPreflightScript, ['pd-hello', 'pd-nosuch']), [
      'pd-hello',
      'pd-nosuch',
    ]);
    expect(preflight.packages).toEqual([
      {
        name: 'pd-hello',
        installed: '1.0-1',
        candidate: '1.1-1',
        rollbackPossible: true,
        rollbackNote:
          'Rolling back reinstalls the cached pd-hello 1.0-1 with pacman -U: a partial downgrade, which Arch does not support; packages updated since against the newer pd-hello may break until the next full upgrade (pacman -Syu).',
      },
      {
        name: 'pd-nosuch',
        installed: null,
        candidate: null,
        rollbackPossible: false,
        rollbackNote: 'pd-nosuch is not installed.',
      },
    ]);
    expect(preflight.lockHolder).toBeNull();
    expect(preflight.freeBytes).toBeGreaterThan(0);
    expect(preflight.bootId).toMatch(/^[0-9a-f-]{36}$/);
    // The partial upgrade is said before the install, in the job's warnings and the dry run alike.
    const partial =
      'Installing only these packages is a partial upgrade, which Arch does not support: the rest of the system stays at the sync databases as last synced; run a full upgrade (pacman -Syu) soon.';
    expect(preflight.warnings).toEqual([partial]);
    const judged = judgePreflight(preflight, [{ name: 'pd-hello', version: null }], 'upgrade');
    expect(judged.warnings).toEqual([partial]);
    expect(judged.result.warnings).toEqual([partial]);
  });

  it('names the pacman holding db.lck, and a lock file a killed pacman left behind', async () => {
    const lock = join(dir, 'root', 'var', 'lib', 'pacman', 'db.lck');
    const script = archPreflightScript.replaceAll(pacmanLockFile, lock);
    // A real pacman holds the lock while it waits at its "Proceed with installation?" prompt.
    const waiting = spawn('pacman', ['--config', config, '-S', 'pd-hello'], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    try {
      for (let tries = 0; tries < 100 && !existsSync(lock); tries += 1)
        await new Promise((wait) => setTimeout(wait, 50));
      const preflight = parseArchPreflight(host.run(script, ['pd-hello']), ['pd-hello']);
      expect(preflight.lockHolder).toBe(`pacman (pid ${waiting.pid})`);
    } finally {
      waiting.stdin.end('n\n');
      await new Promise((done) => waiting.once('exit', done));
    }
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, '');
    try {
      expect(parseArchPreflight(host.run(script, ['pd-hello']), ['pd-hello']).lockHolder).toBe(
        `a stale ${pacmanLockFile} that no process holds open`,
      );
    } finally {
      rmSync(lock);
    }
  });

  it('upgrades without syncing, refuses to start a tag twice, rolls back from the cache with -U', () => {
    const upgrade = parseArchInstall(
      host.run(
        archInstallScript,
        archDeployment.installArguments('51-1', 'upgrade', [{ name: 'pd-hello', version: null }]),
      ),
    );
    expect(upgrade).toMatchObject({ state: 'finished', startedNow: true, exitCode: 0 });
    expect(upgrade.output).toMatch(/upgrading pd-hello/);
    expect(upgrade.output).not.toMatch(/Synchronizing package databases/);
    expect(installed()).toBe('pd-hello 1.1-1');
    expect(parseArchInstall(host.run(archInstallScript, ['51-1', 'upgrade', 'pd-hello']))).toMatchObject({
      state: 'finished',
      startedNow: false,
      exitCode: 0,
    });

    const rollback = parseArchInstall(
      host.run(
        archInstallScript,
        archDeployment.installArguments('52-1', 'downgrade', [{ name: 'pd-hello', version: '1.0-1' }]),
      ),
    );
    expect(rollback).toMatchObject({ state: 'finished', exitCode: 0 });
    expect(rollback.output).toMatch(/downgrading pd-hello/);
    expect(installed()).toBe('pd-hello 1.0-1');
  }, 60_000);

  it('a version not in the cache stops the rollback before pacman runs; unknown names fail in pacman', () => {
    const missing = parseArchInstall(host.run(archInstallScript, ['53-1', 'downgrade', 'pd-hello=0.9-1']));
    expect(missing).toMatchObject({
      state: 'finished',
      exitCode: 1,
      output: 'patchdeck: pd-hello 0.9-1 is not in the package cache, so it cannot be reinstalled\n',
    });
    const unknown = parseArchInstall(host.run(archInstallScript, ['53-2', 'upgrade', 'pd-nosuch']));
    expect(unknown).toMatchObject({ state: 'finished', exitCode: 1 });
    expect(unknown.output).toMatch(/error: target not found: pd-nosuch/);
    expect(parseArchInstall(host.run(archInstallStatusScript, ['53-9']))).toMatchObject({
      state: 'not-started',
    });
    expect(installed()).toBe('pd-hello 1.0-1');
  }, 60_000);
});

/** A framed pre-flight run with the given section bodies, as the Arch script prints it. */
function framed(sections: Record<string, { stdout: string; stderr?: string; exit?: number }>): string {
  const body = Object.entries(sections)
    .map(
      ([name, { stdout, stderr = '', exit = 0 }]) =>
        `@@patchdeck:section:${name}@@\n${stdout}\n@@patchdeck:stderr:${name}@@\n${stderr}\n@@patchdeck:exit:${name}:${exit}@@\n`,
    )
    .join('');
  return `@@patchdeck:script:arch-preflight@@\n${body}@@patchdeck:end:arch-preflight@@\n`;
}

const base = {
  disk: {
    stdout:
      'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda2 61255492 9215500 48898324 16% /',
  },
  lock: { stdout: '' },
  'lock-file': { stdout: 'absent' },
  kernel: { stdout: 'running=6.10.9-arch1-1\n6.10.10-arch1-1' },
  'boot-id': { stdout: '4f0c3a59-1d7e-4d0b-9a53-8d3f6a1b2c4d' },
};
const output = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

describe('Arch pre-flight parsing', () => {
  it('kernels are replaced in place, uncached versions cannot come back, a replaced kernel means reboot', () => {
    const stdout = framed({
      ...base,
      installed: { stdout: 'linux 6.10.10.arch1-1\nvim 9.1.0707-1\nopenssl 3.3.1-1' },
      sync: {
        stdout: [
          'Repository      : core\nName            : linux\nVersion         : 6.10.10.arch1-1\n',
          'Repository      : extra\nName            : vim\nVersion         : 9.1.0764-1\n',
          'Repository      : core\nName            : openssl\nVersion         : 3.3.2-1\n',
          'Repository      : core-testing\nName            : openssl\nVersion         : 3.4.0-1\n',
        ].join('\n'),
      },
      cache: {
        stdout:
          'vim-9.1.0764-1-x86_64.pkg.tar.zst\nopenssl-3.3.1-1-x86_64.pkg.tar.zst\nopenssl-3.3.2-1-x86_64.pkg.tar.zst',
      },
    });
    const preflight = parseArchPreflight(output(stdout), ['linux', 'vim', 'openssl']);
    expect(preflight.rebootPending).toBe(true);
    expect(preflight.freeBytes).toBe(48898324 * 1024);
    expect(preflight.packages[0]).toMatchObject({
      installed: '6.10.10.arch1-1',
      candidate: '6.10.10.arch1-1',
      rollbackPossible: false,
      rollbackNote: expect.stringMatching(/^linux is a kernel Arch replaces in place/),
    });
    expect(preflight.packages[1]).toMatchObject({
      candidate: '9.1.0764-1',
      rollbackPossible: false,
      rollbackNote:
        'vim 9.1.0707-1 is not in the package cache (cleaned, or installed from a file), so pacman -U has nothing to reinstall.',
    });
    expect(preflight.packages[2]).toMatchObject({ candidate: '3.3.2-1', rollbackPossible: true });
  });

  it('refuses failed queries, unreadable cache files, empty and cut-short output', () => {
    const good = { installed: { stdout: 'vim 9.1.0707-1' }, sync: { stdout: '' }, cache: { stdout: '' } };
    const locked = framed({
      ...base,
      ...good,
      sync: {
        stdout: '',
        stderr: 'error: failed to initialize alpm library:\n(could not find or read directory)',
        exit: 1,
      },
    });
    expect(() => parseArchPreflight(output(locked), ['vim'])).toThrow(
      /pacman -Si failed: error: failed to initialize/,
    );
    const oddFile = framed({ ...base, ...good, cache: { stdout: 'vim.tar.zst' } });
    expect(() => parseArchPreflight(output(oddFile), ['vim'])).toThrow(
      /cannot read as a package: "vim.tar.zst"/,
    );
    const noPacman = framed({ ...base, ...good, installed: { stdout: '', exit: 127 } });
    expect(() => parseArchPreflight(output(noPacman), ['vim'])).toThrow(/pacman is missing/);
    const notFound = framed({
      ...base,
      ...good,
      installed: { stdout: '', stderr: "error: package 'vim' was not found", exit: 1 },
    });
    expect(parseArchPreflight(output(notFound), ['vim']).packages[0]?.installed).toBeNull();
    expect(() => parseArchPreflight(output(''), ['vim'])).toThrow(ParseError);
    const whole = framed({ ...base, ...good });
    expect(() =>
      parseArchPreflight(output(whole.slice(0, whole.indexOf('@@patchdeck:section:sync'))), ['vim']),
    ).toThrow(/cut short/);
    expect(() => parseArchInstall(output('sh: 1: pacman: not found\n'))).toThrow(/Patchdeck script marker/);
  });

  it('checks names and versions before they travel', () => {
    for (const bad of ['-Syu', '--overwrite=*', 'Vim', 'a b', 'vim=1-1', '.hidden', ''])
      expect(() => archDeployment.checkPackageName(bad)).toThrow(/is not an Arch package name/);
    for (const good of ['1:2.3.4-1', '9.1.0707-1', '6.10.10.arch1-1', '1.2_rc1-2.1'])
      expect(() => archDeployment.checkVersion(good)).not.toThrow();
    for (const bad of ['1.0', '-1-1', '1.0-1 --noconfirm', '1/2-1', '1.0-x'])
      expect(() => archDeployment.checkVersion(bad)).toThrow(/is not an Arch package version/);
    expect(
      archDeployment.installArguments('9-4', 'downgrade', [{ name: 'openssl', version: '3.3.1-1' }]),
    ).toEqual(['9-4', 'downgrade', 'openssl=3.3.1-1']);
  });
});
