import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdvisoryIndex } from '../../../../electron/engine/vuln/matching/advisory-index';
import { releaseOfDevice, releaseOfOsvEcosystem } from '../../../../electron/engine/vuln/matching/releases';
import type { OsFacts } from '../../../../shared/domain/inventory';
import { createTempEngine, fixedClock } from '../../../support/temp-engine';
import { fixture, prepareFleet } from '../fixtures/fleet';
import { writeZip } from '../feeds/zip-writer';

describe('releases', () => {
  const os = (id: string, version: string | null): OsFacts => ({
    family: 'debian',
    name: id,
    id,
    version,
    codename: null,
    kernel: null,
    arch: null,
    hostname: null,
  });

  it('files devices under the OSV ecosystem and release of their os facts', () => {
    expect(releaseOfDevice(os('debian', '12'))).toBe('Debian:12');
    expect(releaseOfDevice(os('debian', '11.9'))).toBe('Debian:11');
    expect(releaseOfDevice(os('ubuntu', '22.04'))).toBe('Ubuntu:22.04');
    expect(releaseOfDevice(os('alpine', '3.19.1'))).toBe('Alpine:v3.19');
    expect(releaseOfDevice(os('rocky', '9.4'))).toBe('Rocky Linux:9');
    expect(releaseOfDevice(os('almalinux', '8.10'))).toBe('AlmaLinux:8');
    expect(releaseOfDevice(os('rhel', '9.4'))).toBe('Red Hat:9');
    expect(releaseOfDevice(os('windows', '10.0.20348'))).toBeNull();
    expect(releaseOfDevice(os('debian', null))).toBeNull();
    expect(releaseOfDevice(null)).toBeNull();
  });

  it('files OSV ecosystems under the same keys, and ignores the ones a device cannot be in', () => {
    expect(releaseOfOsvEcosystem('Debian:12')).toBe('Debian:12');
    expect(releaseOfOsvEcosystem('Ubuntu:22.04:LTS')).toBe('Ubuntu:22.04');
    expect(releaseOfOsvEcosystem('Ubuntu:23.10')).toBe('Ubuntu:23.10');
    expect(releaseOfOsvEcosystem('Ubuntu:Pro:18.04:LTS')).toBeNull();
    expect(releaseOfOsvEcosystem('Alpine:v3.19')).toBe('Alpine:v3.19');
    expect(releaseOfOsvEcosystem('Rocky Linux:9')).toBe('Rocky Linux:9');
    expect(releaseOfOsvEcosystem('Red Hat:enterprise_linux:9::appstream')).toBe('Red Hat:9');
    expect(releaseOfOsvEcosystem('Red Hat:rhel_eus:9.2::baseos')).toBeNull();
    expect(releaseOfOsvEcosystem('Debian')).toBeNull();
    expect(releaseOfOsvEcosystem('PyPI')).toBeNull();
  });
});

describe('advisory index', () => {
  const range = (
    release: string,
    pkg: string,
    introduced: string | null,
    fixed: string | null,
    lastAffected: string | null = null,
    advisoryId = 1,
  ) => ({
    advisoryId,
    release,
    package: pkg,
    introduced,
    fixed,
    lastAffected,
  });

  it("compares with the release's own scheme: a fix that is not newer than the installed version does not apply", () => {
    const index = new AdvisoryIndex([range('Debian:12', 'openssl', null, '3.0.16-1~deb12u1')]);
    const affected = (version: string) => index.affecting('Debian:12', 'openssl', version).length > 0;
    expect(affected('3.0.15-1~deb12u1')).toBe(true);
    expect(affected('3.0.16-1~deb12u1~')).toBe(true);
    expect(affected('3.0.16-1~deb12u1')).toBe(false);
    expect(affected('3.0.16-1~deb12u1+b1')).toBe(false);
    expect(affected('3.0.16-1')).toBe(false);
    // A plain string order would get these two wrong.
    expect(affected('3.0.9-1')).toBe(true);
    expect(affected('1:3.0.1-1')).toBe(false);
    expect(index.affecting('Debian:11', 'openssl', '3.0.0-1')).toEqual([]);
  });

  it('knows introduced, last affected and open ranges, in apk and rpm too', () => {
    const index = new AdvisoryIndex([
      range('Alpine:v3.20', 'git', '2.40.0-r0', '2.45.4-r0', null, 1),
      range('Rocky Linux:9', 'openssh', null, null, '8.7p1-38.el9', 2),
      range('Rocky Linux:9', 'tiff', '4.4.0-1.el9', null, null, 3),
    ]);
    expect(index.affecting('Alpine:v3.20', 'git', '2.39.9-r0')).toEqual([]);
    expect(index.affecting('Alpine:v3.20', 'git', '2.45.3_rc1-r0')).toEqual([
      { advisoryId: 1, fixed: '2.45.4-r0' },
    ]);
    expect(index.affecting('Alpine:v3.20', 'git', '2.45.4-r0')).toEqual([]);
    expect(index.affecting('Rocky Linux:9', 'openssh', '8.7p1-38.el9')).toEqual([
      { advisoryId: 2, fixed: null },
    ]);
    expect(index.affecting('Rocky Linux:9', 'openssh', '8.7p1-38.el9_4.1')).toEqual([]);
    expect(index.affecting('Rocky Linux:9', 'tiff', '4.4.0-12.el9')).toEqual([
      { advisoryId: 3, fixed: null },
    ]);
  });
});

describe('matching a fleet against the feeds', () => {
  let temp: ReturnType<typeof createTempEngine>;
  beforeEach(() => (temp = createTempEngine({ clock: fixedClock('2026-11-22T09:00:00Z') })));
  afterEach(() => temp.close());

  const importAll = () =>
    temp.engine.vulnerabilities.importFiles([
      fixture('osv-all.zip'),
      fixture('kev-subset.json'),
      fixture('epss-sample.csv.gz'),
    ]);

  it('colours every missing update, explains it, and dates it by the client SLA', async () => {
    await prepareFleet(temp.engine, '2026-11-12T09:00:00Z', { red: 3, yellow: 10, green: 45 });
    importAll();
    const patches = temp.engine.inventory.patches();
    const why = temp.engine.vulnerabilities.prioritise(patches);
    const table = patches.map((patch, i) => [
      patch.device,
      patch.name,
      why[i]!.colour,
      why[i]!.reason,
      patch.dueAt,
      why[i]!.overdue,
    ]);
    expect(table).toEqual([
      ['web-01', 'curl', 'red', 'red: DSA-5523-1 has CVSS 9.8 (red from 9.0)', '2026-11-15T09:00:00Z', true],
      ['web-01', 'git', 'red', 'red: CVE-2025-48384 is in CISA KEV', '2026-11-15T09:00:00Z', true],
      ['web-01', 'git-man', 'red', 'red: CVE-2025-48384 is in CISA KEV', '2026-11-15T09:00:00Z', true],
      [
        'web-01',
        'intel-microcode',
        'yellow',
        'yellow: security update, no CVE known',
        '2026-11-22T09:00:00Z',
        false,
      ],
      [
        'web-01',
        'libssl3',
        'yellow',
        'yellow: fixes CVE-2024-13176; highest CVSS 3.7',
        '2026-11-22T09:00:00Z',
        false,
      ],
      [
        'web-01',
        'libxml2',
        'red',
        'red: CVE-2025-49794 has EPSS 0.14 (red from 0.10)',
        '2026-11-15T09:00:00Z',
        true,
      ],
      [
        'web-01',
        'openssh-server',
        'red',
        'red: CVE-2024-6387 has EPSS 0.42 (red from 0.10)',
        '2026-11-15T09:00:00Z',
        true,
      ],
      [
        'web-01',
        'openssl',
        'yellow',
        'yellow: fixes CVE-2024-13176; highest CVSS 3.7',
        '2026-11-22T09:00:00Z',
        false,
      ],
      ['web-01', 'tzdata', 'green', 'green: not a security update', '2026-12-27T09:00:00Z', false],
      ['win-01', 'KB5040437', 'red', 'red: CVE-2024-38080 is in CISA KEV', '2026-11-15T09:00:00Z', true],
      ['win-01', 'KB5041160', 'red', 'red: the vendor rates it Critical', '2026-11-15T09:00:00Z', true],
      ['win-01', 'KB5041578', 'yellow', 'yellow: fixes CVE-2024-38178', '2026-11-22T09:00:00Z', false],
    ]);
    const git = patches.find((patch) => patch.name === 'git')!;
    expect(git).toMatchObject({
      severity: 'red',
      kev: true,
      cves: [
        'CVE-2025-27613',
        'CVE-2025-27614',
        'CVE-2025-46334',
        'CVE-2025-46835',
        'CVE-2025-48384',
        'CVE-2025-48385',
      ],
    });
    // The openssl update reaches DSA-5856-1 but not CVE-2025-9230, fixed only in 3.0.17-1~deb12u3.
    expect(patches.find((patch) => patch.name === 'openssl')!.cves).toEqual(['CVE-2024-13176']);
    expect(why[0]).toMatchObject({
      cves: ['CVE-2023-38545', 'CVE-2023-38546'],
      cvss: 9.8,
      epss: 0.02811,
      kev: false,
    });
  });

  it('knows only what the vendor says before feeds are imported, and updates as soon as they are', async () => {
    await prepareFleet(temp.engine, '2026-11-12T09:00:00Z');
    const before = temp.engine.inventory.patches({});
    expect(before.find((patch) => patch.name === 'git')).toMatchObject({
      severity: 'yellow',
      kev: false,
      cves: [],
      dueAt: '2026-11-26T09:00:00Z',
    });
    expect(before.find((patch) => patch.name === 'KB5041160')).toMatchObject({
      severity: 'red',
      cves: ['CVE-2024-38063'],
    });
    importAll();
    expect(temp.engine.inventory.patches({}).find((patch) => patch.name === 'git')).toMatchObject({
      severity: 'red',
      kev: true,
      dueAt: '2026-11-14T09:00:00Z',
    });
  });

  it('lists the vulnerabilities on a device: fixed by which update, fix not offered, or no fix yet', async () => {
    const { web, windows } = await prepareFleet(temp.engine, '2026-11-12T09:00:00Z');
    importAll();
    const findings = temp.engine.vulnerabilities.findings({ deviceId: web.id });
    expect(
      findings
        .map((f) => [f.advisory, f.package, f.installedVersion, f.fixedVersion, f.fixedBy, f.kev])
        .sort(),
    ).toEqual([
      ['DEBIAN-CVE-2023-52355', 'tiff', '4.5.0-6+deb12u1', null, null, false],
      ['DEBIAN-CVE-2024-6387', 'openssh', '1:9.2p1-2+deb12u2', '1:9.2p1-2+deb12u3', 'openssh-server', false],
      [
        'DEBIAN-CVE-2025-49794',
        'libxml2',
        '2.9.14+dfsg-1.3~deb12u1',
        '2.9.14+dfsg-1.3~deb12u2',
        'libxml2',
        false,
      ],
      ['DEBIAN-CVE-2025-9230', 'openssl', '3.0.15-1~deb12u1', '3.0.17-1~deb12u3', null, false],
      ['DSA-5523-1', 'curl', '7.88.1-10+deb12u1', '7.88.1-10+deb12u4', 'curl', false],
      ['DSA-5856-1', 'openssl', '3.0.15-1~deb12u1', '3.0.16-1~deb12u1', 'libssl3', false],
      ['DSA-5950-1', 'git', '1:2.39.5-0+deb12u1', '1:2.39.5-0+deb12u2', 'git', true],
    ]);
    // glibc 2.36-9+deb12u8 is installed and DSA-5745-1 is fixed in exactly that version: not a finding.
    expect(findings.some((f) => f.package === 'glibc')).toBe(false);
    expect(
      temp.engine.vulnerabilities.findings({ unfixedOnly: true }).map((f) => [f.device, f.advisory, f.cves]),
    ).toEqual([['web-01', 'DEBIAN-CVE-2023-52355', ['CVE-2023-52355']]]);
    expect(temp.engine.vulnerabilities.findings({ deviceId: windows.id })).toEqual([]);
  });

  it('matches no advisory its publisher has withdrawn, in a whole export or as a record on its own', async () => {
    const { web } = await prepareFleet(temp.engine, '2026-11-12T09:00:00Z');
    importAll();
    const withdrawnCurl = {
      ...JSON.parse(fs.readFileSync(fixture('osv-debian/DSA-5523-1.json'), 'utf8')),
      modified: '2025-10-02T08:00:00Z',
      withdrawn: '2025-10-02T08:00:00Z',
    };
    const curl = () => temp.engine.inventory.patches({}).find((patch) => patch.name === 'curl');
    const advisories = () =>
      temp.engine.vulnerabilities.findings({ deviceId: web.id }).map((f) => f.advisory);
    expect(curl()).toMatchObject({ severity: 'red', cves: ['CVE-2023-38545', 'CVE-2023-38546'] });

    temp.engine.vulnerabilities.importContent([
      { name: 'DSA-5523-1.json', bytes: Buffer.from(JSON.stringify(withdrawnCurl)) },
    ]);
    expect(advisories()).not.toContain('DSA-5523-1');
    // The vendor still marks the curl update as security: yellow, no longer red from the withdrawn CVSS 9.8.
    expect(curl()).toMatchObject({ severity: 'yellow', cves: [] });

    const files = fs
      .readdirSync(fixture('osv-debian'))
      .map((name) => ({ name, data: fs.readFileSync(fixture(`osv-debian/${name}`)) }))
      .map((file) =>
        file.name === 'DSA-5523-1.json'
          ? { ...file, data: Buffer.from(JSON.stringify(withdrawnCurl)) }
          : file,
      );
    temp.engine.vulnerabilities.importContent([{ name: 'all.zip', bytes: writeZip(files) }]);
    expect(advisories()).not.toContain('DSA-5523-1');
    expect(advisories()).toContain('DSA-5950-1');
    expect(curl()).toMatchObject({ severity: 'yellow', cves: [] });
  });
});
