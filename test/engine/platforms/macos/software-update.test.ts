import { describe, expect, it } from 'vitest';
import {
  parseSoftwareUpdateList,
  softwareUpdateToAvailable,
} from '../../../../electron/engine/platforms/macos/software-update';
import { fixture } from './frame';

describe('parseSoftwareUpdateList', () => {
  it('reads the labelled format with the restart action (Big Sur)', () => {
    const list = parseSoftwareUpdateList(fixture('macos', 'softwareupdate-big-sur.txt'));
    expect(list.recognised).toBe(true);
    expect(list.entries).toEqual([
      {
        label: 'Safari15.0BigSurAuto-15.0',
        title: 'Safari',
        version: '15.0',
        recommended: true,
        restart: false,
      },
      {
        label: 'macOS Big Sur 11.6-20G165',
        title: 'macOS Big Sur 11.6',
        version: '11.6',
        recommended: true,
        restart: true,
      },
    ]);
  });

  it('reads entries whose flags end without a trailing space (Catalina)', () => {
    const list = parseSoftwareUpdateList(fixture('macos', 'softwareupdate-catalina.txt'));
    expect(list.entries.map((entry) => [entry.label, entry.version, entry.restart])).toEqual([
      ['Command Line Tools for Xcode-11.2', '11.2', false],
      ['Command Line Tools for Xcode-11.3', '11.3', false],
    ]);
  });

  it('ignores the XType noise line and reads KiB sizes (Ventura)', () => {
    const list = parseSoftwareUpdateList(fixture('macos', 'softwareupdate-ventura.txt'));
    expect(list.entries).toEqual([
      {
        label: 'Safari17.3.1VenturaAuto-17.3.1',
        title: 'Safari',
        version: '17.3.1',
        recommended: true,
        restart: false,
      },
    ]);
  });

  it('reads a Title line indented with spaces, past XType noise lines (Monterey, --verbose)', () => {
    expect(parseSoftwareUpdateList(fixture('macos', 'softwareupdate-monterey.txt')).entries).toEqual([
      {
        label: 'macOS Monterey 12.4-21F79',
        title: 'macOS Monterey 12.4',
        version: '12.4',
        recommended: true,
        restart: true,
      },
    ]);
    // What `--list --no-scan` said on the same Mac a moment later: why the scan script never uses --no-scan.
    expect(parseSoftwareUpdateList(fixture('macos', 'softwareupdate-no-scan-monterey.txt'))).toEqual({
      entries: [],
      recognised: true,
    });
  });

  it('reads the old bracket format of macOS 10.14 and earlier', () => {
    expect(parseSoftwareUpdateList(fixture('macos', 'softwareupdate-mojave.txt')).entries).toEqual([
      {
        label: 'Safari14.0MojaveAuto-14.0',
        title: 'Safari',
        version: '14.0',
        recommended: true,
        restart: false,
      },
    ]);
    const mavericks = parseSoftwareUpdateList(fixture('macos', 'softwareupdate-mavericks.txt')).entries;
    expect(mavericks).toHaveLength(5);
    expect(mavericks[2]).toEqual({
      label: 'Command Line Tools (OS X Mavericks)-6.0',
      title: 'Command Line Tools (OS X 10.9)',
      version: '6.0',
      recommended: true,
      restart: false,
    });
  });

  it('reads the old [restart] flag', () => {
    const text = fixture('macos', 'softwareupdate-mojave.txt').replace(
      '[recommended]',
      '[recommended] [restart]',
    );
    expect(parseSoftwareUpdateList(text).entries[0]?.restart).toBe(true);
  });

  it('recognises "No new software available." as an empty answer', () => {
    expect(parseSoftwareUpdateList(fixture('macos', 'softwareupdate-none.txt'))).toEqual({
      entries: [],
      recognised: true,
    });
  });

  it('does not recognise an error or a cut-off listing as an answer', () => {
    expect(parseSoftwareUpdateList('Software Update Tool\n\nFinding available software\n').recognised).toBe(
      false,
    );
    expect(parseSoftwareUpdateList('Cannot complete your request. Please try again later.').recognised).toBe(
      false,
    );
  });
});

describe('softwareUpdateToAvailable', () => {
  const [safari, bigSur] = parseSoftwareUpdateList(fixture('macos', 'softwareupdate-big-sur.txt')).entries;

  it('classifies a point release of the installed major as a cumulative OS update needing a restart', () => {
    if (!bigSur) throw new Error('fixture changed');
    expect(softwareUpdateToAvailable(bigSur, '11.5.2')).toEqual({
      name: 'macOS Big Sur 11.6-20G165',
      installedVersion: '11.5.2',
      availableVersion: '11.6',
      arch: null,
      origin: 'Apple Software Update',
      security: false,
      classification: 'update-rollup',
      vendorSeverity: null,
      advisoryIds: [],
      cves: [],
      rebootRequired: true,
      manager: 'softwareupdate',
    });
  });

  it('classifies a new major version as an os-upgrade, across the 10.x → 11 numbering change', () => {
    if (!bigSur) throw new Error('fixture changed');
    expect(softwareUpdateToAvailable(bigSur, '10.15.7').classification).toBe('os-upgrade');
    expect(softwareUpdateToAvailable({ ...bigSur, version: '10.15.7' }, '10.14.6').classification).toBe(
      'os-upgrade',
    );
    expect(softwareUpdateToAvailable({ ...bigSur, version: '10.14.6' }, '10.14.5').classification).toBe(
      'update-rollup',
    );
  });

  it('classifies Safari as an application and named security responses as security', () => {
    if (!safari) throw new Error('fixture changed');
    expect(softwareUpdateToAvailable(safari, '11.5.2')).toMatchObject({
      classification: 'application',
      installedVersion: null,
      security: false,
    });
    const rapid = { ...safari, title: 'macOS Ventura 13.3.1 (a) Rapid Security Response' };
    expect(softwareUpdateToAvailable(rapid, '13.3.1')).toMatchObject({
      classification: 'security',
      security: true,
    });
  });
});
