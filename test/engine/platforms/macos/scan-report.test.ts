import { describe, expect, it } from 'vitest';
import { macosAdapter } from '../../../../electron/engine/platforms/macos';
import { ParseError } from '../../../../electron/engine/platforms/types';
import type { RemoteOutput } from '../../../../electron/engine/platforms/types';
import { AvailableUpdate, InstalledPackage, OsFacts } from '../../../../shared/domain/inventory';
import { fixture, frame } from './frame';
import type { FramedSection } from './frame';

const bigSurSections: FramedSection[] = [
  ['sw-vers', fixture('macos', 'sw-vers-big-sur.txt'), 0],
  ['uname-m', 'x86_64\n', 0],
  ['uname-r', '20.6.0\n', 0],
  ['hostname', 'studio-mac.local\n', 0],
  ['softwareupdate', fixture('macos', 'softwareupdate-big-sur.txt'), 0],
  ['brew', 'bin=/usr/local/bin/brew\nowner=tech\nuser=tech\n', 0],
  ['brew-update', fixture('macos', 'brew-update.txt'), 0],
  ['brew-outdated', fixture('macos', 'brew-outdated-formulae.json'), 0],
  ['brew-formulae', fixture('macos', 'brew-list-formulae.txt'), 0],
  ['brew-casks', fixture('macos', 'brew-list-casks.txt'), 0],
  ['applications', fixture('macos', 'applications-arm.json'), 0],
];

function output(stdout: string): RemoteOutput {
  return { stdout, stderr: '', exitCode: 0 };
}

function replace(
  sections: FramedSection[],
  name: string,
  stdout: string,
  exitCode: number,
  stderr = '',
): FramedSection[] {
  return sections.map((section) => (section[0] === name ? [name, stdout, exitCode, stderr] : section));
}

describe('macosAdapter.parseScan', () => {
  it('builds the whole report from a full scan', () => {
    const report = macosAdapter.parseScan(output(frame('macos-scan', bigSurSections)), 'full');
    expect(report.os).toEqual({
      family: 'macos',
      name: 'macOS 11.5.2',
      id: 'macos',
      version: '11.5.2',
      codename: '20G95',
      kernel: '20.6.0',
      arch: 'x86_64',
      hostname: 'studio-mac.local',
    });
    expect(OsFacts.parse(report.os)).toEqual(report.os);
    expect(report.updates.map((update) => `${update.manager}:${update.name}`)).toEqual([
      'softwareupdate:Safari15.0BigSurAuto-15.0',
      'softwareupdate:macOS Big Sur 11.6-20G165',
      'brew:pygobject3',
      'brew:rav1e',
    ]);
    for (const update of report.updates) AvailableUpdate.parse(update);
    expect(report.packages.filter((item) => item.manager === 'brew')).toHaveLength(10);
    expect(report.packages.filter((item) => item.manager === 'brew-cask')).toHaveLength(8);
    expect(report.packages.filter((item) => item.manager === 'macos-app')).toHaveLength(3);
    for (const item of report.packages) InstalledPackage.parse(item);
    expect(report.rebootRequired).toBe(true);
    expect(report.metadataStale).toBe(false);
    expect(report.warnings).toEqual([]);
  });

  it('says no reboot is needed when no pending Apple update has a restart action', () => {
    const [banner = '', answer = ''] = fixture('macos', 'softwareupdate-none.txt').split(
      /(?=No new software)/,
    );
    const sections = replace(bigSurSections, 'softwareupdate', banner, 0, answer);
    const report = macosAdapter.parseScan(output(frame('macos-scan', sections)), 'full');
    expect(report.rebootRequired).toBe(false);
    expect(report.updates.every((update) => update.manager === 'brew')).toBe(true);
  });

  it('marks a quick scan as not having refreshed metadata', () => {
    const sections = bigSurSections.filter(([name]) => name !== 'brew-update');
    const report = macosAdapter.parseScan(output(frame('macos-scan', sections)), 'quick');
    expect(report.metadataStale).toBe(true);
    expect(report.warnings).toEqual([]);
  });

  it('continues without Homebrew when brew is absent, with a warning', () => {
    const sections: FramedSection[] = [
      ['sw-vers', fixture('macos', 'sw-vers-catalina.txt'), 0],
      ['softwareupdate', fixture('macos', 'softwareupdate-catalina.txt'), 0],
      ['brew', '', 127, 'brew is not installed\n'],
      ['applications', fixture('macos', 'applications-universal.json'), 0],
    ];
    const report = macosAdapter.parseScan(output(frame('macos-scan', sections)), 'quick');
    expect(report.os).toMatchObject({
      name: 'Mac OS X 10.15.5',
      version: '10.15.5',
      codename: '19F101',
      kernel: null,
    });
    expect(report.updates).toHaveLength(2);
    expect(report.packages).toHaveLength(2);
    expect(report.warnings).toEqual(['Homebrew is not installed; no Homebrew packages were checked.']);
    expect(report.offerSources?.map((source) => [source.name, source.unread])).toEqual([
      ['softwareupdate', null],
      ['brew', 'Homebrew is not installed; no Homebrew packages were checked.'],
    ]);
    // An absent Homebrew offers nothing: no Homebrew update stored before is still missing.
    expect(report.unreadUpdateManagers).toBeUndefined();
  });

  it('turns a failed brew update, broken brew JSON and a failed softwareupdate into warnings', () => {
    let sections = replace(
      bigSurSections,
      'brew-update',
      '',
      1,
      'Error: Failed to download https://formulae.brew.sh/api/formula.jws.json\n',
    );
    sections = replace(
      sections,
      'brew-outdated',
      fixture('macos', 'brew-outdated-formulae.json').slice(0, 120),
      0,
    );
    sections = replace(
      sections,
      'softwareupdate',
      'Software Update Tool\n\nFinding available software\n',
      1,
      'Cannot complete your request.\n',
    );
    const report = macosAdapter.parseScan(output(frame('macos-scan', sections)), 'full');
    expect(report.metadataStale).toBe(true);
    expect(report.updates).toEqual([]);
    expect(report.packages).toHaveLength(21);
    expect(report.warnings).toEqual([
      'Apple software updates were not checked: softwareupdate --list said "Cannot complete your request.".',
      'brew update failed, Homebrew updates may be out of date: "Error: Failed to download https://formulae.brew.sh/api/formula.jws.json".',
      'brew outdated --json=v2 printed text that is not JSON. That part of the inventory is missing.',
    ]);
    // The failed softwareupdate and the unreadable brew outdated are lists of offers the scan could not read; the
    // failed brew update only made Homebrew's list stale.
    expect(report.offerSources).toEqual([
      { name: 'softwareupdate', lists: "Apple's software updates", unread: report.warnings[0] },
      { name: 'brew', lists: "Homebrew's outdated formulae and casks", unread: report.warnings[2] },
    ]);
    expect(report.unreadUpdateManagers).toEqual(['softwareupdate', 'brew', 'brew-cask']);
    const whole = macosAdapter.parseScan(output(frame('macos-scan', bigSurSections)), 'full');
    expect(whole.offerSources?.map((source) => source.unread)).toEqual([null, null]);
    expect(whole.unreadUpdateManagers).toBeUndefined();
  });

  // Stored, a scan without a list of installed software would record all of it as removed (as on Windows).
  it("fails, quoting brew's stderr, when a list of installed software cannot be read", () => {
    const sections = replace(
      bigSurSections,
      'brew-casks',
      '',
      1,
      'Error: Permission denied @ dir_s_mkdir - /Users/tech/Library/Caches/Homebrew\n',
    );
    expect(() => macosAdapter.parseScan(output(frame('macos-scan', sections)), 'full')).toThrow(
      new ParseError(
        'Reading "brew-casks" on the device failed: Error: Permission denied @ dir_s_mkdir - /Users/tech/Library/Caches/Homebrew.',
      ),
    );
    const noApps = replace(bigSurSections, 'applications', '{"SPApplicationsDataType": [', 0);
    expect(() => macosAdapter.parseScan(output(frame('macos-scan', noApps)), 'full')).toThrow(
      new ParseError('system_profiler printed application data that is not JSON.'),
    );
  });

  it('throws ParseError on empty, garbage and truncated output, and on a device that is not a Mac', () => {
    const full = frame('macos-scan', bigSurSections);
    expect(() => macosAdapter.parseScan(output(''), 'full')).toThrow(ParseError);
    expect(() =>
      macosAdapter.parseScan(output('Last login: Mon Nov  4 09:12:01 on ttys000\n$ '), 'full'),
    ).toThrow(/does not start with a Patchdeck script marker/);
    expect(() => macosAdapter.parseScan(output(full.slice(0, full.indexOf('"rav1e"'))), 'full')).toThrow(
      /cut short inside section "brew-outdated"/,
    );
    expect(() => macosAdapter.parseScan(output(frame('debian-scan', bigSurSections)), 'full')).toThrow(
      /"macos-scan"/,
    );
    const linux = replace(bigSurSections, 'sw-vers', '', 127, 'sh: 1: sw_vers: not found\n');
    expect(() => macosAdapter.parseScan(output(frame('macos-scan', linux)), 'full')).toThrow(
      /sw_vers did not run.*not look like macOS/,
    );
  });
});
