import { describe, expect, it } from 'vitest';
import { suseAdapter } from '../../../../electron/engine/platforms/suse';
import { parseZypperXml } from '../../../../electron/engine/platforms/suse/zypper-xml';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { fixture, framedRun, unameSection } from '../detect/framed-run';
import type { RecordedSection } from '../detect/framed-run';

// Installed packages as pd_rpm prints them, matching what the recorded zypper run had installed.
const rpmLines =
  'openssl-3\t(none)\t3.0.8\t150500.5.14.1\tnoarch\topenssl-3-3.0.8-150500.5.14.1.src.rpm\nzypper-docs\t(none)\t1.14.1\t1.1\tnoarch\tzypper-docs-1.14.1-1.1.src.rpm\n';

function suseScan(overrides: Record<string, RecordedSection> = {}, depth: 'quick' | 'full' = 'quick') {
  const sections: RecordedSection[] = [
    unameSection('4.4.27-2-default', 'x86_64', 'sles-db01'),
    { name: 'os-release', stdout: fixture('suse/opensuse-leap-42.1.os-release') },
    { name: 'rpm', stdout: rpmLines },
    ...(depth === 'full' ? [{ name: 'refresh', stdout: 'All repositories have been refreshed.\n' }] : []),
    { name: 'list-updates', stdout: fixture('suse/zypper-list-updates.xml') },
    { name: 'list-patches', stdout: fixture('suse/zypper-list-patches.xml') },
    { name: 'needs-rebooting', stdout: fixture('suse/zypper-needs-rebooting-no.stdout') },
    { name: 'reboot-needed-file', stdout: 'not-required\n' },
  ];
  return framedRun(
    'suse-scan',
    sections.map((section) => overrides[section.name] ?? section),
  );
}

describe("suseAdapter on real zypper outputs (recorded with Debian's zypper 1.14.42 against a local rpm-md repository)", () => {
  it('reads package updates and patches with category, severity, CVEs and restart flag', () => {
    const report = suseAdapter.parseScan(suseScan(), 'quick');
    expect(report.os).toMatchObject({ family: 'suse', id: 'opensuse', version: '42.1' });
    expect(report.packages).toHaveLength(2);
    expect(report.updates).toHaveLength(4);
    expect(report.updates[0]).toMatchObject({
      name: 'openssl-3',
      installedVersion: '3.0.8-150500.5.14.1',
      availableVersion: '3.0.8-150500.5.20.1',
      origin: 'local-updates',
      security: false,
    });
    expect(
      report.updates.find((update) => update.name === 'SUSE-SLE-Module-Basesystem-15-SP5-2024-1234'),
    ).toEqual({
      name: 'SUSE-SLE-Module-Basesystem-15-SP5-2024-1234',
      installedVersion: null,
      availableVersion: '1',
      arch: 'noarch',
      origin: 'local-updates',
      security: true,
      classification: 'security',
      vendorSeverity: 'important',
      advisoryIds: ['SUSE-SLE-Module-Basesystem-15-SP5-2024-1234'],
      cves: ['CVE-2024-2511'],
      rebootRequired: false,
      manager: 'rpm',
    });
    expect(report.updates.find((update) => update.name.endsWith('2024-1300'))).toMatchObject({
      classification: 'bugfix',
      security: false,
      cves: [],
    });
    expect(report.rebootRequired).toBe(false);
    expect(report.offerSources?.every((source) => source.unread === null)).toBe(true);
  });

  it('reads needs-rebooting exit 102 as a pending reboot, and falls back to /run/reboot-needed on old zypper', () => {
    const yes = suseScan({
      'needs-rebooting': {
        name: 'needs-rebooting',
        stdout: fixture('suse/zypper-needs-rebooting-yes.stdout'),
        exitCode: 102,
      },
    });
    expect(suseAdapter.parseScan(yes, 'quick').rebootRequired).toBe(true);
    const old = suseScan({
      'needs-rebooting': {
        name: 'needs-rebooting',
        stderr: "Unknown command 'needs-rebooting'\n",
        exitCode: 1,
      },
      'reboot-needed-file': { name: 'reboot-needed-file', stdout: 'required\n' },
    });
    expect(suseAdapter.parseScan(old, 'quick').rebootRequired).toBe(true);
  });

  it('keeps the updates of readable repositories when one was skipped (exit 106), and says the list is incomplete', () => {
    const report = suseAdapter.parseScan(
      suseScan(
        {
          'list-updates': {
            name: 'list-updates',
            stdout: fixture('suse/zypper-list-updates-broken-repo.xml'),
            exitCode: 106,
          },
        },
        'full',
      ),
      'full',
    );
    expect(report.updates.filter((update) => update.advisoryIds.length === 0)).toHaveLength(2);
    expect(report.metadataStale).toBe(true);
    expect(report.warnings[0]).toMatch(/skipped repositories.*Failed to connect to 127\.0\.0\.1 port 9/);
    // Package updates are verified in the installed inventory; patches by the list that was read whole.
    expect(report.offerSources).toEqual([
      { name: 'zypper', lists: "zypper's package updates", unread: report.warnings[0] },
      { name: 'zypper-patches', lists: "zypper's patches", unread: null },
    ]);
    // Package updates and patches are both rpm's: the updates stored before are all kept.
    expect(report.unreadUpdateManagers).toEqual(['rpm']);
  });

  it("reports a failed refresh on a full scan with zypper's own words", () => {
    const report = suseAdapter.parseScan(
      suseScan(
        {
          refresh: {
            name: 'refresh',
            stdout: fixture('suse/zypper-refresh-unreachable.stdout'),
            stderr: fixture('suse/zypper-refresh-unreachable.stderr'),
            exitCode: 4,
          },
        },
        'full',
      ),
      'full',
    );
    expect(report.metadataStale).toBe(true);
    expect(report.warnings[0]).toMatch(/zypper refresh failed.*Repository 'broken-mirror' is invalid/);
  });

  it('does not read a system without repositories (unregistered SLES) as fully patched', () => {
    const report = suseAdapter.parseScan(
      suseScan({
        'list-updates': { name: 'list-updates', stdout: fixture('suse/zypper-list-updates-no-repos.xml') },
        'list-patches': { name: 'list-patches', stdout: fixture('suse/zypper-list-patches-no-repos.xml') },
      }),
      'quick',
    );
    expect(report.updates).toEqual([]);
    expect(report.metadataStale).toBe(true);
    expect(report.unreadUpdateManagers).toEqual(['rpm']);
    expect(report.offerSources?.map((source) => source.unread !== null)).toEqual([true, true]);
    expect(report.warnings).toEqual([
      'zypper has no repositories (is the system registered?), so no updates or patches could be listed.',
    ]);
  });

  it('reads a system without repositories as having no patches', () => {
    expect(parseZypperXml(fixture('suse/zypper-list-patches-no-repos.xml'), 'list-patches')).toEqual({
      updates: [],
      errors: [],
      warnings: [
        'No repositories defined. Operating only with the installed resolvables. Nothing can be installed.',
      ],
    });
  });

  it.each([
    [
      'XML cut off',
      { name: 'list-patches', stdout: fixture('suse/zypper-list-patches.xml').slice(0, 400) },
      /cut off before <\/stream>/,
    ],
    [
      'no XML at all',
      {
        name: 'list-updates',
        stdout: 'System management is locked by the application with pid 1234 (zypper).\n',
      },
      /did not print its XML document/,
    ],
    [
      'zypper failing',
      {
        name: 'list-updates',
        stdout:
          '<?xml version=\'1.0\'?>\n<stream>\n<message type="error">System management is locked</message>\n</stream>\n',
        exitCode: 7,
      },
      /list-updates failed \(exit code 7\): System management is locked/,
    ],
    [
      'an <update> without a name',
      {
        name: 'list-updates',
        stdout: fixture('suse/zypper-list-updates.xml').replace('name="openssl-3" ', ''),
      },
      /without kind, name or edition/,
    ],
  ] as const)('throws ParseError on %s', (_what, section, message) => {
    expect(() => suseAdapter.parseScan(suseScan({ [section.name]: section }), 'quick')).toThrow(message);
  });

  it('throws ParseError on empty output', () => {
    expect(() => suseAdapter.parseScan({ stdout: '', stderr: '', exitCode: 0 }, 'quick')).toThrow(ParseError);
  });
});
