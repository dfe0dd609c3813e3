import { describe, expect, it } from 'vitest';
import { parseInstalledPrograms } from '../../../../electron/engine/platforms/windows/installed-programs';
import {
  describeSearchFailure,
  parseInstalledUpdates,
  parseWindowsUpdateSearch,
} from '../../../../electron/engine/platforms/windows/windows-update';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { AvailableUpdate } from '../../../../shared/domain/inventory';
import { fixture } from '../macos/frame';

describe('parseWindowsUpdateSearch', () => {
  const { updates, incomplete } = parseWindowsUpdateSearch(fixture('windows', 'windows-update.json'));

  it('maps a security cumulative update: KB name, MSRC severity, reboot', () => {
    expect(incomplete).toBe(false);
    expect(updates[0]).toEqual({
      name: 'KB5034122',
      installedVersion: null,
      availableVersion: 'KB5034122/1',
      arch: null,
      origin: 'Windows Update',
      security: true,
      classification: 'security',
      vendorSeverity: 'Critical',
      advisoryIds: ['KB5034122'],
      cves: [],
      rebootRequired: true,
      manager: 'hotfix',
    });
    for (const update of updates) AvailableUpdate.parse(update);
  });

  it('keeps the CVEs Windows Update attaches and says "maybe" for updates that can request a reboot', () => {
    expect(updates[1]).toMatchObject({
      name: 'KB5034441',
      cves: ['CVE-2024-20666'],
      vendorSeverity: 'Important',
    });
    expect(updates[2]).toMatchObject({
      name: 'KB5034275',
      availableVersion: 'KB5034275/200',
      cves: ['CVE-2024-0056', 'CVE-2024-0057', 'CVE-2024-21312'],
      rebootRequired: null,
    });
  });

  it('classifies definitions, rollups and drivers, with the version from the title when it has one', () => {
    expect(
      updates
        .slice(3)
        .map((update) => [update.name, update.classification, update.security, update.availableVersion]),
    ).toEqual([
      ['KB2267602', 'definition', false, '1.403.1234.0'],
      ['KB890830', 'update-rollup', false, 'KB890830/200'],
      [
        'Intel Corporation - Display - 31.0.101.2125',
        'driver',
        false,
        '9d8c7b6a-5f4e-4d3c-2b1a-0f9e8d7c6b5a/1',
      ],
    ]);
  });

  it('classifies by category id, so a German Windows (localised category names) is read the same', () => {
    const german = fixture('windows', 'windows-update.json')
      .replaceAll('"Security Updates"', '"Sicherheitsupdates"')
      .replaceAll('"Definition Updates"', '"Definitionsupdates"');
    expect(parseWindowsUpdateSearch(german).updates.map((update) => update.classification)).toEqual(
      updates.map((update) => update.classification),
    );
  });

  it('adds security bulletin ids to the advisories and flags an incomplete search', () => {
    const json = JSON.parse(fixture('windows', 'windows-update.json')) as {
      resultCode: number;
      updates: { securityBulletinIds: string[] }[];
    };
    json.resultCode = 3;
    if (json.updates[0]) json.updates[0].securityBulletinIds = ['MS17-010'];
    const result = parseWindowsUpdateSearch(JSON.stringify(json));
    expect(result.incomplete).toBe(true);
    expect(result.updates[0]?.advisoryIds).toEqual(['KB5034122', 'MS17-010']);
  });

  it('throws ParseError on truncated or foreign JSON', () => {
    const text = fixture('windows', 'windows-update.json');
    expect(() => parseWindowsUpdateSearch(text.slice(0, 500))).toThrow(/not JSON/);
    expect(() => parseWindowsUpdateSearch('{"updates":[]}')).toThrow(ParseError);
  });
});

describe('describeSearchFailure', () => {
  it('names the HRESULT and what it usually means', () => {
    expect(describeSearchFailure(fixture('windows', 'windows-update-error.txt'))).toBe(
      'The Windows Update search failed with 0x8024402C (the update server name could not be resolved; check the proxy and DNS): Exception from HRESULT: 0x8024402C (HRESULT 0x8024402C).',
    );
    expect(describeSearchFailure('error: Access is denied.\n')).toBe(
      'The Windows Update search failed: Access is denied..',
    );
  });
});

describe('parseInstalledUpdates', () => {
  it('merges history and Get-HotFix, one entry per KB, dropping failed installs and later uninstalls', () => {
    const installed = parseInstalledUpdates(
      fixture('windows', 'update-history.json'),
      fixture('windows', 'hotfixes.json'),
    );
    expect(installed.map((item) => `${item.name} ${item.version}`).sort()).toEqual([
      'KB2267602 1.403.1100.0',
      'KB5011048 KB5011048',
      'KB5015684 KB5015684',
      'KB5033372 KB5033372',
      'KB890830 KB890830',
    ]);
    expect(new Set(installed.map((item) => item.manager))).toEqual(new Set(['hotfix']));
  });

  it('throws ParseError when either list is not the JSON the script writes', () => {
    expect(() => parseInstalledUpdates('[{"Title":"x"}]', '[]')).toThrow(/Windows Update history/);
    expect(() => parseInstalledUpdates('[]', '')).toThrow(/Get-HotFix list is not JSON/);
  });
});

describe('parseInstalledPrograms', () => {
  it('lists programs as Programs and Features does, with the registry view as architecture', () => {
    expect(
      parseInstalledPrograms(fixture('windows', 'programs.json'), 'x64').map((item) => [
        item.name,
        item.version,
        item.arch,
      ]),
    ).toEqual([
      ['7-Zip 23.01 (x64)', '23.01', 'x64'],
      ['Google Chrome', '120.0.6099.217', 'x64'],
      ['Microsoft Edge', '120.0.2210.133', 'x86'],
      ['Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130', '14.38.33130.0', 'x86'],
      ['Notepad++ (32-bit x86)', '8.6', 'x86'],
      ['Microsoft OneDrive', '23.246.1127.0002', null],
      ['Zoom', 'unknown', null],
    ]);
  });

  it('throws ParseError on truncated JSON', () => {
    expect(() => parseInstalledPrograms(fixture('windows', 'programs.json').slice(0, 200), 'x64')).toThrow(
      ParseError,
    );
  });
});
