import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rhelAdapter } from '../../../../electron/engine/platforms/rhel';
import { parseCheckUpdate } from '../../../../electron/engine/platforms/rhel/check-update';
import { parseUpdateinfoList } from '../../../../electron/engine/platforms/rhel/updateinfo';
import { parseRpmPackages, shRpmFunction } from '../../../../electron/engine/platforms/linux-rpm';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { fixture, framedRun, unameSection } from '../detect/framed-run';
import type { RecordedSection } from '../detect/framed-run';
import { recordedDnf4Scan } from './recorded-scan';

// Installed packages in our own pd_rpm format, at versions older than what the recorded check-update offers.
const rhel7Rpm = [
  'grub2\t1\t2.02\t0.64.el7\tx86_64\tgrub2-2.02-0.64.el7.src.rpm',
  'grub2-common\t1\t2.02\t0.64.el7\tnoarch\tgrub2-2.02-0.64.el7.src.rpm',
  'NetworkManager-config-server\t1\t1.8.0\t9.el7\tnoarch\tNetworkManager-1.8.0-9.el7.src.rpm',
  '389-ds-base\t(none)\t1.3.1.6\t25.el7\tx86_64\t389-ds-base-1.3.1.6-25.el7.src.rpm',
  'gpg-pubkey\t(none)\tfd431d51\t4ae0493b\t(none)\t(none)',
  '',
].join('\n');

function rhel7Scan(overrides: Partial<Record<string, RecordedSection>> = {}): ReturnType<typeof framedRun> {
  const sections: RecordedSection[] = [
    unameSection('3.10.0-862.el7.x86_64', 'x86_64', 'rhel7-app01'),
    { name: 'os-release', stdout: fixture('rhel/rhel-7.5.os-release') },
    { name: 'package-manager', stdout: 'yum\n' },
    { name: 'rpm', stdout: rhel7Rpm },
    {
      name: 'check-update',
      // The recorded RHEL 7 list plus one line of ours, in its shape, for the package the advisories name.
      stdout: `${fixture('rhel/check-update-rhel7-yum.stdout')}389-ds-base.x86_64                    1.3.8.4-15.el7         rhel-7-server-rpms\n`,
      exitCode: 100,
    },
    { name: 'updateinfo', stdout: fixture('rhel/updateinfo-rhel7-yum.stdout') },
    // Ours: this RHEL 7 recording has no CVE listing, so yum is taken to have printed none.
    { name: 'updateinfo-cves', stdout: '' },
    { name: 'needs-restarting', stdout: fixture('rhel/needs-restarting-required.stdout'), exitCode: 1 },
  ];
  return framedRun(
    'rhel-scan',
    sections.map((section) => overrides[section.name] ?? section),
  );
}

describe('rhelAdapter on recorded yum/dnf outputs', () => {
  it('reads a RHEL 7 scan: packages with epochs, updates with advisories and severity, pending reboot', () => {
    const report = rhelAdapter.parseScan(rhel7Scan(), 'quick');
    expect(report.os).toMatchObject({
      family: 'rhel',
      id: 'rhel',
      version: '7.5',
      name: 'Red Hat Enterprise Linux Server 7.5 (Maipo)',
    });
    expect(report.packages).toHaveLength(5);
    expect(report.packages[0]).toEqual({
      name: 'grub2',
      version: '1:2.02-0.64.el7',
      arch: 'x86_64',
      sourceName: 'grub2',
      sourceVersion: '1:2.02-0.64.el7',
      manager: 'rpm',
    });
    expect(report.packages.find((pkg) => pkg.name === 'gpg-pubkey')).toMatchObject({
      arch: null,
      sourceName: 'gpg-pubkey',
    });
    expect(report.updates).toHaveLength(9);
    const ds = report.updates.find((update) => update.name === '389-ds-base');
    expect(ds).toMatchObject({
      installedVersion: '1.3.1.6-25.el7',
      availableVersion: '1.3.8.4-15.el7',
      origin: 'rhel-7-server-rpms',
      security: true,
      classification: 'security',
      vendorSeverity: 'Important',
    });
    expect(ds?.advisoryIds).toHaveLength(12);
    expect(ds?.advisoryIds).toContain('RHSA-2018:3127');
    expect(report.updates.find((update) => update.name === 'grub2')).toMatchObject({
      installedVersion: '1:2.02-0.64.el7',
      availableVersion: '1:2.02-0.65.el7_4.2',
      security: false,
      classification: 'other',
      advisoryIds: [],
    });
    expect(report.rebootRequired).toBe(true);
    expect(report.metadataStale).toBe(true);
  });

  it('reads dnf check-update lists with module streams and epochs, and stops at "Obsoleting Packages"', () => {
    const alma = parseCheckUpdate(fixture('rhel/check-update-alma-8.4.stdout'));
    expect(alma).toHaveLength(17);
    expect(alma.find((update) => update.name === 'container-selinux')).toEqual({
      name: 'container-selinux',
      arch: 'noarch',
      evr: '2:2.167.0-1.module_el8.4.0+2535+b6fd1bdf',
      repo: 'appstream',
    });
    const centos = parseCheckUpdate(fixture('rhel/check-update-centos8-obsoleting.stdout'));
    expect(centos.map((update) => update.name)).toEqual([
      'unbound-libs',
      'unzip',
      'util-linux',
      'which',
      'xfsprogs',
      'xkeyboard-config',
      'yum',
      'zlib',
    ]);
  });

  it("skips the notes of RHEL's subscription-manager plugin around the list", () => {
    const withNotes = `Updating Subscription Management repositories.\nUnable to read consumer identity\n\nThis system is not registered with an entitlement server. You can use subscription-manager to register.\n${fixture('rhel/dnf4-check-update.stdout')}`;
    expect(parseCheckUpdate(withNotes)).toHaveLength(3);
  });

  it('joins a name yum wrapped onto its own line with the version and repository below it', () => {
    const wrapped =
      'texlive-collection-latexrecommended.noarch\n                       7:20180414-23.el8      appstream\n';
    expect(parseCheckUpdate(wrapped)).toEqual([
      {
        name: 'texlive-collection-latexrecommended',
        arch: 'noarch',
        evr: '7:20180414-23.el8',
        repo: 'appstream',
      },
    ]);
  });

  it('reads updateinfo from dnf 5 (table) and Fedora security advisories without a known severity', () => {
    expect(parseUpdateinfoList(fixture('rhel/updateinfo-dnf5.stdout'))).toEqual([
      {
        id: 'FEDORA-2018-318f184112',
        type: 'enhancement',
        severity: 'Moderate',
        nevra: { name: 'flac', evr: '1.4.0-1.fc29', arch: 'x86_64' },
      },
      {
        id: 'FEDORA-2999:002-02',
        type: 'enhancement',
        severity: 'Moderate',
        nevra: { name: 'flac', evr: '1.3.3-8.fc29', arch: 'x86_64' },
      },
    ]);
    expect(parseUpdateinfoList(fixture('rhel/updateinfo-fedora-unknown-sec.stdout'))[0]).toMatchObject({
      type: 'security',
      severity: 'Moderate',
    });
  });

  it('reports no pending reboot, with a warning, when needs-restarting is too old for -r', () => {
    const report = rhelAdapter.parseScan(
      rhel7Scan({
        'needs-restarting': {
          name: 'needs-restarting',
          stderr: fixture('rhel/needs-restarting-no-r-option.stderr'),
          exitCode: 2,
        },
      }),
      'quick',
    );
    expect(report.rebootRequired).toBe(false);
    expect(report.warnings.join(' ')).toMatch(/could not be checked: Usage:/);
  });

  it('still scans when advisories are unavailable, but says so and names them unread, not absent', () => {
    const report = rhelAdapter.parseScan(
      rhel7Scan({
        updateinfo: { name: 'updateinfo', stderr: 'Error: No such command: updateinfo.\n', exitCode: 1 },
      }),
      'quick',
    );
    expect(report.updates.every((update) => update.advisoryIds.length === 0)).toBe(true);
    expect(report.warnings[0]).toMatch(/Advisory information \(updateinfo\) is unavailable.*No such command/);
    expect(report.unreadAdvisoryManagers).toEqual(['rpm']);
    expect(report.unreadCveManagers).toBeUndefined();
  });

  it('names only the CVE ids unread when only the CVE listing failed', () => {
    const report = rhelAdapter.parseScan(
      rhel7Scan({
        'updateinfo-cves': {
          name: 'updateinfo-cves',
          stderr: 'Error: No such command: updateinfo.\n',
          exitCode: 1,
        },
      }),
      'quick',
    );
    expect(report.updates.find((update) => update.name === '389-ds-base')).toMatchObject({
      security: true,
      cves: [],
    });
    expect(report.warnings[0]).toMatch(/The CVE list \(updateinfo cves\) is unavailable/);
    expect(report.unreadAdvisoryManagers).toBeUndefined();
    expect(report.unreadCveManagers).toEqual(['rpm']);
  });

  it('marks a full scan stale when makecache failed', () => {
    const run = rhel7Scan();
    const withRefresh = run.stdout.replace(
      '@@patchdeck:section:check-update@@',
      "@@patchdeck:section:refresh@@\n\n@@patchdeck:stderr:refresh@@\nError: Failed to download metadata for repo 'baseos'\n@@patchdeck:exit:refresh:1@@\n@@patchdeck:section:check-update@@",
    );
    const report = rhelAdapter.parseScan({ ...run, stdout: withRefresh }, 'full');
    expect(report.metadataStale).toBe(true);
    expect(report.warnings[0]).toMatch(/Failed to download metadata for repo 'baseos'/);
  });
});

describe('rhelAdapter on real dnf 4 recordings', () => {
  it('attaches advisories, severities and CVEs to each update and reads the pending reboot', () => {
    const report = rhelAdapter.parseScan(recordedDnf4Scan(), 'full');
    expect(report.metadataStale).toBe(false);
    expect(report.warnings).toEqual([]);
    expect(report).not.toHaveProperty('unreadAdvisoryManagers');
    expect(report).not.toHaveProperty('unreadCveManagers');
    expect(report.rebootRequired).toBe(true);
    expect(report.updates.map((update) => update.name)).toEqual(['curl', 'openssl-libs', 'tzdata']);
    expect(report.updates.find((update) => update.name === 'openssl-libs')).toEqual({
      name: 'openssl-libs',
      installedVersion: '1:3.0.7-24.el9',
      availableVersion: '1:3.0.7-25.el9_3',
      arch: 'x86_64',
      origin: 'baseos',
      security: true,
      classification: 'security',
      vendorSeverity: 'Important',
      advisoryIds: ['RHSA-2024:0310'],
      cves: ['CVE-2023-5363', 'CVE-2023-5678'],
      rebootRequired: null,
      manager: 'rpm',
    });
    expect(report.updates.find((update) => update.name === 'curl')).toMatchObject({
      vendorSeverity: 'Moderate',
      cves: ['CVE-2023-38546'],
    });
    expect(report.updates.find((update) => update.name === 'tzdata')).toMatchObject({
      security: false,
      classification: 'enhancement',
      advisoryIds: ['RHEA-2024:0500'],
      cves: [],
    });
  });

  it('reads needs-restarting saying no reboot is needed', () => {
    const report = rhelAdapter.parseScan(
      recordedDnf4Scan({
        'needs-restarting': {
          name: 'needs-restarting',
          stdout: fixture('rhel/dnf4-needs-restarting-not-required.stdout'),
        },
      }),
      'full',
    );
    expect(report.rebootRequired).toBe(false);
  });

  it('marks the list stale when makecache skipped an unreachable repository yet exited 0', () => {
    const report = rhelAdapter.parseScan(
      recordedDnf4Scan({
        refresh: {
          name: 'refresh',
          stdout: fixture('rhel/dnf4-makecache-unreachable.stdout'),
          stderr: fixture('rhel/dnf4-makecache-unreachable.stderr'),
        },
      }),
      'full',
    );
    expect(report.metadataStale).toBe(true);
    expect(report.warnings[0]).toMatch(
      /Refreshing the repository metadata failed.*Ignoring repositories: appstream/,
    );
    expect(report.updates).toHaveLength(3);
  });
});

describe('rhelAdapter on bad output', () => {
  it.each([
    [
      'check-update failed (exit 1)',
      { name: 'check-update', stderr: "Error: Cache-only enabled but no cache for 'baseos'\n", exitCode: 1 },
      /check-update failed.*Cache-only enabled/,
    ],
    [
      'exit 100 with an empty list',
      { name: 'check-update', stdout: '', exitCode: 100 },
      /exit code 100.*listed none/,
    ],
    [
      'a garbage line in the list',
      {
        name: 'check-update',
        stdout: 'curl.x86_64 7.61.1-18.el8_4.1 baseos\n<html>Proxy error</html>\n',
        exitCode: 100,
      },
      /cannot read as "name\.arch version repository"/,
    ],
    ['a cut-off rpm line', { name: 'rpm', stdout: 'grub2\t1\t2.02\n' }, /Line 1 of the rpm package list/],
    ['an empty rpm list', { name: 'rpm', stdout: '' }, /rpm listed no installed packages/],
  ] as const)('throws ParseError on %s', (_what, section, message) => {
    expect(() => rhelAdapter.parseScan(rhel7Scan({ [section.name]: section }), 'quick')).toThrow(message);
  });

  it('throws ParseError on empty, truncated and foreign output', () => {
    const whole = rhel7Scan().stdout;
    const run = (stdout: string) => () => rhelAdapter.parseScan({ stdout, stderr: '', exitCode: 0 }, 'quick');
    expect(run('')).toThrow(ParseError);
    expect(run(whole.slice(0, whole.indexOf('@@patchdeck:stderr:updateinfo@@')))).toThrow(
      /cut short inside section "updateinfo"/,
    );
    expect(run(framedRun('debian-scan', []).stdout)).toThrow(/Expected the output of script "rhel-scan"/);
    expect(run('bash: dnf: command not found\n')).toThrow(/does not start with a Patchdeck script marker/);
  });
});

describe('pd_rpm against the real rpm', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchdeck-rpm-'));
    const specs = {
      'tool.spec':
        'Name: pdtest-tool\nEpoch: 2\nVersion: 1.4.2\nRelease: 3.el9\nSummary: t\nLicense: MIT\nBuildArch: noarch\n%description\nt\n%files\n',
      'libs.spec':
        'Name: pdtest-libs\nVersion: 0.9\nRelease: 1.fc40\nSummary: t\nLicense: MIT\n%description\nt\n%files\n',
    };
    for (const [file, text] of Object.entries(specs)) {
      writeFileSync(join(dir, file), text);
      execFileSync('rpmbuild', ['--define', `_topdir ${dir}/top`, '-bb', join(dir, file)], {
        stdio: 'ignore',
      });
    }
    execFileSync('rpm', ['--dbpath', `${dir}/db`, '--initdb']);
    const built = execFileSync('sh', ['-c', `ls ${dir}/top/RPMS/*/*.rpm`], { encoding: 'utf8' })
      .trim()
      .split('\n');
    execFileSync('rpm', ['--dbpath', `${dir}/db`, '-i', '--justdb', '--nodeps', '--noscripts', ...built], {
      stdio: 'ignore',
    });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists what rpm -qa lists, with epoch only where the package has one and the source rpm split', () => {
    const stdout = execFileSync('sh', ['-c', `${shRpmFunction}pd_rpm --dbpath "$1"`, 'sh', `${dir}/db`], {
      encoding: 'utf8',
    });
    const packages = parseRpmPackages(stdout);
    const oracle = execFileSync('rpm', ['--dbpath', `${dir}/db`, '-qa'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(packages).toHaveLength(oracle.length);
    expect(packages.find((pkg) => pkg.name === 'pdtest-tool')).toEqual({
      name: 'pdtest-tool',
      version: '2:1.4.2-3.el9',
      arch: 'noarch',
      sourceName: 'pdtest-tool',
      sourceVersion: '2:1.4.2-3.el9',
      manager: 'rpm',
    });
    expect(packages.find((pkg) => pkg.name === 'pdtest-libs')).toMatchObject({
      version: '0.9-1.fc40',
      arch: 'x86_64',
    });
  });
});
