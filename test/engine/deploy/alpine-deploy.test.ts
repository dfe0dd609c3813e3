import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alpineDeployment } from '../../../electron/engine/platforms/alpine/deploy-adapter';
import {
  parseAlpineInstall,
  parseAlpinePreflight,
  parseApkPolicy,
} from '../../../electron/engine/platforms/alpine/deploy-parse';
import {
  alpineInstallScript,
  alpineInstallStatusScript,
  alpinePreflightScript,
} from '../../../electron/engine/platforms/alpine/deploy-scripts';
import { ParseError } from '../../../electron/engine/platforms/types';
import { scratchHost, type ScratchHost } from '../platforms/rhel/scratch-root';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'platforms', 'fixtures', 'alpine', name), 'utf8');

// apk-tools is not in Debian 12: the real Alpine scripts run here with an `apk` stand-in that records its
// arguments and replays recorded apk output (see fixtures/alpine/SOURCES.md).
describe('Alpine deployment scripts, with recorded apk output', () => {
  let dir = '';
  let host: ScratchHost;
  const replay = (recorded: { stdout?: string; stderr?: string; exit?: number }) => {
    writeFileSync(join(dir, 'apk.stdout'), recorded.stdout ?? '');
    writeFileSync(join(dir, 'apk.stderr'), recorded.stderr ?? '');
    writeFileSync(join(dir, 'apk.exit'), String(recorded.exit ?? 0));
    rmSync(join(dir, 'apk.args'), { force: true });
  };
  const apkArgs = () => readFileSync(join(dir, 'apk.args'), 'utf8').trim().split('\n');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchdeck-alpine-'));
    host = scratchHost(dir);
    host.standIn(
      'apk',
      [
        `printf '%s\\n' "$*" >>'${dir}/apk.args'`,
        `cat '${dir}/apk.stdout'`,
        `cat '${dir}/apk.stderr' >&2`,
        `exit "$(cat '${dir}/apk.exit')"`,
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pre-flight reads apk policy: installed, offered (tagged repositories left out), rollback notes', () => {
    replay({ stdout: fixture('apk-policy-3.13.stdout') });
    const names = ['vim', 'capnproto', 'at', '-U', 'linux-lts'];
    const preflight = parseAlpinePreflight(host.run(alpinePreflightScript, names), names);
    // An option-like name never reaches apk.
    expect(apkArgs()).toEqual(['policy vim capnproto at linux-lts']);
    expect(preflight.lockHolder).toBeNull();
    expect(preflight.freeBytes).toBeGreaterThan(0);
    expect(preflight.bootId).toMatch(/^[0-9a-f-]{36}$/);
    expect(preflight.packages).toEqual([
      {
        name: 'vim',
        installed: '8.2.2320-r0',
        candidate: '8.2.2320-r0',
        rollbackPossible: true,
        rollbackNote:
          'Rolling back reinstalls vim 8.2.2320-r0 with apk add vim=8.2.2320-r0, which works only while a repository or the apk cache still has that build (Alpine repositories keep only the newest), and pins it in /etc/apk/world until it is upgraded again.',
      },
      {
        name: 'capnproto',
        installed: '0.8.0-r1',
        candidate: null,
        rollbackPossible: false,
        rollbackNote:
          'capnproto 0.8.0-r1 is no longer in any configured repository or the apk cache (Alpine repositories keep only the newest build), so apk add capnproto=0.8.0-r1 could not reinstall it.',
      },
      {
        name: 'at',
        installed: null,
        candidate: '3.2.1-r1',
        rollbackPossible: false,
        rollbackNote: 'at is not installed.',
      },
      {
        name: '-U',
        installed: null,
        candidate: null,
        rollbackPossible: false,
        rollbackNote: '-U is not installed.',
      },
      {
        name: 'linux-lts',
        installed: null,
        candidate: null,
        rollbackPossible: false,
        rollbackNote: 'linux-lts is not installed.',
      },
    ]);
  });

  it('pre-flight: missing indexes only warn; an apk that cannot open its database fails the check', () => {
    replay({ stderr: fixture('apk-policy-no-index.stderr') });
    expect(
      parseAlpinePreflight(host.run(alpinePreflightScript, ['openssl']), ['openssl']).packages[0],
    ).toMatchObject({
      installed: null,
      candidate: null,
    });
    replay({ stderr: fixture('apk-lock-denied.stderr'), exit: 99 });
    expect(() => parseAlpinePreflight(host.run(alpinePreflightScript, ['openssl']), ['openssl'])).toThrow(
      /apk policy failed: ERROR: Unable to lock database: Permission denied/,
    );
  });

  it('names the process holding apk’s flock on the database lock', async () => {
    const lock = join(dir, 'lock');
    writeFileSync(lock, '');
    const script = alpinePreflightScript.replaceAll('/lib/apk/db/lock', lock);
    replay({ stdout: fixture('apk-policy-3.13.stdout') });
    const holder = spawn('flock', ['--exclusive', lock, 'sleep', '30']);
    try {
      let preflight = parseAlpinePreflight(host.run(script, ['vim']), ['vim']);
      for (let tries = 0; tries < 50 && preflight.lockHolder === null; tries += 1) {
        await new Promise((wait) => setTimeout(wait, 50));
        preflight = parseAlpinePreflight(host.run(script, ['vim']), ['vim']);
      }
      expect(preflight.lockHolder).toMatch(/^(flock|sleep) \(pid \d+\)/);
    } finally {
      holder.kill();
    }
  });

  it('upgrades with apk add --upgrade, rolls back with apk add name=version, never starts a tag twice', () => {
    replay({ stdout: fixture('apk-upgrade-3.7.stdout') });
    const args = alpineDeployment.installArguments('61-1', 'upgrade', [
      { name: 'musl', version: null },
      { name: 'musl-utils', version: null },
    ]);
    const upgrade = parseAlpineInstall(host.run(alpineInstallScript, args));
    expect(apkArgs()).toEqual(['add --upgrade musl musl-utils']);
    expect(upgrade).toMatchObject({
      state: 'finished',
      startedNow: true,
      exitCode: 0,
      output: fixture('apk-upgrade-3.7.stdout'),
    });
    replay({});
    expect(parseAlpineInstall(host.run(alpineInstallScript, args))).toMatchObject({
      startedNow: false,
      exitCode: 0,
    });
    expect(existsSync(join(dir, 'apk.args'))).toBe(false);

    const downgrade = '(1/1) Downgrading musl (1.1.18-r4 -> 1.1.18-r3)\nOK: 4 MiB in 13 packages\n';
    replay({ stdout: downgrade });
    const rollback = parseAlpineInstall(
      host.run(
        alpineInstallScript,
        alpineDeployment.installArguments('62-1', 'downgrade', [{ name: 'musl', version: '1.1.18-r3' }]),
      ),
    );
    expect(apkArgs()).toEqual(['add musl=1.1.18-r3']);
    expect(rollback).toMatchObject({ state: 'finished', exitCode: 0, output: downgrade });

    replay({ stdout: fixture('apk3-upgrade-openwrt.stdout') });
    expect(parseAlpineInstall(host.run(alpineInstallScript, ['63-1', 'upgrade', 'daed'])).output).toMatch(
      /Executing daed-3\.1\.1-r1\.post-upgrade/,
    );
  });

  it('a run apk refuses ends with its exit code and errors in the output; an unknown tag was not started', () => {
    replay({ stderr: fixture('apk-add-unable-to-select.stderr'), exit: 1 });
    expect(parseAlpineInstall(host.run(alpineInstallScript, ['64-1', 'upgrade', 'a']))).toMatchObject({
      state: 'finished',
      exitCode: 1,
      output: fixture('apk-add-unable-to-select.stderr'),
    });
    expect(parseAlpineInstall(host.run(alpineInstallStatusScript, ['64-9']))).toMatchObject({
      state: 'not-started',
    });
  });
});

describe('Alpine parsing and checks', () => {
  it('reads apk policy and refuses lines of another shape', () => {
    const policy = parseApkPolicy(fixture('apk-policy-3.13.stdout'));
    expect(policy.get('hwids-udev')).toEqual([
      {
        version: '20201207-r0',
        installed: false,
        sources: [
          'https://dl-cdn.alpinelinux.org/alpine/v3.13/main',
          '@edge https://dl-cdn.alpinelinux.org/alpine/v3.13/main',
          'https://dl-cdn.alpinelinux.org/alpine/edge/main',
          '@edge https://dl-cdn.alpinelinux.org/alpine/edge/main',
        ],
      },
    ]);
    expect(() => parseApkPolicy('vim-8.2.2320-r0 x86_64 {vim} (Vim) [installed]\n')).toThrow(
      /apk policy printed a line Patchdeck cannot read/,
    );
  });

  it('kernels are replaced in place; a cached old build can come back', () => {
    const section = (name: string, stdout: string, exit = 0) =>
      `@@patchdeck:section:${name}@@\n${stdout}\n@@patchdeck:stderr:${name}@@\n\n@@patchdeck:exit:${name}:${exit}@@\n`;
    const stdout = [
      '@@patchdeck:script:alpine-preflight@@\n',
      section(
        'disk',
        'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda3 8191416 1048576 7142840 13% /',
      ),
      section('lock', ''),
      section('kernel', 'running=6.6.31-0-lts\n6.6.32-0-lts'),
      section('boot-id', '6b0f3a59-1d7e-4d0b-9a53-8d3f6a1b2c4d'),
      section(
        'policy',
        [
          'linux-lts policy:',
          '  6.6.32-r0:',
          '    lib/apk/db/installed',
          '    https://dl-cdn.alpinelinux.org/alpine/v3.20/main',
          'openssl policy:',
          '  3.3.1-r0:',
          '    lib/apk/db/installed',
          '    /etc/apk/cache',
          '  3.3.2-r0:',
          '    https://dl-cdn.alpinelinux.org/alpine/v3.20/main',
        ].join('\n'),
      ),
      '@@patchdeck:end:alpine-preflight@@',
      '',
    ].join('');
    const preflight = parseAlpinePreflight({ stdout, stderr: '', exitCode: 0 }, ['linux-lts', 'openssl']);
    expect(preflight.rebootPending).toBe(true);
    expect(preflight.freeBytes).toBe(7142840 * 1024);
    expect(preflight.packages[0]).toMatchObject({
      rollbackPossible: false,
      rollbackNote: expect.stringMatching(/^linux-lts is a kernel Alpine replaces in place/),
    });
    expect(preflight.packages[1]).toMatchObject({
      installed: '3.3.1-r0',
      candidate: '3.3.2-r0',
      rollbackPossible: true,
    });
    expect(() =>
      parseAlpinePreflight(
        { stdout: stdout.slice(0, stdout.indexOf('@@patchdeck:section:policy')), stderr: '', exitCode: 0 },
        ['x'],
      ),
    ).toThrow(/cut short/);
    expect(() => parseAlpinePreflight({ stdout: '', stderr: '', exitCode: 0 }, ['x'])).toThrow(ParseError);
    const noApk = stdout.replace('@@patchdeck:exit:policy:0@@', '@@patchdeck:exit:policy:127@@');
    expect(() => parseAlpinePreflight({ stdout: noApk, stderr: '', exitCode: 0 }, ['x'])).toThrow(
      /apk is missing/,
    );
  });

  it('checks names and versions before they travel', () => {
    for (const good of ['musl', 'py3-foo', 'libstdc++', 'gtk+3.0'])
      expect(() => alpineDeployment.checkPackageName(good)).not.toThrow();
    for (const bad of ['-U', '--allow-untrusted', 'vim=8.2', 'vim@edge', 'a b', 'vim>1', ''])
      expect(() => alpineDeployment.checkPackageName(bad)).toThrow(/is not an Alpine package name/);
    for (const good of ['1.1.18-r3', '20201207-r0', '1.2.3_rc1-r0'])
      expect(() => alpineDeployment.checkVersion(good)).not.toThrow();
    for (const bad of ['-r0', '1.0 -U', 'latest', ''])
      expect(() => alpineDeployment.checkVersion(bad)).toThrow(/is not an Alpine package version/);
  });
});
