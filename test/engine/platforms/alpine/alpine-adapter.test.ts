import { describe, expect, it } from 'vitest';
import { alpineAdapter } from '../../../../electron/engine/platforms/alpine';
import { splitApkNameVersion } from '../../../../electron/engine/platforms/alpine/apk-list';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { fixture, framedRun, unameSection } from '../detect/framed-run';
import type { RecordedSection } from '../detect/framed-run';

function alpineScan(overrides: Record<string, RecordedSection> = {}, depth: 'quick' | 'full' = 'quick') {
  const sections: RecordedSection[] = [
    unameSection('6.6.14-0-lts', 'x86_64', 'edge-router'),
    { name: 'os-release', stdout: fixture('alpine/alpine-3.4.os-release') },
    { name: 'apk-installed', stdout: fixture('alpine/apk-list-installed.stdout') },
    ...(depth === 'full' ? [{ name: 'apk-update', stdout: 'OK: 23 distinct packages available\n' }] : []),
    { name: 'apk-upgradable', stdout: fixture('alpine/apk-list-upgradable.stdout') },
    { name: 'kernel', stdout: 'running=6.6.14-0-lts\n6.6.14-0-lts\n' },
  ];
  return framedRun(
    'alpine-scan',
    sections.map((section) => overrides[section.name] ?? section),
  );
}

describe('alpineAdapter on recorded apk outputs', () => {
  it('reads installed packages with origin, and upgradable ones with both versions', () => {
    const report = alpineAdapter.parseScan(alpineScan(), 'quick');
    expect(report.os).toMatchObject({
      family: 'alpine',
      id: 'alpine',
      version: '3.4.0',
      name: 'Alpine Linux v3.4',
    });
    expect(report.packages).toHaveLength(9);
    expect(report.packages.find((pkg) => pkg.name === 'samba-util-libs')).toEqual({
      name: 'samba-util-libs',
      version: '4.16.8-r0',
      arch: 'x86_64',
      sourceName: 'samba',
      sourceVersion: '4.16.8-r0',
      manager: 'apk',
    });
    expect(report.updates).toHaveLength(6);
    expect(report.updates.find((update) => update.name === 'ca-certificates-bundle')).toMatchObject({
      installedVersion: '20240226-r0',
      availableVersion: '20240705-r0',
      arch: 'x86_64',
      manager: 'apk',
    });
    expect(report.rebootRequired).toBe(false);
    expect(report.metadataStale).toBe(true);
  });

  it('splits names that themselves hold hyphens and digits', () => {
    expect(splitApkNameVersion('libcrypto3-3.3.2-r0')).toEqual({ name: 'libcrypto3', version: '3.3.2-r0' });
    expect(splitApkNameVersion('py3-setuptools-70.3.0-r0')).toEqual({
      name: 'py3-setuptools',
      version: '70.3.0-r0',
    });
    expect(splitApkNameVersion('busybox')).toBeNull();
  });

  it('sees a pending reboot when the running kernel has no modules left on disk', () => {
    const report = alpineAdapter.parseScan(
      alpineScan({ kernel: { name: 'kernel', stdout: 'running=6.6.14-0-lts\n6.6.58-0-lts\n' } }),
      'quick',
    );
    expect(report.rebootRequired).toBe(true);
    const container = alpineAdapter.parseScan(
      alpineScan({ kernel: { name: 'kernel', stdout: 'running=6.6.14-0-lts\n' } }),
      'quick',
    );
    expect(container.rebootRequired).toBe(false);
  });

  it('marks a full scan fresh after apk update, stale when it failed', () => {
    expect(alpineAdapter.parseScan(alpineScan({}, 'full'), 'full').metadataStale).toBe(false);
    const failed = alpineScan(
      {
        'apk-update': {
          name: 'apk-update',
          stderr:
            'ERROR: https://dl-cdn.alpinelinux.org/alpine/v3.20/main: temporary error (try again later)\n',
          exitCode: 1,
        },
      },
      'full',
    );
    const report = alpineAdapter.parseScan(failed, 'full');
    expect(report.metadataStale).toBe(true);
    expect(report.warnings[0]).toMatch(/apk update failed.*temporary error/);
  });

  it.each([
    [
      'a garbled list line',
      { name: 'apk-installed', stdout: 'musl 1.2.4 installed\n' },
      /apk list printed a line Patchdeck cannot read/,
    ],
    ['an empty package list', { name: 'apk-installed', stdout: '' }, /apk listed no installed packages/],
    [
      'apk missing',
      { name: 'apk-installed', stderr: 'sh: apk: not found\n', exitCode: 127 },
      /apk is missing/,
    ],
    [
      'a wrong upgradable status',
      { name: 'apk-upgradable', stdout: 'musl-1.2.4-r3 x86_64 {musl} (MIT) [installed]\n' },
      /"upgradable from: name-version" belongs/,
    ],
  ] as const)('throws ParseError on %s', (_what, section, message) => {
    expect(() => alpineAdapter.parseScan(alpineScan({ [section.name]: section }), 'quick')).toThrow(message);
  });

  it('throws ParseError on empty and truncated output', () => {
    const whole = alpineScan().stdout;
    expect(() => alpineAdapter.parseScan({ stdout: '', stderr: '', exitCode: 0 }, 'quick')).toThrow(
      ParseError,
    );
    expect(() =>
      alpineAdapter.parseScan(
        { stdout: whole.slice(0, whole.indexOf('@@patchdeck:exit:kernel')), stderr: '', exitCode: 0 },
        'quick',
      ),
    ).toThrow(/cut short inside section "kernel"/);
  });
});
