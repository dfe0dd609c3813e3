import { describe, expect, it } from 'vitest';
import type { PackageStep } from '../../../electron/engine/deploy/planned-package';
import { verifyChanges } from '../../../electron/engine/deploy/verify-changes';
import { debianDeployment } from '../../../electron/engine/platforms/debian/deploy-adapter';
import { macosAdapter } from '../../../electron/engine/platforms/macos';
import { macosDeployment } from '../../../electron/engine/platforms/macos/deploy-adapter';
import {
  parseSoftwareUpdateList,
  softwareUpdateToAvailable,
} from '../../../electron/engine/platforms/macos/software-update';
import { rhelDeployment } from '../../../electron/engine/platforms/rhel/deploy-adapter';
import { windowsAdapter } from '../../../electron/engine/platforms/windows';
import { windowsDeployment } from '../../../electron/engine/platforms/windows/deploy-adapter';
import { parseInstalledUpdates } from '../../../electron/engine/platforms/windows/windows-update';
import { parseWingetUpgrade } from '../../../electron/engine/platforms/windows/winget';
import type { InstalledPackage } from '../../../shared/domain/inventory';
import { fixture, frame, type FramedSection } from '../platforms/macos/frame';
import { recordedWindowsScan } from '../platforms/windows/recorded-scan';

const step = (name: string, from: string | null, to: string | null, extra: Partial<PackageStep> = {}) => ({
  name,
  from,
  to,
  rollbackPossible: true,
  rollbackNote: null,
  ...extra,
});

const rpm = (name: string, version: string): InstalledPackage => ({
  name,
  version,
  arch: 'x86_64',
  sourceName: null,
  sourceVersion: null,
  manager: 'rpm',
});

/** Offer sources the rescan read completely. */
const read = (...names: string[]) =>
  names.map((name) => ({ name, lists: `${name}'s updates`, unread: null }));

// The rescans as the scan parsers read recorded outputs.
const windowsInstalled = parseInstalledUpdates(
  fixture('windows', 'update-history.json'),
  fixture('windows', 'hotfixes.json'),
);
const windowsSections = recordedWindowsScan();
const wingetOffers = parseWingetUpgrade(fixture('windows', 'winget-upgrade-en.txt')).updates;
const appleOffers = parseSoftwareUpdateList(fixture('macos', 'softwareupdate-big-sur.txt')).entries.map(
  (entry) => softwareUpdateToAvailable(entry, '11.5.2'),
);

describe('verify by rescan', () => {
  it('finds a package at its new version, and names one still at the old version or somewhere else', () => {
    const installed = [rpm('pd-hello', '1.1-1'), rpm('pd-same', '1.0-1'), rpm('pd-other', '3.0-1')];
    const verified = verifyChanges(
      debianDeployment,
      'upgrade',
      [
        step('pd-hello', '1.0-1', '1.1-1'),
        step('pd-same', '1.0-1', '1.1-1'),
        step('pd-other', '1.0-1', '2.0-1'),
      ],
      { installed, offered: [] },
    );
    expect(verified.changed.map((change) => [change.step.name, change.after])).toEqual([
      ['pd-hello', '1.1-1'],
      ['pd-other', '3.0-1'],
    ]);
    expect(verified.problems).toEqual(['pd-same is still at 1.0-1', 'pd-other is at 3.0-1, not 2.0-1']);
  });

  it('accepts an install-only kernel installed beside the old one, whatever order the rows come in', () => {
    const plan = [step('kernel-core', '5.14.0-362.8.1.el9_3', '5.14.0-427.13.1.el9_4')];
    for (const installed of [
      [rpm('kernel-core', '5.14.0-427.13.1.el9_4'), rpm('kernel-core', '5.14.0-362.8.1.el9_3')],
      [rpm('kernel-core', '5.14.0-362.8.1.el9_3'), rpm('kernel-core', '5.14.0-427.13.1.el9_4')],
    ]) {
      const verified = verifyChanges(rhelDeployment, 'upgrade', plan, { installed, offered: [] });
      expect(verified.problems).toEqual([]);
      expect(verified.changed[0]?.after).toBe('5.14.0-427.13.1.el9_4');
    }
    const stayed = verifyChanges(rhelDeployment, 'upgrade', plan, {
      installed: [rpm('kernel-core', '5.14.0-362.8.1.el9_3')],
      offered: [],
    });
    expect(stayed.problems).toEqual(['kernel-core is still at 5.14.0-362.8.1.el9_3']);
  });

  it('finds a new KB in the installed updates, and a removed one gone from them', () => {
    const installedNow = verifyChanges(windowsDeployment, 'upgrade', [step('KB5033372', null, 'KB5033372')], {
      installed: windowsInstalled,
      offered: [],
    });
    expect(installedNow.problems).toEqual([]);
    expect(installedNow.changed[0]?.after).toBe('KB5033372');
    const missing = verifyChanges(windowsDeployment, 'upgrade', [step('KB5034122', null, 'KB5034122')], {
      installed: windowsInstalled,
      offered: [],
    });
    expect(missing.problems).toEqual(['KB5034122 is at nothing (not installed), not KB5034122']);
    const removed = verifyChanges(windowsDeployment, 'downgrade', [step('KB5034122', 'KB5034122', null)], {
      installed: windowsInstalled,
      offered: [],
    });
    expect(removed.changed.map((change) => change.after)).toEqual([null]);
    const stillThere = verifyChanges(windowsDeployment, 'downgrade', [step('KB5033372', 'KB5033372', null)], {
      installed: windowsInstalled,
      offered: [],
    });
    expect(stillThere.problems).toEqual(['KB5033372 is still at KB5033372']);
  });

  it('verifies a winget package by its offer: gone after the upgrade, back from the recorded version after a rollback', () => {
    const signal = step('winget:OpenWhisperSystems.Signal', '5.27.1', '5.29.0');
    const edge = step('winget:Microsoft.Edge', '97.0.1072.62', '97.0.1072.69');
    const upgraded = verifyChanges(windowsDeployment, 'upgrade', [signal, edge], {
      installed: windowsInstalled,
      offered: wingetOffers.filter((offer) => offer.name !== 'OpenWhisperSystems.Signal'),
      offerSources: read('winget'),
    });
    expect(upgraded.changed.map((change) => change.step.name)).toEqual(['winget:OpenWhisperSystems.Signal']);
    expect(upgraded.problems).toEqual([
      'winget:Microsoft.Edge is still offered (97.0.1072.69, installed 97.0.1072.62)',
    ]);
    const rolledBack = verifyChanges(
      windowsDeployment,
      'downgrade',
      [
        step('winget:OpenWhisperSystems.Signal', '5.29.0', '5.27.1'),
        step('winget:Postman.Postman', '9.9.3', '9.8.1'),
      ],
      { installed: windowsInstalled, offered: wingetOffers, offerSources: read('winget') },
    );
    expect(rolledBack.changed.map((change) => change.step.name)).toEqual([
      'winget:OpenWhisperSystems.Signal',
    ]);
    expect(rolledBack.problems).toEqual([
      'winget:Postman.Postman is not back at 9.8.1: the rescan finds 9.8.3 installed',
    ]);
  });

  it('leaves an Apple update that completes at restart for the check after the reboot, which must find it gone', () => {
    const os = step('softwareupdate:macOS Big Sur 11.6-20G165', '11.5.2', '11.6', {
      completesAtRestart: true,
    });
    const safari = step('softwareupdate:Safari15.0BigSurAuto-15.0', null, '15.0');
    const beforeRestart = verifyChanges(macosDeployment, 'upgrade', [os, safari], {
      installed: [],
      offered: appleOffers,
      offerSources: read('softwareupdate'),
    });
    expect(beforeRestart.awaitingRestart).toEqual([os]);
    expect(beforeRestart.problems).toEqual([
      'softwareupdate:Safari15.0BigSurAuto-15.0 is still offered (15.0)',
    ]);
    expect(beforeRestart.changed).toEqual([]);

    const offeredAfter = appleOffers.filter((offer) => offer.name.startsWith('Safari'));
    const afterRestart = verifyChanges(
      macosDeployment,
      'upgrade',
      [os],
      { installed: [], offered: offeredAfter, offerSources: read('softwareupdate') },
      true,
    );
    expect(afterRestart.changed.map((change) => change.after)).toEqual(['11.6']);
    const notFinished = verifyChanges(
      macosDeployment,
      'upgrade',
      [os],
      { installed: [], offered: appleOffers, offerSources: read('softwareupdate') },
      true,
    );
    expect(notFinished.problems).toEqual([
      'softwareupdate:macOS Big Sur 11.6-20G165 is still offered (11.6, installed 11.5.2) after the restart',
    ]);
  });

  it('does not verify an item by its offer when the rescan could not read that list of offers', () => {
    const scanOf = (sections: FramedSection[]) =>
      windowsAdapter.parseScan({ stdout: frame('windows-scan', sections), stderr: '', exitCode: 0 }, 'quick');
    const failed = scanOf(
      windowsSections.map((section) =>
        section[0] === 'winget'
          ? ['winget', 'Failed in attempting to update the source: winget\n', -1978335226]
          : section,
      ),
    );
    const signal = step('winget:OpenWhisperSystems.Signal', '5.27.1', '5.29.0');
    const kb = step('KB5033372', null, 'KB5033372');
    const rescan = { installed: failed.packages, offered: failed.updates, offerSources: failed.offerSources };
    const verified = verifyChanges(windowsDeployment, 'upgrade', [signal, kb], rescan);
    expect(verified.problems).toEqual([
      "could not verify winget:OpenWhisperSystems.Signal: the rescan could not list winget's updates (winget failed with exit code -1978335226: Failed in attempting to update the source: winget)",
    ]);
    // The KB is read from the installed updates, which the failed winget does not touch.
    expect(verified.changed.map((change) => change.step.name)).toEqual(['KB5033372']);
    const rollback = verifyChanges(
      windowsDeployment,
      'downgrade',
      [step('winget:OpenWhisperSystems.Signal', '5.29.0', '5.27.1')],
      rescan,
    );
    expect(rollback.problems[0]).toMatch(
      /^could not verify winget:OpenWhisperSystems\.Signal: the rescan could not list winget's/,
    );

    // The same rescan with winget answering shows the offer, which the failed one had lost.
    const whole = scanOf(windowsSections);
    const offered = verifyChanges(windowsDeployment, 'upgrade', [signal], {
      installed: whole.packages,
      offered: whole.updates,
      offerSources: whole.offerSources,
    });
    expect(offered.problems).toEqual([
      'winget:OpenWhisperSystems.Signal is still offered (5.29.0, installed 5.27.1)',
    ]);
    // A rescan that does not say which lists it read proves nothing by an absence either.
    expect(
      verifyChanges(windowsDeployment, 'upgrade', [signal], { installed: [], offered: [] }).problems,
    ).toEqual([
      'could not verify winget:OpenWhisperSystems.Signal: the rescan does not say whether it read the list of offers that would show it',
    ]);
  });

  it('does not verify an Apple update when softwareupdate failed in the rescan', () => {
    const sections: FramedSection[] = [
      ['sw-vers', fixture('macos', 'sw-vers-big-sur.txt'), 0],
      ['softwareupdate', '', 1, 'Error: no connection to the update server\n'],
      ['brew', '', 127, 'brew is not installed\n'],
      ['applications', fixture('macos', 'applications-arm.json'), 0],
    ];
    const report = macosAdapter.parseScan(
      { stdout: frame('macos-scan', sections), stderr: '', exitCode: 0 },
      'quick',
    );
    const safari = step('softwareupdate:Safari15.0BigSurAuto-15.0', null, '15.0');
    const verified = verifyChanges(macosDeployment, 'upgrade', [safari], {
      installed: report.packages,
      offered: report.updates,
      offerSources: report.offerSources,
    });
    expect(verified.problems).toEqual([
      `could not verify softwareupdate:Safari15.0BigSurAuto-15.0: the rescan could not list Apple's software updates (${report.warnings[0]?.replace(/\.$/, '') ?? ''})`,
    ]);
  });
});
