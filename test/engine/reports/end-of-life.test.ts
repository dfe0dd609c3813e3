import { describe, expect, it } from 'vitest';
import type { OsFacts } from '../../../shared/domain/inventory';
import { endOfLifeOf } from '../../../electron/engine/reports/end-of-life';

/** OS facts as the platform parsers store them: os-release for Linux, sw_vers for macOS, the CIM caption for Windows. */
const linux = (id: string, version: string, name: string): OsFacts => ({
  family: id === 'debian' || id === 'ubuntu' ? 'debian' : 'rhel',
  name,
  id,
  version,
  codename: null,
  kernel: null,
  arch: 'x86_64',
  hostname: null,
});
const mac = (version: string): OsFacts => ({
  family: 'macos',
  name: `macOS ${version}`,
  id: 'macos',
  version,
  codename: null,
  kernel: null,
  arch: 'arm64',
  hostname: null,
});
const windows = (caption: string, version: string): OsFacts => ({
  family: 'windows',
  name: caption,
  id: 'windows',
  version,
  codename: null,
  kernel: null,
  arch: 'x64',
  hostname: null,
});

describe('end-of-life dates', () => {
  it.each([
    ['Debian 10', linux('debian', '10', 'Debian GNU/Linux 10 (buster)'), '2024-06-30'],
    ['Debian 11', linux('debian', '11', 'Debian GNU/Linux 11 (bullseye)'), '2026-08-31'],
    ['Ubuntu 18.04', linux('ubuntu', '18.04', 'Ubuntu 18.04.6 LTS'), '2023-05-31'],
    ['Ubuntu 20.04', linux('ubuntu', '20.04', 'Ubuntu 20.04.6 LTS'), '2025-05-31'],
    ['Ubuntu 16.04', linux('ubuntu', '16.04', 'Ubuntu 16.04.7 LTS'), '2021-04-30'],
    ['CentOS 7', linux('centos', '7', 'CentOS Linux 7 (Core)'), '2024-06-30'],
    ['RHEL 7', linux('rhel', '7.9', 'Red Hat Enterprise Linux Server 7.9 (Maipo)'), '2024-06-30'],
    ['RHEL 8', linux('rhel', '8.10', 'Red Hat Enterprise Linux 8.10 (Ootpa)'), '2029-05-31'],
    // CentOS is no rebuild of RHEL 8 or 9: CentOS Linux 8 ended early, Stream follows its own five years.
    ['CentOS Linux 8', linux('centos', '8', 'CentOS Linux 8'), '2021-12-31'],
    ['CentOS Stream 8', linux('centos', '8', 'CentOS Stream 8'), '2024-05-31'],
    ['CentOS Stream 9', linux('centos', '9', 'CentOS Stream 9'), '2027-05-31'],
    [
      'Windows Server 2012 R2',
      windows('Microsoft Windows Server 2012 R2 Standard', '6.3.9600.21620'),
      '2023-10-10',
    ],
    [
      'Windows Server 2008 R2',
      windows('Microsoft Windows Server 2008 R2 Standard', '6.1.7601.24546'),
      '2020-01-14',
    ],
    ['Windows 7', windows('Microsoft Windows 7 Professional', '6.1.7601.24546'), '2020-01-14'],
    ['Windows 8.1', windows('Microsoft Windows 8.1 Pro', '6.3.9600.20778'), '2023-01-10'],
    ['Windows 10 22H2', windows('Microsoft Windows 10 Pro', '10.0.19045.6456'), '2025-10-14'],
    ['Windows 10 21H2', windows('Microsoft Windows 10 Enterprise', '10.0.19044.3086'), '2024-06-11'],
    // The long-term servicing editions of Windows 10 outlive 22H2 by years: their caption says LTSC or LTSB.
    [
      'Windows 10 LTSC 2019',
      windows('Microsoft Windows 10 Enterprise LTSC', '10.0.17763.7009'),
      '2029-01-09',
    ],
    [
      'Windows 10 LTSC 2021',
      windows('Microsoft Windows 10 Enterprise LTSC', '10.0.19044.6456'),
      '2027-01-12',
    ],
    [
      'Windows 10 IoT LTSC 2021',
      windows('Microsoft Windows 10 IoT Enterprise LTSC', '10.0.19044.6456'),
      '2032-01-13',
    ],
    [
      'Windows 10 LTSB 2016',
      windows('Microsoft Windows 10 Enterprise 2016 LTSB', '10.0.14393.8000'),
      '2026-10-13',
    ],
    // Windows 11 releases end by edition: two years for Home and Pro (Pro Education too), three for Enterprise.
    ['Windows 11 23H2 Pro', windows('Microsoft Windows 11 Pro', '10.0.22631.6199'), '2025-11-11'],
    [
      'Windows 11 23H2 Enterprise',
      windows('Microsoft Windows 11 Enterprise', '10.0.22631.6199'),
      '2026-11-10',
    ],
    [
      'Windows 11 24H2 Pro Education',
      windows('Microsoft Windows 11 Pro Education', '10.0.26100.7171'),
      '2026-10-13',
    ],
    ['Windows 11 24H2 Education', windows('Microsoft Windows 11 Education', '10.0.26100.7171'), '2027-10-12'],
    [
      'Windows 11 LTSC 2024',
      windows('Microsoft Windows 11 Enterprise LTSC', '10.0.26100.7171'),
      '2029-10-09',
    ],
    ['macOS 10.15', mac('10.15.7'), '2022-07-20'],
    ['macOS 11', mac('11.7.10'), '2023-09-11'],
    ['macOS 12', mac('12.7.6'), '2024-09-16'],
    ['macOS 13', mac('13.7.8'), '2025-09-15'],
  ])('%s ends on its vendor date', (_, os, endOfLife) => {
    expect(endOfLifeOf(os)?.endOfLife).toBe(endOfLife);
  });

  it('knows nothing of releases it has no row for, rather than guessing', () => {
    expect(endOfLifeOf(linux('debian', '110', 'Debian GNU/Linux 110'))).toBeNull();
    expect(endOfLifeOf(mac('15.1'))).toBeNull();
    expect(endOfLifeOf(windows('Microsoft Windows 10 Enterprise LTSC', '10.0.99999.1'))).toBeNull();
  });
});
