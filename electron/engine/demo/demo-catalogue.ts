import type {
  AvailableUpdate,
  InstalledPackage,
  OsFacts,
  PackageManager,
} from '../../../shared/domain/inventory';

/** One kind of machine in the demo fleet: its OS, what it has installed and which updates it may be missing. */
export interface DemoSystem {
  readonly key: string;
  readonly os: OsFacts;
  readonly manager: PackageManager;
  readonly packages: readonly (readonly [name: string, version: string])[];
  readonly updates: readonly DemoUpdate[];
}

/** A missing update with the real CVE ids it fixes (vendor-stated, as Windows Update and dnf state them). */
export interface DemoUpdate {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly security: boolean;
  readonly cves: readonly string[];
  readonly vendorSeverity?: string;
  readonly advisory?: string;
}

const linux = { kernel: '6.1.0-27-amd64', arch: 'x86_64', hostname: null } as const;

const debianPackages: DemoSystem['packages'] = [
  ['base-files', '12.4+deb12u7'],
  ['bash', '5.2.15-2+b7'],
  ['coreutils', '9.1-1'],
  ['curl', '7.88.1-10+deb12u7'],
  ['libcurl4', '7.88.1-10+deb12u7'],
  ['openssh-server', '1:9.2p1-2+deb12u2'],
  ['openssh-client', '1:9.2p1-2+deb12u2'],
  ['openssl', '3.0.14-1~deb12u1'],
  ['libssl3', '3.0.14-1~deb12u1'],
  ['sudo', '1.9.13p3-1+deb12u1'],
  ['libxml2', '2.9.14+dfsg-1.3~deb12u1'],
  ['git', '1:2.39.2-1.1'],
  ['nginx', '1.22.1-9'],
  ['systemd', '252.30-1~deb12u2'],
  ['tzdata', '2024a-0+deb12u1'],
  ['vim', '2:9.0.1378-2'],
  ['libc6', '2.36-9+deb12u7'],
  ['linux-image-amd64', '6.1.112-1'],
  ['xz-utils', '5.4.1-0.2'],
  ['rsync', '3.2.7-1'],
];

const debianUpdates: readonly DemoUpdate[] = [
  {
    name: 'openssh-server',
    from: '1:9.2p1-2+deb12u2',
    to: '1:9.2p1-2+deb12u3',
    security: true,
    cves: ['CVE-2024-6387'],
  },
  {
    name: 'openssh-client',
    from: '1:9.2p1-2+deb12u2',
    to: '1:9.2p1-2+deb12u3',
    security: true,
    cves: ['CVE-2024-6387'],
  },
  {
    name: 'git',
    from: '1:2.39.2-1.1',
    to: '1:2.39.5-0+deb12u2',
    security: true,
    cves: ['CVE-2025-48384', 'CVE-2024-32002'],
  },
  {
    name: 'libxml2',
    from: '2.9.14+dfsg-1.3~deb12u1',
    to: '2.9.14+dfsg-1.3~deb12u2',
    security: true,
    cves: ['CVE-2024-25062'],
  },
  {
    name: 'curl',
    from: '7.88.1-10+deb12u7',
    to: '7.88.1-10+deb12u8',
    security: true,
    cves: ['CVE-2024-7264'],
  },
  {
    name: 'libcurl4',
    from: '7.88.1-10+deb12u7',
    to: '7.88.1-10+deb12u8',
    security: true,
    cves: ['CVE-2024-7264'],
  },
  { name: 'tzdata', from: '2024a-0+deb12u1', to: '2024b-0+deb12u1', security: false, cves: [] },
  {
    name: 'rsync',
    from: '3.2.7-1',
    to: '3.2.7-1+deb12u2',
    security: true,
    cves: ['CVE-2024-12084', 'CVE-2024-12085'],
  },
];

const ubuntuPackages: DemoSystem['packages'] = [
  ['base-files', '13ubuntu10.1'],
  ['bash', '5.2.21-2ubuntu4'],
  ['curl', '8.5.0-2ubuntu10.4'],
  ['openssh-server', '1:9.6p1-3ubuntu13.4'],
  ['openssl', '3.0.13-0ubuntu3.3'],
  ['sudo', '1.9.15p5-3ubuntu5'],
  ['needrestart', '3.6-7ubuntu4.1'],
  ['systemd', '255.4-1ubuntu8.4'],
  ['samba', '2:4.19.5+dfsg-4ubuntu9'],
  ['libc6', '2.39-0ubuntu8.3'],
  ['linux-image-generic', '6.8.0-45.45'],
  ['vim', '2:9.1.0016-1ubuntu7.2'],
];

const ubuntuUpdates: readonly DemoUpdate[] = [
  {
    name: 'needrestart',
    from: '3.6-7ubuntu4.1',
    to: '3.6-7ubuntu4.3',
    security: true,
    cves: ['CVE-2024-48990', 'CVE-2024-48991'],
  },
  {
    name: 'openssl',
    from: '3.0.13-0ubuntu3.3',
    to: '3.0.13-0ubuntu3.4',
    security: true,
    cves: ['CVE-2024-6119'],
  },
  {
    name: 'linux-image-generic',
    from: '6.8.0-45.45',
    to: '6.8.0-49.49',
    security: true,
    cves: ['CVE-2024-50264'],
  },
  { name: 'vim', from: '2:9.1.0016-1ubuntu7.2', to: '2:9.1.0016-1ubuntu7.5', security: false, cves: [] },
];

const rockyPackages: DemoSystem['packages'] = [
  ['bash', '5.1.8-9.el9'],
  ['openssh-server', '8.7p1-38.el9'],
  ['openssl', '3.0.7-27.el9'],
  ['sudo', '1.9.5p2-10.el9_3'],
  ['polkit', '0.117-11.el9'],
  ['kernel', '5.14.0-427.37.1.el9_4'],
  ['postgresql-server', '13.14-1.el9_3'],
  ['glibc', '2.34-100.el9_4.2'],
  ['expat', '2.5.0-2.el9_4.1'],
];

const rockyUpdates: readonly DemoUpdate[] = [
  {
    name: 'openssh-server',
    from: '8.7p1-38.el9',
    to: '8.7p1-38.el9_4.1',
    security: true,
    cves: ['CVE-2024-6387'],
    vendorSeverity: 'Important',
    advisory: 'RLSA-2024:4312',
  },
  {
    name: 'kernel',
    from: '5.14.0-427.37.1.el9_4',
    to: '5.14.0-427.42.1.el9_4',
    security: true,
    cves: ['CVE-2024-1086'],
    vendorSeverity: 'Important',
    advisory: 'RLSA-2024:8617',
  },
  {
    name: 'expat',
    from: '2.5.0-2.el9_4.1',
    to: '2.5.0-3.el9_5.1',
    security: true,
    cves: ['CVE-2024-45490', 'CVE-2024-45491'],
    vendorSeverity: 'Moderate',
    advisory: 'RLSA-2024:9541',
  },
  {
    name: 'postgresql-server',
    from: '13.14-1.el9_3',
    to: '13.16-1.el9_4',
    security: true,
    cves: ['CVE-2024-7348'],
    vendorSeverity: 'Important',
    advisory: 'RLSA-2024:6000',
  },
];

const windowsPackages: DemoSystem['packages'] = [
  ['Microsoft Edge', '129.0.2792.89'],
  ['Google Chrome', '130.0.6723.70'],
  ['7-Zip 23.01 (x64)', '23.01'],
  ['Microsoft Visual C++ 2015-2022 Redistributable (x64)', '14.38.33135.0'],
  ['Adobe Acrobat Reader', '24.002.21005'],
  ['Notepad++ (64-bit x64)', '8.6.4'],
  ['KB5041160', '10.0.20348.2655'],
];

const windowsUpdates: readonly DemoUpdate[] = [
  {
    name: 'KB5044281',
    from: '10.0.20348.2655',
    to: '10.0.20348.2762',
    security: true,
    cves: ['CVE-2024-43572', 'CVE-2024-43573'],
    vendorSeverity: 'Critical',
  },
  {
    name: 'KB5043050',
    from: '10.0.20348.2655',
    to: '10.0.20348.2700',
    security: true,
    cves: ['CVE-2024-38217', 'CVE-2024-43491'],
    vendorSeverity: 'Critical',
  },
  { name: 'KB890830', from: '5.127', to: '5.129', security: false, cves: [] },
  {
    name: 'KB5042880',
    from: '4.8.1',
    to: '4.8.1.9277',
    security: true,
    cves: ['CVE-2024-43483'],
    vendorSeverity: 'Important',
  },
];

const macPackages: DemoSystem['packages'] = [
  ['Safari', '17.6'],
  ['Google Chrome', '130.0.6723.70'],
  ['Microsoft Outlook', '16.89'],
  ['Zoom', '6.2.5'],
  ['git', '2.39.3'],
];

const macUpdates: readonly DemoUpdate[] = [
  {
    name: 'macOS Sonoma 14.7.1',
    from: '14.6.1',
    to: '14.7.1',
    security: true,
    cves: ['CVE-2024-44308', 'CVE-2024-44309'],
  },
  { name: 'Safari 18.1.1', from: '17.6', to: '18.1.1', security: true, cves: ['CVE-2024-44308'] },
  { name: 'Command Line Tools for Xcode 16.1', from: '15.3', to: '16.1', security: false, cves: [] },
];

/** The kinds of machines the demo clients run, weighted by how often each appears. */
export const demoSystems: readonly (readonly [DemoSystem, number])[] = [
  [
    {
      key: 'debian',
      os: {
        family: 'debian',
        name: 'Debian GNU/Linux 12 (bookworm)',
        id: 'debian',
        version: '12',
        codename: 'bookworm',
        ...linux,
      },
      manager: 'dpkg',
      packages: debianPackages,
      updates: debianUpdates,
    },
    5,
  ],
  [
    {
      key: 'ubuntu',
      os: {
        family: 'debian',
        name: 'Ubuntu 24.04.1 LTS',
        id: 'ubuntu',
        version: '24.04',
        codename: 'noble',
        ...linux,
        kernel: '6.8.0-45-generic',
      },
      manager: 'dpkg',
      packages: ubuntuPackages,
      updates: ubuntuUpdates,
    },
    3,
  ],
  [
    {
      key: 'rocky',
      os: {
        family: 'rhel',
        name: 'Rocky Linux 9.4 (Blue Onyx)',
        id: 'rocky',
        version: '9.4',
        codename: null,
        ...linux,
        kernel: '5.14.0-427.37.1.el9_4.x86_64',
      },
      manager: 'rpm',
      packages: rockyPackages,
      updates: rockyUpdates,
    },
    2,
  ],
  [
    {
      key: 'windows',
      os: {
        family: 'windows',
        name: 'Windows Server 2022 Standard',
        id: 'windows',
        version: '10.0.20348',
        codename: '20348',
        kernel: null,
        arch: 'x86_64',
        hostname: null,
      },
      manager: 'winget',
      packages: windowsPackages,
      updates: windowsUpdates,
    },
    4,
  ],
  [
    {
      key: 'macos',
      os: {
        family: 'macos',
        name: 'macOS 14.6.1',
        id: 'macos',
        version: '14.6.1',
        codename: '23G93',
        kernel: null,
        arch: 'arm64',
        hostname: null,
      },
      manager: 'softwareupdate',
      packages: macPackages,
      updates: macUpdates,
    },
    2,
  ],
];

/** An installed package as a scan reports it. */
export function installedOf(system: DemoSystem, name: string, version: string): InstalledPackage {
  const binary = system.manager === 'dpkg' || system.manager === 'rpm';
  return {
    name,
    version,
    arch: binary ? (system.manager === 'dpkg' ? 'amd64' : 'x86_64') : null,
    sourceName: binary ? name : null,
    sourceVersion: binary ? version : null,
    manager: system.manager === 'softwareupdate' ? 'macos-app' : system.manager,
  };
}

/** A missing update as a scan reports it. */
export function updateOf(system: DemoSystem, update: DemoUpdate): AvailableUpdate {
  const windows = system.os.family === 'windows' && update.name.startsWith('KB');
  return {
    name: update.name,
    installedVersion: update.from,
    availableVersion: update.to,
    arch: system.manager === 'dpkg' ? 'amd64' : system.manager === 'rpm' ? 'x86_64' : null,
    origin:
      {
        debian: 'Debian-Security:12/bookworm-security',
        ubuntu: 'Ubuntu:24.04/noble-security',
        rocky: 'baseos',
        windows: 'Windows Update',
        macos: 'Apple Software Update',
      }[system.key] ?? null,
    security: update.security,
    classification: update.security ? 'security' : windows ? 'definition' : 'bugfix',
    vendorSeverity: update.vendorSeverity ?? null,
    advisoryIds: update.advisory ? [update.advisory] : windows ? [update.name] : [],
    cves: [...update.cves],
    rebootRequired:
      windows || update.name.startsWith('linux-image') || update.name === 'kernel' ? true : null,
    manager: windows ? 'hotfix' : system.manager,
  };
}

/** CVEs of the demo updates that CISA lists as known exploited (a real subset of the catalogue). */
export const demoKev: readonly (readonly [cve: string, vendor: string, product: string, added: string])[] = [
  ['CVE-2024-1086', 'Linux', 'Kernel', '2024-05-30'],
  ['CVE-2024-43572', 'Microsoft', 'Management Console', '2024-10-08'],
  ['CVE-2024-43573', 'Microsoft', 'Windows', '2024-10-08'],
  ['CVE-2024-38217', 'Microsoft', 'Windows', '2024-09-10'],
  ['CVE-2024-43491', 'Microsoft', 'Windows', '2024-09-10'],
  ['CVE-2024-44308', 'Apple', 'Multiple Products', '2024-11-21'],
  ['CVE-2024-44309', 'Apple', 'Multiple Products', '2024-11-21'],
];

/** EPSS scores for some demo CVEs (plausible values; the rest have none, as in a partial feed). */
export const demoEpss: readonly (readonly [cve: string, score: number, percentile: number])[] = [
  ['CVE-2024-6387', 0.62, 0.98],
  ['CVE-2024-48990', 0.0041, 0.73],
  ['CVE-2024-7264', 0.0012, 0.48],
  ['CVE-2024-25062', 0.0009, 0.39],
  ['CVE-2024-32002', 0.034, 0.91],
  ['CVE-2024-45490', 0.0025, 0.64],
];
