import { describe, expect, it } from 'vitest';
import { archAdapter } from '../../../../electron/engine/platforms/arch';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { fixture, framedRun, unameSection } from '../detect/framed-run';
import type { RecordedSection } from '../detect/framed-run';

function archScan(updates: RecordedSection, kernel = 'running=6.10.10-arch1-1\n6.10.10-arch1-1\n') {
  return framedRun('arch-scan', [
    unameSection('6.10.10-arch1-1', 'x86_64', 'workstation'),
    { name: 'os-release', stdout: fixture('arch/arch.os-release') },
    { name: 'pacman-installed', stdout: fixture('arch/pacman-Q.stdout') },
    { ...updates, name: 'updates' },
    { name: 'kernel', stdout: kernel },
  ]);
}

describe("archAdapter on real pacman outputs (recorded with Debian's pacman against a local repository)", () => {
  it('reads installed packages and the updates of a freshly synced database', () => {
    const report = archAdapter.parseScan(
      archScan({ name: 'updates', stdout: fixture('arch/pacman-Qu-synced.stdout') }),
      'full',
    );
    expect(report.os).toMatchObject({ family: 'arch', id: 'arch', version: null, name: 'Arch Linux' });
    expect(report.packages.map((pkg) => `${pkg.name} ${pkg.version}`)).toEqual([
      'linux-firmware 20240909.552ed9b8-1',
      'openssl 3.3.1-1',
      'vim 9.1.0707-1',
    ]);
    expect(
      report.updates.map((update) => [update.name, update.installedVersion, update.availableVersion]),
    ).toEqual([
      ['openssl', '3.3.1-1', '3.3.2-1'],
      ['vim', '9.1.0707-1', '9.1.0764-1'],
    ]);
    expect(report.metadataStale).toBe(false);
    expect(report.warnings).toEqual([]);
  });

  it('reports updates pacman is told to ignore, and keeps them in the list', () => {
    const report = archAdapter.parseScan(
      archScan({ name: 'updates', stdout: fixture('arch/pacman-Qu-ignored.stdout') }),
      'full',
    );
    expect(report.updates).toHaveLength(2);
    expect(report.warnings).toEqual(['pacman is configured to ignore updates to: vim.']);
  });

  it('reads "nothing pending" from pacman -Qu exit 1, passing on its warnings, on a quick scan', () => {
    const report = archAdapter.parseScan(
      archScan({
        name: 'updates',
        stdout: fixture('arch/pacman-Qu-never-synced.stdout'),
        stderr: fixture('arch/pacman-Qu-never-synced.stderr'),
        exitCode: 1,
      }),
      'quick',
    );
    expect(report.updates).toEqual([]);
    expect(report.metadataStale).toBe(true);
    expect(report.warnings[0]).toMatch(/database file for 'pdcore' does not exist/);
  });

  it('fails a full scan whose throwaway sync failed instead of reporting no updates', () => {
    const scan = archScan({
      name: 'updates',
      stderr: fixture('arch/pacman-Sy-unreachable.stderr'),
      exitCode: 3,
    });
    expect(() => archAdapter.parseScan(scan, 'full')).toThrow(
      /Syncing a copy.*failed retrieving file 'pdcore\.db'/,
    );
  });

  it('reads installed AUR VCS packages, whose version starts with a letter (r2581.9b0a6e1-1)', () => {
    const scan = archScan({ name: 'updates', stdout: '' });
    const withVcs = {
      ...scan,
      stdout: scan.stdout.replace(fixture('arch/pacman-Q.stdout'), fixture('arch/pacman-Q-vcs.stdout')),
    };
    const report = archAdapter.parseScan(withVcs, 'quick');
    expect(report.packages.map((pkg) => `${pkg.name} ${pkg.version}`)).toEqual([
      'openssl 3.3.1-1',
      'paru-git r2581.9b0a6e1-1',
      'vim 9.1.0707-1',
    ]);
  });

  it("sees a pending reboot when the running kernel's modules are gone", () => {
    const report = archAdapter.parseScan(
      archScan({ name: 'updates', stdout: '' }, 'running=6.10.10-arch1-1\n6.11.1-arch1-1\n'),
      'full',
    );
    expect(report.rebootRequired).toBe(true);
  });

  it.each([
    [
      'a garbled update line',
      { name: 'updates', stdout: 'openssl 3.3.1-1 => 3.3.2-1\n' },
      /cannot read as "name old -> new"/,
    ],
    [
      'pacman -Qu failing',
      {
        name: 'updates',
        stderr: 'error: failed to init transaction (unable to lock database)\n',
        exitCode: 1,
      },
      /pacman could not list the pending updates/,
    ],
  ] as const)('throws ParseError on %s', (_what, section, message) => {
    expect(() => archAdapter.parseScan(archScan(section), 'quick')).toThrow(message);
  });

  it('throws ParseError on a garbled package list, empty and truncated output', () => {
    const scan = archScan({ name: 'updates', stdout: '' });
    const garbled = scan.stdout.replace('openssl 3.3.1-1', 'openssl');
    expect(() => archAdapter.parseScan({ ...scan, stdout: garbled }, 'quick')).toThrow(
      /pacman -Q printed a line/,
    );
    expect(() => archAdapter.parseScan({ ...scan, stdout: '' }, 'quick')).toThrow(ParseError);
    expect(() => archAdapter.parseScan({ ...scan, stdout: scan.stdout.slice(0, 200) }, 'quick')).toThrow(
      /cut short/,
    );
  });
});
