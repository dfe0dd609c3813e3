import { describe, expect, it } from 'vitest';
import { parseChocoOutdated } from '../../../../electron/engine/platforms/windows/chocolatey';
import { parseWingetUpgrade } from '../../../../electron/engine/platforms/windows/winget';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { fixture } from '../macos/frame';

function summary(text: string): string[] {
  return parseWingetUpgrade(text).updates.map(
    (update) =>
      `${update.name} ${update.installedVersion ?? '?'} -> ${update.availableVersion} (${update.origin ?? ''})`,
  );
}

describe('parseWingetUpgrade', () => {
  it('reads the English table and lists a duplicated row once', () => {
    expect(summary(fixture('windows', 'winget-upgrade-en.txt'))).toEqual([
      'OpenWhisperSystems.Signal 5.27.1 -> 5.29.0 (winget)',
      'Microsoft.Edge 97.0.1072.62 -> 97.0.1072.69 (winget)',
      'Microsoft.EdgeWebView2Runtime 97.0.1072.62 -> 97.0.1072.69 (winget)',
      'Microsoft.Office 16.0.14701.20290 -> 16.0.14729.20228 (winget)',
      'Postman.Postman 9.8.3 -> 9.9.3 (winget)',
    ]);
    expect(parseWingetUpgrade(fixture('windows', 'winget-upgrade-en.txt')).updates[0]).toEqual({
      name: 'OpenWhisperSystems.Signal',
      installedVersion: '5.27.1',
      availableVersion: '5.29.0',
      arch: null,
      origin: 'winget',
      security: false,
      classification: 'application',
      vendorSeverity: null,
      advisoryIds: [],
      cves: [],
      rebootRequired: null,
      manager: 'winget',
    });
  });

  it('reads a table without a Source column, names cut with "…" and "< version" bounds', () => {
    expect(summary(fixture('windows', 'winget-upgrade-source-winget.txt'))).toEqual([
      'Mozilla.Firefox 110.0.1 -> 111.0 (winget)',
      'ElectronicArts.EADesktop 12.115.0.5372 -> 12.130.0.5387 (winget)',
      'Microsoft.Teams 1.6.0.376 -> 1.6.00.4472 (winget)',
      'Microsoft.WindowsSDK ? -> 10.0.22621.2 (winget)',
      'Microsoft.DotNet.SDK.3_1 ? -> 3.1.426 (winget)',
      'IDMComputerSolutions,Inc.UltraEdit 24.20.0.40 -> 29.2.52 (winget)',
    ]);
  });

  it('reads German headers, skips the spinner, and reads the explicit-targeting table too', () => {
    expect(summary(fixture('windows', 'winget-upgrade-de.txt'))).toEqual([
      'Google.CloudSDK ? -> 461.0.0 (winget)',
      'evernote.evernote 10.84.3 -> 10.84.3.20240409145102 (winget)',
      'Microsoft.VisualStudioCode 1.88.0 -> 1.88.1 (winget)',
      'Obsidian.Obsidian 1.5.8 -> 1.5.12 (winget)',
    ]);
  });

  it('treats "Unknown" installed versions as unknown', () => {
    expect(summary(fixture('windows', 'winget-upgrade-unknown.txt'))).toEqual([
      'Mega.MEGASync ? -> 4.6.1.0 (winget)',
      'GOG.Galaxy ? -> 2.0.43.71a (winget)',
    ]);
  });

  it('reads CRLF output whose spinner was redrawn with carriage returns before the header', () => {
    const english = fixture('windows', 'winget-upgrade-en.txt');
    const console = `   - \r   \\ \r   | \r${english.replace(/\n/g, '\r\n')}`;
    expect(summary(console)).toEqual(summary(english));
  });

  it('reports Ids that winget cut short', () => {
    const cut = fixture('windows', 'winget-upgrade-en.txt').replace(
      'Microsoft.EdgeWebView2Runtime',
      'Microsoft.EdgeWebView2Ru…',
    );
    expect(parseWingetUpgrade(cut).truncatedIds).toEqual(['Microsoft.EdgeWebView2Ru…']);
  });

  it('finds nothing in a "no updates" answer and throws ParseError on a table of another shape', () => {
    expect(parseWingetUpgrade('No installed package found matching input criteria.\n').updates).toEqual([]);
    expect(parseWingetUpgrade('').updates).toEqual([]);
    expect(() => parseWingetUpgrade('Name Id\n----------------------\nGit Git.Git\n')).toThrow(ParseError);
    expect(() => parseWingetUpgrade('Name Id\n----------------------\nGit Git.Git\n')).toThrow(/2 columns/);
  });
});

describe('parseChocoOutdated', () => {
  it('reads rows, skipping the banner older Chocolatey printed even with -r and packages that are current', () => {
    const { updates, pinned } = parseChocoOutdated(fixture('windows', 'choco-outdated-r-banner.txt'));
    expect(pinned).toEqual([]);
    expect(updates).toHaveLength(32);
    expect(updates.map((update) => update.name)).not.toContain('temp_BoxstarterPackage');
    expect(updates[0]).toEqual({
      name: '7zip',
      installedVersion: '16.04',
      availableVersion: '16.4.0.20170420',
      arch: null,
      origin: 'Chocolatey',
      security: false,
      classification: 'application',
      vendorSeverity: null,
      advisoryIds: [],
      cves: [],
      rebootRequired: null,
      manager: 'choco',
    });
  });

  it('reports pinned packages', () => {
    const { updates, pinned } = parseChocoOutdated(fixture('windows', 'choco-outdated-pinned.txt'));
    expect(
      updates.map(
        (update) => `${update.name} ${update.installedVersion ?? ''} -> ${update.availableVersion}`,
      ),
    ).toEqual(['chromium 47.0.2512.0 -> 48.0.2532.0', 'github 2.14.1.2 -> 3.0.5.2']);
    expect(pinned).toEqual(['chromium', 'github']);
  });

  it('throws ParseError on a garbled row', () => {
    const cut = fixture('windows', 'choco-outdated-r-banner.txt').replace(
      'git|2.12.0|2.12.2.2|false',
      'git|2.12.0|2.1',
    );
    expect(() => parseChocoOutdated(cut)).toThrow(
      /not "name\|current\|available\|pinned": "git\|2.12.0\|2.1"/,
    );
    expect(parseChocoOutdated('').updates).toEqual([]);
  });
});
