import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { debianAdapter } from '../../../../electron/engine/platforms/debian';
import { parseAptSimulation } from '../../../../electron/engine/platforms/debian/apt-simulation';
import { ParseError } from '../../../../electron/engine/platforms/types';
import type { RemoteOutput } from '../../../../electron/engine/platforms/types';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/debian/${name}`, import.meta.url), 'utf8');
const ran = (stdout: string): RemoteOutput => ({ stdout, stderr: '', exitCode: 0 });

describe('debianAdapter on recorded Debian 12 scans', () => {
  it('reads the quick scan: OS, every installed package, missing updates with origins', () => {
    const report = debianAdapter.parseScan(ran(fixture('bookworm-quick.stdout')), 'quick');
    expect(report.os).toMatchObject({
      family: 'debian',
      id: 'debian',
      version: '12',
      codename: 'bookworm',
      arch: 'x86_64',
    });
    expect(report.packages).toHaveLength(932);
    expect(report.packages.find((pkg) => pkg.name === 'adduser')).toEqual({
      name: 'adduser',
      version: '3.134',
      arch: 'all',
      sourceName: 'adduser',
      sourceVersion: '3.134',
      manager: 'dpkg',
    });
    expect(report.updates).toHaveLength(114);
    // Two origins, one of them the security archive: the update is a security update and both origins are kept.
    expect(report.updates.find((update) => update.name === 'liblcms2-2')).toMatchObject({
      installedVersion: '2.14-2',
      availableVersion: '2.14-2+deb12u1',
      origin: 'Debian:12.15/oldstable, Debian-Security:12/oldstable-security',
      security: true,
      classification: 'security',
      arch: 'amd64',
    });
    expect(report.updates.find((update) => update.name === 'libgif7')).toMatchObject({
      security: false,
      classification: 'other',
    });
    expect(report.metadataStale).toBe(true);
    expect(report.rebootRequired).toBe(false);
  });

  it('keeps binary and source names apart where they differ', () => {
    const report = debianAdapter.parseScan(ran(fixture('bookworm-quick.stdout')), 'quick');
    const libssl = report.packages.find((pkg) => pkg.name === 'libssl3');
    expect(libssl?.sourceName).toBe('openssl');
  });

  it('marks a full scan fresh when apt-get update succeeded', () => {
    const report = debianAdapter.parseScan(ran(fixture('bookworm-full.stdout')), 'full');
    expect(report.metadataStale).toBe(false);
    expect(report.warnings).toEqual([]);
  });

  it('still succeeds when apt-get update could not reach a mirror, but says the list is stale and why', () => {
    const report = debianAdapter.parseScan(ran(fixture('bookworm-full-offline.stdout')), 'full');
    expect(report.metadataStale).toBe(true);
    expect(report.warnings[0]).toMatch(
      /apt-get update failed.*Temporary failure resolving 'deb\.debian\.org'/,
    );
    expect(report.updates.length).toBeGreaterThan(0);
  });

  it('needs no root for a quick scan: the unprivileged run lists the same updates', () => {
    const asRoot = debianAdapter.parseScan(ran(fixture('bookworm-quick.stdout')), 'quick');
    const asNobody = debianAdapter.parseScan(ran(fixture('bookworm-quick-unprivileged.stdout')), 'quick');
    // Recorded later, after the test tools (zypper, pacman, busybox …) were installed: 35 more packages.
    expect(asNobody.packages).toHaveLength(asRoot.packages.length + 35);
    expect(asNobody.updates).toEqual(asRoot.updates);
  });

  it('still reports updates when a full scan ran without root, but says apt-get update was refused', () => {
    const report = debianAdapter.parseScan(ran(fixture('bookworm-full-without-root.stdout')), 'full');
    expect(report.metadataStale).toBe(true);
    expect(report.warnings[0]).toMatch(
      /apt-get update failed.*Could not open lock file \/var\/lib\/apt\/lists\/lock/,
    );
    expect(report.updates).toHaveLength(114);
  });

  it('asks for sudo only on the full scan, whose script refreshes apt first', () => {
    expect(debianAdapter.scanScript('quick')).toMatchObject({ shell: 'sh', sudo: false });
    expect(debianAdapter.scanScript('full')).toMatchObject({ shell: 'sh', sudo: true });
    expect(debianAdapter.scanScript('full').script).toContain('pd_section apt-update apt-get update');
    expect(debianAdapter.scanScript('quick').script).not.toContain('apt-get update');
    expect(debianAdapter.scanScript('quick').script.startsWith('exec </dev/null\n')).toBe(true);
  });
});

describe('debianAdapter on packages dpkg left half-way (recorded in the minbase chroot)', () => {
  it('keeps an unpacked package with a warning and drops one of which only config files remain', () => {
    const report = debianAdapter.parseScan(
      ran(fixture('bookworm-minbase-unpacked-and-removed.stdout')),
      'quick',
    );
    // dpkg-query -W lists 90 there: 88 installed, hello unpacked (iU), nano removed with its config files (rc).
    expect(report.packages).toHaveLength(89);
    expect(report.packages.find((pkg) => pkg.name === 'hello')).toMatchObject({
      version: '2.10-3',
      arch: 'amd64',
    });
    expect(report.packages.find((pkg) => pkg.name === 'nano')).toBeUndefined();
    expect(report.warnings).toContain(
      'Package hello is unpacked: a previous install did not finish (run dpkg --configure -a).',
    );
  });
});

describe('parseAptSimulation on Ubuntu origins (published apt-get -s lines)', () => {
  it('flags the -security pocket, keeps epochs, and reads a newly pulled-in package as not installed', () => {
    const installed = [
      {
        name: 'libcurl4',
        version: '7.81.0-1ubuntu1.17',
        arch: 'amd64',
        sourceName: 'curl',
        sourceVersion: '7.81.0-1ubuntu1.17',
        manager: 'dpkg' as const,
      },
    ];
    const install = parseAptSimulation(fixture('ubuntu-22.04-apt-simulate-install.stdout'), installed);
    expect(install.updates.map((update) => [update.name, update.installedVersion, update.security])).toEqual([
      ['libcurl4', '7.81.0-1ubuntu1.17', true],
      ['curl', null, true],
    ]);
    const upgrade = parseAptSimulation(fixture('ubuntu-22.04-apt-simulate-upgrade.stdout'), []);
    expect(upgrade.updates[0]).toMatchObject({
      name: 'git',
      availableVersion: '1:2.34.1-1ubuntu1.11',
      origin: 'Ubuntu:22.04/jammy-updates, Ubuntu:22.04/jammy-security',
      security: true,
    });
    expect(upgrade.updates[1]).toMatchObject({ name: 'openssl', security: false, classification: 'other' });
  });
});

describe('debianAdapter on bad output', () => {
  const quick = fixture('bookworm-quick.stdout');

  it.each([
    ['empty output', '', /no output/],
    [
      'a shell error instead of the script',
      'sh: 1: Syntax error: end of file unexpected\n',
      /does not start with a Patchdeck script marker/,
    ],
    [
      'output cut in the middle',
      quick.slice(0, Math.floor(quick.length / 2)),
      /cut short inside section "dpkg"|cut short/,
    ],
    [
      'output cut before the end marker',
      quick.slice(0, quick.lastIndexOf('@@patchdeck:end:')),
      /end marker is missing/,
    ],
  ])('throws ParseError on %s', (_what, stdout, message) => {
    expect(() => debianAdapter.parseScan(ran(stdout), 'quick')).toThrow(ParseError);
    expect(() => debianAdapter.parseScan(ran(stdout), 'quick')).toThrow(message);
  });

  it('throws on a garbled dpkg-query line, naming the line', () => {
    const broken = quick.replace('ii \tadduser\t3.134\tall\tadduser\t3.134', 'ii adduser 3.134');
    expect(() => debianAdapter.parseScan(ran(broken), 'quick')).toThrow(/Line 1 of the dpkg-query output/);
  });

  it('throws on an Inst line it cannot read instead of dropping the update', () => {
    const broken = quick.replace(/^Inst liblcms2-2 .*$/m, 'Inst liblcms2-2 [2.14-2] garbage');
    expect(() => debianAdapter.parseScan(ran(broken), 'quick')).toThrow(/Inst line Patchdeck cannot read/);
  });

  it('fails the scan when apt-get cannot compute the upgrade', () => {
    const broken = quick.replace(
      /@@patchdeck:stderr:apt-simulate@@\n\n@@patchdeck:exit:apt-simulate:0@@/,
      "@@patchdeck:stderr:apt-simulate@@\nE: dpkg was interrupted, you must manually run 'dpkg --configure -a' to correct the problem.\n@@patchdeck:exit:apt-simulate:100@@",
    );
    expect(() => debianAdapter.parseScan(ran(broken), 'quick')).toThrow(
      /apt-get could not work out the missing updates: E: dpkg was interrupted/,
    );
  });

  it('refuses the output of a full scan when asked to parse it as quick and vice versa only where sections differ', () => {
    expect(() => debianAdapter.parseScan(ran(quick), 'full')).toThrow(/no "apt-update" section/);
  });
});

// apt-get -s runs twice here (scan and oracle): minutes, not seconds, when the shared machine is busy.
describe('debianAdapter against this machine (real dpkg and apt as oracles)', () => {
  it('parses the quick script run with sh here and counts every package dpkg-query lists', () => {
    const { script } = debianAdapter.scanScript('quick');
    const stdout = execFileSync('sh', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const report = debianAdapter.parseScan(ran(stdout), 'quick');
    // Packages removed with their config files kept ("rc") are listed by dpkg-query but are not installed.
    const dpkgLines = execFileSync(
      'sh',
      ['-c', "dpkg-query -W -f='${db:Status-Abbrev}\\n' | grep -c '^.[itWUFH]'"],
      { encoding: 'utf8' },
    );
    expect(report.packages).toHaveLength(Number(dpkgLines.trim()));
    const instLines = execFileSync(
      'sh',
      ['-c', 'apt-get -s -o Debug::NoLocking=1 dist-upgrade 2>/dev/null | grep -c "^Inst " || true'],
      {
        encoding: 'utf8',
      },
    );
    expect(report.updates).toHaveLength(Number(instLines.trim()));
    const version = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'dpkg'], { encoding: 'utf8' });
    expect(report.packages.find((pkg) => pkg.name === 'dpkg')?.version).toBe(version);
  }, 180_000);
});

describe('debianAdapter on a debootstrap minbase Debian 12', () => {
  it('reads an up-to-date minimal system with no missing updates', () => {
    const report = debianAdapter.parseScan(ran(fixture('bookworm-minbase-full.stdout')), 'full');
    expect(report.packages).toHaveLength(88);
    expect(report.updates).toEqual([]);
    expect(report.metadataStale).toBe(false);
  });

  it('reads security updates and a pending reboot with the packages that asked for it', () => {
    const report = debianAdapter.parseScan(ran(fixture('bookworm-minbase-security-full.stdout')), 'full');
    expect(report.updates.map((update) => update.name)).toEqual([
      'perl-base',
      'liblzma5',
      'libapt-pkg6.0',
      'apt',
      'libpcre2-8-0',
      'tzdata',
    ]);
    expect(report.updates.every((update) => update.security)).toBe(true);
    expect(report.updates.find((update) => update.name === 'tzdata')).toMatchObject({
      installedVersion: '2026b-0+deb12u1',
      availableVersion: '2026f-0+deb12u1',
      arch: 'all',
      origin: 'Debian-Security:12/oldstable-security',
    });
    expect(report.rebootRequired).toBe(true);
    expect(report.warnings).toContain('A reboot is pending for updates to: libc6, libssl3.');
  });
});
