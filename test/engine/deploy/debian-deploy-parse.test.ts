import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgePreflight } from '../../../electron/engine/deploy/device-run';
import { debianDeployment } from '../../../electron/engine/platforms/debian/deploy-adapter';
import {
  checkDebianPackageName,
  parseAptPolicy,
  parseDebianInstall,
  parseDebianPreflight,
} from '../../../electron/engine/platforms/debian/deploy-parse';
import { ParseError } from '../../../electron/engine/platforms/types';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'debian', name), 'utf8');
const output = (stdout: string, exitCode = 0) => ({ stdout, stderr: '', exitCode });

describe('Debian pre-flight', () => {
  it('reads free space, lock, reboot flag, boot id and each package from a real run', () => {
    const preflight = parseDebianPreflight(output(fixture('preflight.stdout')), [
      'pd-hello',
      'pd-extra',
      'pd-nosuch',
    ]);
    expect(preflight).toEqual({
      freeBytes: 80444688 * 1024,
      lockHolder: null,
      rebootPending: false,
      bootId: '473dbf9e-6e56-4892-9c88-252dc76fea57',
      packages: [
        {
          name: 'pd-hello',
          installed: '1.0-1',
          candidate: '1.1-1',
          rollbackPossible: true,
          rollbackNote: null,
        },
        {
          name: 'pd-extra',
          installed: null,
          candidate: '1.0-1',
          rollbackPossible: false,
          rollbackNote: 'pd-extra is not installed.',
        },
        {
          name: 'pd-nosuch',
          installed: null,
          candidate: null,
          rollbackPossible: false,
          rollbackNote: 'pd-nosuch is not installed.',
        },
      ],
    });
  });

  it('names the processes holding the dpkg lock', () => {
    const preflight = parseDebianPreflight(output(fixture('preflight-locked.stdout')), ['pd-hello']);
    expect(preflight.lockHolder).toBe('sh (pid 28686), sleep (pid 28687)');
    const judged = judgePreflight(preflight, [{ name: 'pd-hello', version: null }], 'upgrade');
    expect(judged.failure).toBe(
      'The package manager is busy: sh (pid 28686), sleep (pid 28687) holds its lock.',
    );
  });

  it('refuses empty, cut-short and foreign output with a sentence', () => {
    expect(() => parseDebianPreflight(output(''), ['pd-hello'])).toThrow(ParseError);
    const text = fixture('preflight.stdout');
    expect(() => parseDebianPreflight(output(text.slice(0, text.length / 2)), ['pd-hello'])).toThrow(
      /cut short/,
    );
    expect(() => parseDebianPreflight(output(fixture('install-upgrade.stdout')), ['pd-hello'])).toThrow(
      /Expected the output of script "debian-preflight"/,
    );
  });

  it('an installed version no repository offers any more, and kernels, cannot be rolled back', () => {
    const policy = [
      'pd-only-local:',
      '  Installed: 1.0-1',
      '  Candidate: 1.1-1',
      '  Version table:',
      '     1.1-1 500',
      '        500 file:/srv/patchdeck-repo bookworm-security/main amd64 Packages',
      ' *** 1.0-1 100',
      '        100 /var/lib/dpkg/status',
      '',
    ].join('\n');
    expect(parseAptPolicy(policy).get('pd-only-local')?.downloadable).toEqual(new Set(['1.1-1']));
    const run = fixture('preflight.stdout')
      .replace(/(@@patchdeck:section:policy@@\n)[\s\S]*?(\n@@patchdeck:stderr:policy@@)/, `$1${policy}$2`)
      .replace('pd-hello\t1.0-1\tii ', 'pd-only-local\t1.0-1\tii \nlinux-image-6.1.0-9-amd64\t6.1.27-1\tii ');
    const preflight = parseDebianPreflight(output(run), ['pd-only-local', 'linux-image-6.1.0-9-amd64']);
    expect(preflight.packages[0]).toMatchObject({
      rollbackPossible: false,
      rollbackNote:
        'pd-only-local 1.0-1 is no longer offered by any configured repository, so it could not be reinstalled.',
    });
    expect(preflight.packages[1]?.rollbackNote).toMatch(/kernel package/);
    const judged = judgePreflight(preflight, [{ name: 'pd-only-local', version: null }], 'upgrade');
    expect(judged.warnings).toContain(
      'Cannot be rolled back: pd-only-local 1.0-1 is no longer offered by any configured repository, so it could not be reinstalled.',
    );
  });

  it('plans only what would change, and refuses to install on a full disk', () => {
    const preflight = parseDebianPreflight(output(fixture('preflight.stdout')), ['pd-hello', 'pd-extra']);
    const judged = judgePreflight(
      preflight,
      [
        { name: 'pd-hello', version: null },
        { name: 'pd-extra', version: null },
      ],
      'upgrade',
    );
    expect(judged.result.plan.map((step) => [step.name, step.from, step.to])).toEqual([
      ['pd-hello', '1.0-1', '1.1-1'],
    ]);
    expect(judged.warnings).toEqual(['pd-extra is not installed, so there is nothing to update.']);
    expect(judged.failure).toBeUndefined();
    const full = judgePreflight(
      { ...preflight, freeBytes: 10 * 1024 * 1024 },
      [{ name: 'pd-hello', version: null }],
      'upgrade',
    );
    expect(full.failure).toBe(
      'Only 10 MB are free for the package cache; Patchdeck needs 200 MB to install.',
    );
    const downgrade = judgePreflight(preflight, [{ name: 'pd-hello', version: '1.0-1' }], 'downgrade');
    expect(downgrade.result.plan).toEqual([]);
    expect(downgrade.warnings).toEqual(['pd-hello is already at 1.0-1.']);
  });

  it('a rollback leaves alone a package that moved on since its job (changed by hand after the last scan)', () => {
    const preflight = parseDebianPreflight(output(fixture('preflight.stdout')), ['pd-hello']);
    // The job left pd-hello at 1.1-1; the device has 1.0-1 now. Reinstalling 0.9-1 would undo that later change.
    const judged = judgePreflight(
      preflight,
      [{ name: 'pd-hello', version: '0.9-1', expected: '1.1-1' }],
      'downgrade',
    );
    expect(judged.result.plan).toEqual([]);
    expect(judged.warnings).toEqual([
      'Not rolled back: pd-hello is at 1.0-1 now, not at 1.1-1 as the job left it: it changed since (a later job or by hand), and reinstalling 0.9-1 would undo that change too.',
    ]);
    const unchanged = judgePreflight(
      preflight,
      [{ name: 'pd-hello', version: '0.9-1', expected: '1.0-1' }],
      'downgrade',
    );
    expect(unchanged.result.plan.map((step) => [step.name, step.from, step.to])).toEqual([
      ['pd-hello', '1.0-1', '0.9-1'],
    ]);
  });
});

describe('Debian install runs', () => {
  it('reads a finished upgrade: exit code, apt output, the time apt itself took', () => {
    const run = parseDebianInstall(output(fixture('install-upgrade.stdout')));
    expect(run).toMatchObject({ state: 'finished', startedNow: true, exitCode: 0, packageManagerMs: 1126 });
    expect(run.output).toContain('Setting up pd-hello (1.1-1) ...');
  });

  it('a tag run twice reports the first run instead of installing again', () => {
    const run = parseDebianInstall(output(fixture('install-again.stdout')));
    expect(run).toMatchObject({ state: 'finished', startedNow: false, exitCode: 0, packageManagerMs: 1126 });
  });

  it('reads a failed run, a run never started and a run whose package manager died', () => {
    expect(parseDebianInstall(output(fixture('install-unknown-package.stdout')))).toMatchObject({
      state: 'finished',
      exitCode: 100,
      output: expect.stringContaining('E: Unable to locate package pd-nosuch'),
    });
    expect(parseDebianInstall(output(fixture('status-not-started.stdout')))).toEqual({
      state: 'not-started',
      startedNow: false,
      exitCode: null,
      output: '',
      packageManagerMs: null,
    });
    expect(parseDebianInstall(output(fixture('status-lost.stdout')))).toMatchObject({
      state: 'lost',
      exitCode: null,
    });
    expect(parseDebianInstall(output(fixture('install-downgrade.stdout')))).toMatchObject({
      state: 'finished',
      exitCode: 0,
      output: expect.stringContaining('Unpacking pd-hello (1.0-1) over (1.1-1)'),
    });
  });

  it('refuses garbage', () => {
    expect(() => parseDebianInstall(output('Segmentation fault\n'))).toThrow(
      /does not start with a Patchdeck script marker/,
    );
    const text = fixture('install-upgrade.stdout');
    expect(() =>
      parseDebianInstall(output(text.slice(0, text.indexOf('@@patchdeck:section:timing@@')))),
    ).toThrow(ParseError);
  });
});

describe('Debian package names and versions are checked before they travel', () => {
  it('accepts Debian names, refuses anything a shell or apt could read as more', () => {
    for (const name of ['pd-hello', 'libc6:amd64', 'g++-12', 'libstdc++6'])
      expect(() => checkDebianPackageName(name)).not.toThrow();
    for (const name of [
      '-oAPT::Get::Trivial-Only=1',
      'pd hello',
      'a;rm -rf /',
      'Pd-Hello',
      '',
      'pd-hello=1.0',
    ]) {
      expect(() => checkDebianPackageName(name)).toThrow(/is not a Debian package name/);
    }
  });

  it('builds upgrade and downgrade arguments, refusing bad versions', () => {
    expect(
      debianDeployment.installArguments('7-3', 'upgrade', [{ name: 'pd-hello', version: null }]),
    ).toEqual(['7-3', 'upgrade', 'pd-hello']);
    expect(
      debianDeployment.installArguments('7-3', 'downgrade', [
        { name: 'openssl', version: '3.0.15-1~deb12u1' },
      ]),
    ).toEqual(['7-3', 'downgrade', 'openssl=3.0.15-1~deb12u1']);
    expect(() =>
      debianDeployment.installArguments('7-3', 'downgrade', [{ name: 'pd-hello', version: '1.0 -y' }]),
    ).toThrow(/is not a Debian package version/);
  });
});
