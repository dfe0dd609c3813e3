import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rhelDeployment } from '../../../electron/engine/platforms/rhel/deploy-adapter';
import { parseRhelInstall, parseRhelPreflight } from '../../../electron/engine/platforms/rhel/deploy-parse';
import {
  rhelInstallScript,
  rhelInstallStatusScript,
  rhelPreflightScript,
} from '../../../electron/engine/platforms/rhel/deploy-scripts';
import { buildRpm, scratchHost, type ScratchHost } from '../platforms/rhel/scratch-root';

// Real dnf 4.14 and rpm 4.18 from Debian against a local rpm-md repository (createrepo_c), with an
// --installroot standing in for the device.
describe('RHEL deployment with the real dnf', () => {
  let dir = '';
  let root = '';
  let host: ScratchHost;
  let dnf: string[] = [];
  const installed = (name: string) =>
    execFileSync('rpm', ['--root', root, '-q', '--qf', '%{VERSION}-%{RELEASE}\\n', name], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchdeck-rhel-'));
    root = join(dir, 'root');
    for (const release of ['1', '2']) {
      buildRpm(dir, { name: 'pd-hello', version: '1.0', release });
      buildRpm(dir, { name: 'kernel', version: '5.14.0', release: `362.${release}.el9` });
    }
    execFileSync('sh', [
      '-c',
      `mkdir -p "$1/repo" && cp "$1"/rpmbuild/RPMS/noarch/*.rpm "$1/repo/"`,
      'sh',
      dir,
    ]);
    execFileSync('createrepo_c', ['-q', join(dir, 'repo')]);
    mkdirSync(join(root, 'etc', 'yum.repos.d'), { recursive: true });
    mkdirSync(join(dir, 'log'));
    writeFileSync(
      join(root, 'etc', 'yum.repos.d', 'local.repo'),
      `[local]\nname=local\nbaseurl=file://${dir}/repo\ngpgcheck=0\nenabled=1\n`,
    );
    dnf = [
      `--installroot=${root}`,
      `--setopt=reposdir=${root}/etc/yum.repos.d`,
      '--releasever=9',
      `--setopt=cachedir=${dir}/cache`,
      `--setopt=logdir=${dir}/log`,
    ];
    execFileSync('dnf', [...dnf, '-y', 'makecache'], { stdio: 'ignore' });
    execFileSync('dnf', [...dnf, '-y', 'install', 'pd-hello-1.0-1', 'kernel-5.14.0-362.1.el9'], {
      stdio: 'ignore',
    });
    host = scratchHost(dir);
    host.shim('dnf', '/usr/bin/dnf', dnf);
    host.shim('rpm', '/usr/bin/rpm', ['--root', root]);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades with dnf upgrade, never twice for one tag, rolls back with dnf downgrade', () => {
    const before = parseRhelPreflight(host.run(rhelPreflightScript, ['pd-hello']), ['pd-hello']);
    expect(before.packages[0]).toEqual({
      name: 'pd-hello',
      installed: '1.0-1',
      candidate: '1.0-2',
      rollbackPossible: true,
      rollbackNote: null,
    });
    const upgrade = parseRhelInstall(
      host.run(
        rhelInstallScript,
        rhelDeployment.installArguments('71-1', 'upgrade', [{ name: 'pd-hello', version: null }]),
      ),
    );
    expect(upgrade).toMatchObject({ state: 'finished', startedNow: true, exitCode: 0 });
    expect(upgrade.output).toMatch(/Upgraded:\s+pd-hello-1\.0-2\.noarch/);
    expect(installed('pd-hello')).toEqual(['1.0-2']);
    expect(parseRhelInstall(host.run(rhelInstallStatusScript, ['71-1']))).toMatchObject({
      state: 'finished',
      startedNow: false,
      output: upgrade.output,
    });

    const rollback = parseRhelInstall(
      host.run(
        rhelInstallScript,
        rhelDeployment.installArguments('72-1', 'downgrade', [{ name: 'pd-hello', version: '1.0-1' }]),
      ),
    );
    expect(rollback).toMatchObject({ state: 'finished', exitCode: 0 });
    expect(rollback.output).toMatch(/Downgraded:\s+pd-hello-1\.0-1\.noarch/);
    expect(installed('pd-hello')).toEqual(['1.0-1']);
  }, 180_000);

  it('a kernel update installs beside the old kernel: pre-flight counts the newest and says why there is no rollback', () => {
    const upgrade = parseRhelInstall(host.run(rhelInstallScript, ['73-1', 'upgrade', 'kernel']));
    expect(upgrade).toMatchObject({ state: 'finished', exitCode: 0 });
    expect(installed('kernel')).toEqual(['5.14.0-362.1.el9', '5.14.0-362.2.el9']);
    const preflight = parseRhelPreflight(host.run(rhelPreflightScript, ['kernel']), ['kernel']);
    expect(preflight.packages[0]).toMatchObject({
      installed: '5.14.0-362.2.el9',
      candidate: '5.14.0-362.2.el9',
      rollbackPossible: false,
      rollbackNote: expect.stringMatching(/^kernel is install-only: .* booting the old kernel/),
    });
  }, 180_000);

  it('an advisory selector never reaches rpm or repoquery as an option', () => {
    const preflight = parseRhelPreflight(
      host.run(rhelPreflightScript, ['--advisory=RHSA-2024:1234', 'pd-hello']),
      ['--advisory=RHSA-2024:1234', 'pd-hello'],
    );
    expect(preflight.packages.map((pkg) => [pkg.name, pkg.installed, pkg.rollbackNote])).toEqual([
      [
        '--advisory=RHSA-2024:1234',
        null,
        'RHSA-2024:1234 is an advisory, not a package: Patchdeck plans, verifies and rolls back packages, so approve the packages it fixes.',
      ],
      ['pd-hello', '1.0-1', null],
    ]);
  });

  it('a package dnf does not know fails the run with dnf’s own words', () => {
    const unknown = parseRhelInstall(host.run(rhelInstallScript, ['74-1', 'upgrade', 'pd-nosuch']));
    expect(unknown.state).toBe('finished');
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.output).toMatch(/No match for argument: pd-nosuch/);
  });
});
