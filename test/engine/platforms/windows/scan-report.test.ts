import { describe, expect, it } from 'vitest';
import { windowsAdapter } from '../../../../electron/engine/platforms/windows';
import { ParseError } from '../../../../electron/engine/platforms/types';
import type { RemoteOutput } from '../../../../electron/engine/platforms/types';
import { AvailableUpdate, InstalledPackage, OsFacts } from '../../../../shared/domain/inventory';
import { fixture, frame } from '../macos/frame';
import type { FramedSection } from '../macos/frame';
import { recordedWindowsScan } from './recorded-scan';

const desktop = recordedWindowsScan();

function output(sections: readonly FramedSection[], crlf = false): RemoteOutput {
  const stdout = frame('windows-scan', sections);
  return { stdout: crlf ? stdout.replace(/\n/g, '\r\n') : stdout, stderr: '', exitCode: 0 };
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

describe('windowsAdapter.parseScan', () => {
  it('builds the whole report from a full scan', () => {
    const report = windowsAdapter.parseScan(output(desktop), 'full');
    expect(report.os).toEqual({
      family: 'windows',
      name: 'Microsoft Windows 10 Pro',
      id: 'windows',
      version: '10.0.19045.3803',
      codename: '22H2 (19045.3803)',
      kernel: '10.0.19045',
      arch: 'x86_64',
      hostname: 'FRONTDESK-01',
    });
    OsFacts.parse(report.os);
    expect(report.updates.map((update) => `${update.manager}:${update.name}`)).toEqual([
      'hotfix:KB5034122',
      'hotfix:KB5034441',
      'hotfix:KB5034275',
      'hotfix:KB2267602',
      'hotfix:KB890830',
      'hotfix:Intel Corporation - Display - 31.0.101.2125',
      'winget:OpenWhisperSystems.Signal',
      'winget:Microsoft.Edge',
      'winget:Microsoft.EdgeWebView2Runtime',
      'winget:Microsoft.Office',
      'winget:Postman.Postman',
      'choco:chromium',
      'choco:github',
    ]);
    for (const update of report.updates) AvailableUpdate.parse(update);
    expect(report.packages.filter((item) => item.manager === 'hotfix')).toHaveLength(5);
    expect(report.packages.filter((item) => item.manager === 'msi')).toHaveLength(7);
    for (const item of report.packages) InstalledPackage.parse(item);
    expect(report.rebootRequired).toBe(true);
    expect(report.metadataStale).toBe(false);
    expect(report.warnings).toEqual([
      'Pinned Chocolatey packages are outdated and will not upgrade until unpinned: chromium, github.',
    ]);
  });

  it('reads CRLF output the same way', () => {
    expect(windowsAdapter.parseScan(output(desktop, true), 'full')).toEqual(
      windowsAdapter.parseScan(output(desktop), 'full'),
    );
  });

  it('turns a failed Windows Update search into a warning and stale metadata, keeping the rest', () => {
    const sections = replace(
      desktop,
      'windows-update',
      '',
      1,
      fixture('windows', 'windows-update-error.txt'),
    );
    const report = windowsAdapter.parseScan(output(sections), 'full');
    expect(report.metadataStale).toBe(true);
    expect(report.updates.every((update) => update.manager !== 'hotfix')).toBe(true);
    expect(report.packages).toHaveLength(12);
    expect(report.warnings[0]).toMatch(
      /^The Windows Update search failed with 0x8024402C \(the update server name could not be resolved/,
    );
  });

  it('warns when winget is absent, says nothing when Chocolatey is absent, and warns on a failing winget', () => {
    let sections = replace(desktop, 'winget', '', 127, 'winget is not installed\n');
    sections = replace(sections, 'choco', '', 127, 'choco is not installed\n');
    const absent = windowsAdapter.parseScan(output(sections), 'quick');
    expect(absent.warnings).toEqual([
      'winget is not available to this account; apps managed by winget were not checked.',
    ]);
    expect(absent.metadataStale).toBe(true);
    const failing = replace(
      desktop,
      'winget',
      'Failed in attempting to update the source: winget\n',
      -1978335226,
    );
    expect(windowsAdapter.parseScan(output(failing), 'full').warnings[0]).toBe(
      'winget failed with exit code -1978335226: Failed in attempting to update the source: winget.',
    );
  });

  it('says which lists of offers it read, and why it could not read the others', () => {
    expect(windowsAdapter.parseScan(output(desktop), 'full').offerSources).toEqual([
      { name: 'windows-update', lists: "Windows Update's updates", unread: null },
      { name: 'winget', lists: "winget's updates", unread: null },
      { name: 'choco', lists: "Chocolatey's updates", unread: null },
    ]);
    let sections = replace(
      desktop,
      'winget',
      'Failed in attempting to update the source: winget\n',
      -1978335226,
    );
    sections = replace(sections, 'choco', '', 127, 'choco is not installed\n');
    sections = replace(sections, 'windows-update', '', 1, fixture('windows', 'windows-update-error.txt'));
    const report = windowsAdapter.parseScan(output(sections), 'full');
    expect(report.offerSources?.map((source) => [source.name, source.unread])).toEqual([
      ['windows-update', report.warnings[0]],
      [
        'winget',
        'winget failed with exit code -1978335226: Failed in attempting to update the source: winget.',
      ],
      ['choco', 'Chocolatey is not installed.'],
    ]);
    expect(report.warnings[0]).toMatch(/Windows Update/);
    // The updates stored from the lists that failed are kept; a Chocolatey that is not installed offers nothing.
    expect(report.unreadUpdateManagers).toEqual(['hotfix', 'winget']);
    expect(windowsAdapter.parseScan(output(desktop), 'full').unreadUpdateManagers).toBeUndefined();
  });

  it('reports a reboot pending only from PendingFileRenameOperations, with a warning naming it', () => {
    const sections = replace(
      desktop,
      'reboot-signals',
      fixture('windows', 'reboot-signals-rename-only.json'),
      0,
    );
    const report = windowsAdapter.parseScan(output(sections), 'full');
    expect(report.rebootRequired).toBe(true);
    expect(report.warnings).toContain(
      'A reboot is pending only because of PendingFileRenameOperations (files an installer replaces at the next start).',
    );
    const none = replace(
      desktop,
      'reboot-signals',
      fixture('windows', 'reboot-signals-rename-only.json').replace(
        '"pendingFileRenameOperations":true',
        '"pendingFileRenameOperations":false',
      ),
      0,
    );
    expect(windowsAdapter.parseScan(output(none), 'full').rebootRequired).toBe(false);
  });

  it('throws ParseError on empty, garbage and truncated output, and when the inventory cannot be read', () => {
    const full = frame('windows-scan', desktop);
    expect(() => windowsAdapter.parseScan({ stdout: '', stderr: '', exitCode: 0 }, 'full')).toThrow(
      ParseError,
    );
    expect(() =>
      windowsAdapter.parseScan(
        {
          stdout: "'powershell.exe' is not recognized as an internal or external command,\r\n",
          stderr: '',
          exitCode: 1,
        },
        'full',
      ),
    ).toThrow(/does not start with a Patchdeck script marker/);
    expect(() =>
      windowsAdapter.parseScan(
        { stdout: full.slice(0, full.indexOf('Microsoft Edge')), stderr: '', exitCode: 0 },
        'full',
      ),
    ).toThrow(/cut short inside section "programs"/);
    expect(() =>
      windowsAdapter.parseScan(
        output(
          replace(
            desktop,
            'programs',
            '',
            1,
            'error: Requested registry access is not allowed. (HRESULT 0x80131500)\n',
          ),
        ),
        'full',
      ),
    ).toThrow(
      'Reading "programs" on the device failed: error: Requested registry access is not allowed. (HRESULT 0x80131500).',
    );
    expect(() =>
      windowsAdapter.parseScan(output(replace(desktop, 'os', '{"caption":""}', 0)), 'full'),
    ).toThrow(/Windows version section does not have the fields/);
  });
});
