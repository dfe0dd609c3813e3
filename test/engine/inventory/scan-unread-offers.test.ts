import { afterEach, describe, expect, it } from 'vitest';
import { listAvailableUpdates } from '../../../electron/engine/db/repositories/inventory';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import type { OsFacts } from '../../../shared/domain/inventory';
import { osOf, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';
import { fixture as platformFixture, framedRun, unameSection } from '../platforms/detect/framed-run';
import type { RecordedSection } from '../platforms/detect/framed-run';
import {
  bigSurQuickScan,
  fixture,
  frame,
  replaceSections,
  type FramedSection,
} from '../platforms/macos/frame';
import { recordedWindowsScan } from '../platforms/windows/recorded-scan';

/** A session whose one scan prints `stdout`, as the device's scan script would. */
const session = (stdout: string) =>
  ({ run: () => Promise.resolve({ stdout, stderr: '', exitCode: 0 }) }) as unknown as SshSession;

const windowsUpdateFailed: FramedSection = [
  'windows-update',
  '',
  1,
  fixture('windows', 'windows-update-error.txt'),
];

const macosSections = replaceSections(bigSurQuickScan, [
  'brew-outdated',
  fixture('macos', 'brew-outdated-pinned.json'),
  0,
]);

const suseSections: RecordedSection[] = [
  unameSection('4.4.27-2-default', 'x86_64', 'sles-db01'),
  { name: 'os-release', stdout: platformFixture('suse/opensuse-leap-42.1.os-release') },
  {
    name: 'rpm',
    stdout:
      'openssl-3\t(none)\t3.0.8\t150500.5.14.1\tnoarch\topenssl-3-3.0.8-150500.5.14.1.src.rpm\nzypper-docs\t(none)\t1.14.1\t1.1\tnoarch\tzypper-docs-1.14.1-1.1.src.rpm\n',
  },
  { name: 'list-updates', stdout: platformFixture('suse/zypper-list-updates.xml') },
  { name: 'list-patches', stdout: platformFixture('suse/zypper-list-patches.xml') },
  { name: 'needs-rebooting', stdout: platformFixture('suse/zypper-needs-rebooting-no.stdout') },
  { name: 'reboot-needed-file', stdout: 'not-required\n' },
];

describe('a scan that could not read a list of offered updates keeps what that list showed before', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp?.close());

  /** An engine with one device its first stored scan made known as `os`; returns a scanner of that device. */
  async function deviceKnownAs(os: OsFacts) {
    const clock = fixedClock('2026-10-01T09:00:00Z');
    temp = createTempEngine({ clock });
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const added = await addUnreachableDevice(engine, client.id, 'dev-01');
    storeScan(engine.database, { deviceId: added.id, at: '2026-09-30T09:00:00Z', os });
    return {
      clock,
      scan: (stdout: string) =>
        engine.scans.scanThroughSession(session(stdout), engine.devices.get(added.id), 'quick'),
      stored: () =>
        listAvailableUpdates(engine.database, [added.id]).map(
          (update) => `${update.manager}:${update.name}@${update.firstSeenAt}`,
        ),
    };
  }

  it('Windows: a failed Windows Update search keeps the missing KBs and their first-seen date; lists read replace theirs', async () => {
    const device = await deviceKnownAs(osOf('windows', 'Microsoft Windows 10 Pro'));
    const first = await device.scan(frame('windows-scan', recordedWindowsScan()));
    expect(first).toMatchObject({ status: 'ok', metadataStale: false });
    const before = device.stored();
    const kbs = before.filter((row) => row.startsWith('hotfix:'));
    expect(kbs.length).toBeGreaterThan(0);
    expect(before.some((row) => row.startsWith('winget:'))).toBe(true);
    expect(before.some((row) => row.startsWith('choco:'))).toBe(true);

    // Windows Update cannot be searched and Chocolatey fails; winget has been uninstalled.
    device.clock.set('2026-11-20T09:00:00Z');
    const failed = await device.scan(
      frame(
        'windows-scan',
        replaceSections(
          recordedWindowsScan(),
          windowsUpdateFailed,
          ['winget', '', 127, 'winget is not installed'],
          ['choco', 'Chocolatey v2.2.2\nError: database is locked\n', 1],
        ),
      ),
    );
    const during = device.stored();
    expect(during.filter((row) => row.startsWith('hotfix:'))).toEqual(kbs);
    expect(during.filter((row) => row.startsWith('choco:'))).toEqual(
      before.filter((row) => row.startsWith('choco:')),
    );
    // A tool that is not there any more offers nothing: its updates are gone with it.
    expect(during.some((row) => row.startsWith('winget:'))).toBe(false);
    expect(failed).toMatchObject({ status: 'ok', metadataStale: true });
    expect(failed.offerSources?.find((source) => source.name === 'windows-update')?.unread).toMatch(
      /0x8024402C/,
    );

    device.clock.set('2026-11-21T09:00:00Z');
    await device.scan(frame('windows-scan', recordedWindowsScan()));
    expect(device.stored().filter((row) => row.startsWith('hotfix:'))).toEqual(kbs);
  });

  it('Windows: a quick scan whose Windows Update search failed is stale', async () => {
    const device = await deviceKnownAs(osOf('windows', 'Microsoft Windows 10 Pro'));
    const outcome = await device.scan(
      frame('windows-scan', replaceSections(recordedWindowsScan(), windowsUpdateFailed)),
    );
    expect(outcome).toMatchObject({ status: 'ok', metadataStale: true });
  });

  it('macOS: a failed softwareupdate and an unreadable brew outdated keep the Apple and Homebrew updates', async () => {
    const device = await deviceKnownAs(osOf('macos', 'macOS 11.5.2'));
    await device.scan(frame('macos-scan', macosSections));
    const before = device.stored();
    expect(before.some((row) => row.startsWith('softwareupdate:'))).toBe(true);
    expect(before.some((row) => row.startsWith('brew:'))).toBe(true);
    expect(before.some((row) => row.startsWith('brew-cask:'))).toBe(true);

    device.clock.set('2026-11-20T09:00:00Z');
    const failed = await device.scan(
      frame(
        'macos-scan',
        replaceSections(
          macosSections,
          [
            'softwareupdate',
            'Software Update Tool\n\nFinding available software\n',
            1,
            'Cannot complete your request.\n',
          ],
          ['brew-outdated', fixture('macos', 'brew-outdated-pinned.json').slice(0, 120), 0],
        ),
      ),
    );
    expect(device.stored()).toEqual(before);
    expect(failed).toMatchObject({ status: 'ok', metadataStale: true, updates: 0 });
  });

  it('SUSE: a zypper list with skipped repositories (exit 106) keeps the updates it could not list', async () => {
    const device = await deviceKnownAs(osOf('suse', 'openSUSE Leap 42.1'));
    await device.scan(framedRun('suse-scan', suseSections).stdout);
    const before = device.stored();
    expect(before).toHaveLength(4);

    // The recorded run with a repository zypper skipped, as if zypper-docs's update came from that repository.
    const withoutDocs = platformFixture('suse/zypper-list-updates-broken-repo.xml').replace(
      /<update kind="package" name="zypper-docs".*?<\/update>/,
      '',
    );
    expect(withoutDocs).not.toContain('zypper-docs');
    device.clock.set('2026-11-20T09:00:00Z');
    const skipped = await device.scan(
      framedRun(
        'suse-scan',
        suseSections.map((section) =>
          section.name === 'list-updates'
            ? { name: 'list-updates', stdout: withoutDocs, exitCode: 106 }
            : section,
        ),
      ).stdout,
    );
    expect(device.stored()).toEqual(before);
    expect(skipped).toMatchObject({ status: 'ok', metadataStale: true });
  });
});
