import { describe, expect, it } from 'vitest';
import { itemsForUpdates, planItems } from '../../../electron/engine/deploy/deployment-items';
import { rollbackPlan } from '../../../electron/engine/deploy/rollback-plan';
import { debianDeployment } from '../../../electron/engine/platforms/debian/deploy-adapter';
import { macosDeployment } from '../../../electron/engine/platforms/macos/deploy-adapter';
import { rhelDeployment } from '../../../electron/engine/platforms/rhel/deploy-adapter';
import { suseDeployment } from '../../../electron/engine/platforms/suse/deploy-adapter';
import { windowsDeployment } from '../../../electron/engine/platforms/windows/deploy-adapter';
import type { PackageManager } from '../../../shared/domain/inventory';

const update = (name: string, manager: PackageManager, advisoryIds: string[] = []) => ({
  name,
  manager,
  advisoryIds,
});

describe('items of an "all" deployment', () => {
  it('puts each Windows and macOS update under its source, keeps Linux package names, and names what cannot be installed', () => {
    expect(
      itemsForUpdates(windowsDeployment, [
        update('KB5034441', 'hotfix'),
        update('Mozilla.Firefox', 'winget'),
        update('git', 'choco'),
        update('7-Zip 23.01 (x64 edition)', 'msi'),
      ]),
    ).toEqual({
      items: ['KB5034441', 'winget:Mozilla.Firefox', 'choco:git'],
      warnings: ['7-Zip 23.01 (x64 edition) (msi) cannot be installed by Patchdeck.'],
    });
    expect(
      itemsForUpdates(macosDeployment, [
        update('Safari15.0BigSurAuto-15.0', 'softwareupdate'),
        update('git', 'brew'),
        update('firefox', 'brew-cask'),
      ]).items,
    ).toEqual(['softwareupdate:Safari15.0BigSurAuto-15.0', 'brew:git', 'cask:firefox']);
    expect(
      itemsForUpdates(debianDeployment, [update('openssl', 'dpkg'), update('openssl', 'dpkg')]).items,
    ).toEqual(['openssl']);
  });

  it('every item it names passes the family check that the install makes', () => {
    const named = itemsForUpdates(windowsDeployment, [
      update('KB5034441', 'hotfix'),
      update('GIMP.GIMP', 'winget'),
    ]);
    for (const item of named.items) expect(() => windowsDeployment.checkPackageName(item)).not.toThrow();
    const mac = itemsForUpdates(macosDeployment, [
      update('Command Line Tools for Xcode-15.3', 'softwareupdate'),
    ]);
    for (const item of mac.items) expect(() => macosDeployment.checkPackageName(item)).not.toThrow();
  });
});

describe('advisories', () => {
  const rhelScan = [
    update('openssl', 'rpm', ['RHSA-2024:1234']),
    update('openssl-libs', 'rpm', ['RHSA-2024:1234']),
    update('bash', 'rpm', ['RHBA-2024:0042']),
  ];

  it('plans a RHEL advisory as the packages the last scan found it fixing', () => {
    expect(planItems(rhelDeployment, ['--advisory=RHSA-2024:1234', 'openssl', 'curl'], rhelScan)).toEqual({
      packages: [
        { name: 'openssl', version: null },
        { name: 'openssl-libs', version: null },
        { name: 'curl', version: null },
      ],
      warnings: [],
    });
  });

  it('says so when the scan links no package to an advisory', () => {
    expect(planItems(rhelDeployment, ['--advisory=RHSA-2023:9999'], rhelScan)).toEqual({
      packages: [],
      warnings: [
        'RHSA-2023:9999 is not planned: the last scan links no missing package update to it; approve the packages it updates.',
      ],
    });
  });

  it('plans a SUSE patch as an item of its own, which the inventory does not list, beside packages', () => {
    const patch = 'SUSE-SLE-Module-Basesystem-15-SP5-2024-1234';
    const suseScan = [update(patch, 'rpm', [patch]), update('libopenssl3', 'rpm')];
    expect(itemsForUpdates(suseDeployment, suseScan).items).toEqual([patch, 'libopenssl3']);
    expect(planItems(suseDeployment, [patch, 'libopenssl3'], suseScan)).toEqual({
      packages: [
        { name: patch, version: null },
        { name: 'libopenssl3', version: null },
      ],
      warnings: [],
    });
    expect(suseDeployment.advisoryOf(patch)).toBeNull();
    expect(suseDeployment.installedName('openSUSE-SLE-15.5-2024-12')).toBeNull();
    expect(suseDeployment.installedName('kernel-default')).toBe('kernel-default');
    expect(() => suseDeployment.checkPackageName(patch)).not.toThrow();
  });
});

describe('rollback plan', () => {
  const change = (
    pkg: string,
    from: string | null,
    to: string | null,
    rollbackPossible = true,
    note: string | null = null,
  ) => ({
    package: pkg,
    from,
    to,
    rollbackPossible,
    rollbackNote: note,
  });

  it('uninstalls a KB the job installed, reinstalls recorded versions, and names what cannot be rolled back', () => {
    expect(
      rollbackPlan(windowsDeployment, [
        change('kb:KB5034275', null, 'KB5034275'),
        change('winget:GIMP.GIMP', '2.10.34', '2.10.36'),
        change('KB5034122', null, 'KB5034122', false, 'KB5034122 is permanent.'),
      ]),
    ).toEqual({
      packages: [
        { name: 'kb:KB5034275', version: null },
        { name: 'winget:GIMP.GIMP', version: '2.10.34' },
      ],
      warnings: ['Not rolled back: KB5034122 is permanent.'],
    });
  });

  it('cannot remove a new install where the family has no way to', () => {
    expect(rollbackPlan(debianDeployment, [change('pd-new', null, '1.0-1')])).toEqual({
      packages: [],
      warnings: [
        'Not rolled back: pd-new was installed new by this job and cannot be rolled back here: Patchdeck cannot remove it on this platform.',
      ],
    });
    expect(rollbackPlan(debianDeployment, [change('pd-hello', '1.0-1', '1.1-1')]).packages).toEqual([
      { name: 'pd-hello', version: '1.0-1', expected: '1.1-1' },
    ]);
  });
});
