import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suseDeployment } from '../../../electron/engine/platforms/suse/deploy-adapter';
import { parseSuseInstall, parseSusePreflight } from '../../../electron/engine/platforms/suse/deploy-parse';
import {
  suseInstallScript,
  suseInstallStatusScript,
  susePreflightScript,
} from '../../../electron/engine/platforms/suse/deploy-scripts';
import { ParseError } from '../../../electron/engine/platforms/types';
import { buildRpm, scratchHost, type ScratchHost } from '../platforms/rhel/scratch-root';

// Real zypper 1.14 / libzypp and rpm 4.18 from Debian (apt-get install zypper createrepo-c) against a local rpm-md
// repository, with a scratch --root standing in for the device.
describe('SUSE deployment with the real zypper', () => {
  let dir = '';
  let host: ScratchHost;
  let root = '';
  // libzypp logs to the machine's /var/log/zypper.log even with --root: the tests keep their log to themselves.
  const zypperEnv = () => ({ ...process.env, ZYPP_LOGFILE: join(dir, 'zypper.log') });
  const installed = (name: string) =>
    execFileSync('rpm', ['--root', root, '-q', '--qf', '%{VERSION}-%{RELEASE}', name], {
      encoding: 'utf8',
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchdeck-suse-'));
    root = join(dir, 'root');
    for (const version of ['1.0', '1.1']) {
      buildRpm(dir, { name: 'pd-hello', version, release: '1' });
      buildRpm(dir, { name: 'pd-epoch', epoch: 2, version, release: '1' });
      buildRpm(dir, {
        name: 'pd-broken',
        version,
        release: '1',
        scripts: version === '1.1' ? '%post -p <lua>\nerror("pd-broken post failed")' : '',
      });
    }
    execFileSync('sh', [
      '-c',
      `mkdir -p "$1/repo" && cp "$1"/rpmbuild/RPMS/noarch/*.rpm "$1/repo/"`,
      'sh',
      dir,
    ]);
    execFileSync('createrepo_c', ['-q', join(dir, 'repo')]);
    const zypper = ['--root', root, '--non-interactive'];
    execFileSync('zypper', [...zypper, 'addrepo', '--no-gpgcheck', `file://${dir}/repo`, 'local'], {
      stdio: 'ignore',
      env: zypperEnv(),
    });
    execFileSync('zypper', [...zypper, 'refresh'], { stdio: 'ignore', env: zypperEnv() });
    execFileSync('zypper', [...zypper, 'install', 'pd-hello=1.0-1', 'pd-epoch=2:1.0-1', 'pd-broken=1.0-1'], {
      stdio: 'ignore',
      env: zypperEnv(),
    });
    host = scratchHost(dir);
    host.shim('zypper', '/usr/bin/env', [
      `ZYPP_LOGFILE=${dir}/zypper.log`,
      '/usr/bin/zypper',
      '--root',
      root,
    ]);
    host.shim('rpm', '/usr/bin/rpm', ['--root', root]);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pre-flight: installed and offered versions, free space, no lock, boot id', () => {
    const preflight = parseSusePreflight(host.run(susePreflightScript, ['pd-hello', 'pd-nosuch']), [
      'pd-hello',
      'pd-nosuch',
    ]);
    expect(preflight.packages).toEqual([
      {
        name: 'pd-hello',
        installed: '1.0-1',
        candidate: '1.1-1',
        rollbackPossible: true,
        rollbackNote: null,
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
    expect(preflight.rebootPending).toBe(false);
    expect(preflight.freeBytes).toBeGreaterThan(0);
    expect(preflight.bootId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names the process zypp.pid points at while it runs', async () => {
    const sleeper = spawn('sleep', ['30']);
    try {
      const pidFile = join(dir, 'zypp.pid');
      writeFileSync(pidFile, `${sleeper.pid}\n`);
      const script = susePreflightScript.replaceAll('/run/zypp.pid', pidFile);
      const preflight = parseSusePreflight(host.run(script, ['pd-hello']), ['pd-hello']);
      expect(preflight.lockHolder).toBe(`sleep (pid ${sleeper.pid})`);
      writeFileSync(pidFile, '');
      expect(parseSusePreflight(host.run(script, ['pd-hello']), ['pd-hello']).lockHolder).toBeNull();
    } finally {
      sleeper.kill();
    }
  });

  it('a real zypper holding the lock: its pid from zypp.pid, and search refusing (exit 7) is no failure', async () => {
    const pidFile = join(root, 'run', 'zypp.pid');
    const script = susePreflightScript.replaceAll('/run/zypp.pid', pidFile);
    const shell = spawn('zypper', ['--root', root, 'shell'], {
      stdio: ['pipe', 'ignore', 'ignore'],
      env: zypperEnv(),
    });
    try {
      const holding = () => readFileSync(pidFile, 'utf8').trim() === String(shell.pid);
      for (let tries = 0; tries < 100 && !holding(); tries += 1)
        await new Promise((wait) => setTimeout(wait, 50));
      const run = host.run(script, ['pd-hello']);
      expect(run.stdout).toMatch(/@@patchdeck:exit:available:7@@/);
      const preflight = parseSusePreflight(run, ['pd-hello']);
      expect(preflight.lockHolder).toBe(`zypper (pid ${shell.pid})`);
      expect(preflight.packages[0]).toMatchObject({ installed: '1.0-1', candidate: null });
      const withoutPid = parseSusePreflight(host.run(susePreflightScript, ['pd-hello']), ['pd-hello']);
      expect(withoutPid.lockHolder).toMatch(
        /^System management is locked by the application with pid \d+ \(zypper\)/,
      );
    } finally {
      shell.stdin.end('quit\n');
      await new Promise((done) => shell.once('exit', done));
    }
  }, 60_000);

  it('upgrades, refuses to start a tag twice, rolls back with --oldpackage (epochs included)', () => {
    const names = ['pd-hello', 'pd-epoch'];
    const before = parseSusePreflight(host.run(susePreflightScript, names), names);
    expect(before.packages[1]).toMatchObject({
      installed: '2:1.0-1',
      candidate: '2:1.1-1',
      rollbackPossible: true,
    });
    const upgrade = parseSuseInstall(
      host.run(
        suseInstallScript,
        suseDeployment.installArguments(
          '41-1',
          'upgrade',
          names.map((name) => ({ name, version: null })),
        ),
      ),
    );
    expect(upgrade).toMatchObject({ state: 'finished', startedNow: true, exitCode: 0 });
    expect(upgrade.output).toMatch(/Installing: pd-hello-1\.1-1\.noarch/);
    expect(upgrade.output).toMatch(/Installing: pd-epoch-2:1\.1-1\.noarch/);
    expect(upgrade.packageManagerMs).toBeGreaterThan(0);
    expect(installed('pd-hello')).toBe('1.1-1');

    const again = parseSuseInstall(host.run(suseInstallScript, ['41-1', 'upgrade', 'pd-hello']));
    expect(again).toMatchObject({
      state: 'finished',
      startedNow: false,
      exitCode: 0,
      output: upgrade.output,
    });
    expect(parseSuseInstall(host.run(suseInstallStatusScript, ['41-1']))).toMatchObject({
      state: 'finished',
      startedNow: false,
    });

    const after = parseSusePreflight(host.run(susePreflightScript, names), names);
    expect(after.packages.map((pkg) => [pkg.installed, pkg.candidate])).toEqual([
      ['1.1-1', '1.1-1'],
      ['2:1.1-1', '2:1.1-1'],
    ]);

    const rollback = parseSuseInstall(
      host.run(
        suseInstallScript,
        suseDeployment.installArguments('42-1', 'downgrade', [
          { name: 'pd-hello', version: '1.0-1' },
          { name: 'pd-epoch', version: '2:1.0-1' },
        ]),
      ),
    );
    expect(rollback).toMatchObject({ state: 'finished', exitCode: 0 });
    expect(rollback.output).toMatch(/2 packages to downgrade/);
    expect(installed('pd-hello')).toBe('1.0-1');
    expect(installed('pd-epoch')).toBe('1.0-1');
  }, 120_000);

  it('reports zypper failures with their exit code and output', () => {
    const unknown = parseSuseInstall(host.run(suseInstallScript, ['43-1', 'upgrade', 'pd-nosuch']));
    expect(unknown).toMatchObject({ state: 'finished', exitCode: 104 });
    expect(unknown.output).toMatch(/No provider of 'pd-nosuch' found/);
    const broken = parseSuseInstall(host.run(suseInstallScript, ['43-2', 'upgrade', 'pd-broken']));
    expect(broken.state).toBe('finished');
    // zypper itself exits 0 here: rpm's lua error is not a "scriptlet failed" line it recognises.
    expect(broken.output).toMatch(/error: lua script failed: .*pd-broken post failed/);
    expect(broken.exitCode).toBe(107);
    expect(parseSuseInstall(host.run(suseInstallStatusScript, ['43-9']))).toEqual({
      state: 'not-started',
      startedNow: false,
      exitCode: null,
      output: '',
      packageManagerMs: null,
    });
  }, 120_000);

  it('an installed version no repository has any more cannot be rolled back', () => {
    rmSync(join(dir, 'repo', 'pd-hello-1.0-1.noarch.rpm'));
    execFileSync('createrepo_c', ['-q', '--update', join(dir, 'repo')]);
    execFileSync('zypper', ['--root', root, '--non-interactive', 'refresh'], {
      stdio: 'ignore',
      env: zypperEnv(),
    });
    const preflight = parseSusePreflight(host.run(susePreflightScript, ['pd-hello']), ['pd-hello']);
    expect(preflight.packages[0]).toEqual({
      name: 'pd-hello',
      installed: '1.0-1',
      candidate: '1.1-1',
      rollbackPossible: false,
      rollbackNote:
        'pd-hello 1.0-1 is no longer offered by any enabled repository, so zypper could not install it again.',
    });
  }, 60_000);
});

/** A framed pre-flight run with the given section bodies, as the SUSE script prints it. */
function framed(sections: Record<string, { stdout: string; exit?: number }>): string {
  const body = Object.entries(sections)
    .map(
      ([name, { stdout, exit = 0 }]) =>
        `@@patchdeck:section:${name}@@\n${stdout}\n@@patchdeck:stderr:${name}@@\n\n@@patchdeck:exit:${name}:${exit}@@\n`,
    )
    .join('');
  return `@@patchdeck:script:suse-preflight@@\n${body}@@patchdeck:end:suse-preflight@@\n`;
}

const searchXml = (solvables: string) =>
  `<?xml version='1.0'?>\n<stream>\n<search-result version="0.0">\n<solvable-list>\n${solvables}\n</solvable-list>\n</search-result>\n</stream>`;

const base = {
  disk: {
    stdout:
      'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda2 41922560 5120000 36802560 13% /',
  },
  lock: { stdout: '' },
  'zypp-lock': { stdout: '' },
  reboot: { stdout: 'required' },
  'boot-id': { stdout: '0c7f3a59-1d7e-4d0b-9a53-8d3f6a1b2c4d' },
};
const output = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

describe('SUSE pre-flight parsing', () => {
  it('kernels are multiversion: going back means booting the old one', () => {
    const stdout = framed({
      ...base,
      installed: {
        stdout:
          'kernel-default 0:5.14.21-150500.55.39.1 x86_64\nkernel-default 0:5.14.21-150500.55.44.1 x86_64',
      },
      available: {
        stdout: searchXml(
          [
            '<solvable status="installed" name="kernel-default" kind="package" edition="5.14.21-150500.55.44.1" arch="x86_64" repository="repo-sle-update"/>',
            '<solvable status="other-version" name="kernel-default" kind="package" edition="5.14.21-150500.55.49.1" arch="x86_64" repository="repo-sle-update"/>',
          ].join('\n'),
        ),
      },
    });
    const preflight = parseSusePreflight(output(stdout), ['kernel-default']);
    expect(preflight.rebootPending).toBe(true);
    expect(preflight.freeBytes).toBe(36802560 * 1024);
    expect(preflight.packages[0]).toMatchObject({
      installed: '5.14.21-150500.55.44.1',
      candidate: '5.14.21-150500.55.49.1',
      rollbackPossible: false,
      rollbackNote: expect.stringMatching(/^kernel-default is multiversion: .* booting the old kernel/),
    });
  });

  it('joins the libzypp and rpm lock holders', () => {
    const stdout = framed({
      ...base,
      lock: { stdout: '2311 rpm' },
      'zypp-lock': { stdout: '2290 zypper\n2290 zypper' },
      installed: { stdout: 'package pd-hello is not installed', exit: 1 },
      available: { stdout: '', exit: 104 },
    });
    expect(parseSusePreflight(output(stdout), ['pd-hello']).lockHolder).toBe(
      'zypper (pid 2290), rpm (pid 2311)',
    );
  });

  it('refuses empty, cut-short, failed and foreign output with a sentence', () => {
    expect(() => parseSusePreflight(output(''), ['pd-hello'])).toThrow(ParseError);
    const whole = framed({
      ...base,
      installed: { stdout: 'pd-hello 0:1.0-1 noarch' },
      available: { stdout: searchXml('') },
    });
    expect(() =>
      parseSusePreflight(output(whole.slice(0, whole.indexOf('@@patchdeck:exit:available'))), ['x']),
    ).toThrow(/cut short/);
    const cutXml = framed({
      ...base,
      installed: { stdout: 'pd-hello 0:1.0-1 noarch' },
      available: { stdout: searchXml('<solvable name="pd-hello"/>').slice(0, 90) },
    });
    expect(() => parseSusePreflight(output(cutXml), ['pd-hello'])).toThrow(/cut off before <\/stream>/);
    const failed = framed({
      ...base,
      installed: { stdout: 'pd-hello 0:1.0-1 noarch' },
      available: { stdout: '', exit: 2 },
    });
    expect(() => parseSusePreflight(output(failed), ['pd-hello'])).toThrow(
      /zypper search failed \(exit code 2\)/,
    );
    const noRpm = framed({ ...base, installed: { stdout: '', exit: 127 }, available: { stdout: '' } });
    expect(() => parseSusePreflight(output(noRpm), ['pd-hello'])).toThrow(/rpm is missing/);
    expect(() =>
      parseSusePreflight(output(whole.replaceAll('suse-preflight', 'rhel-preflight')), ['x']),
    ).toThrow(/Expected the output of script "suse-preflight"/);
    expect(() => parseSuseInstall(output('zypper: command not found\n'))).toThrow(/Patchdeck script marker/);
  });

  it('checks names and versions before they travel', () => {
    for (const bad of ['-y', '--oldpackage', 'a b', 'pd-hello=1.0-1', 'patch:SUSE-2024-1', ''])
      expect(() => suseDeployment.checkPackageName(bad)).toThrow(/is not an rpm package name/);
    expect(() => suseDeployment.checkVersion('1.0')).toThrow(/is not an rpm version-release/);
    expect(
      suseDeployment.installArguments('5-2', 'downgrade', [
        { name: 'openssl-3', version: '3.0.8-150500.5.14.1' },
      ]),
    ).toEqual(['5-2', 'downgrade', 'openssl-3=3.0.8-150500.5.14.1']);
    expect(() =>
      suseDeployment.installArguments('5-2', 'downgrade', [{ name: 'openssl-3', version: '1-1 -y' }]),
    ).toThrow(/is not an rpm version-release/);
  });
});
