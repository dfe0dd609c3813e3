import type { OsFacts } from '../../../shared/domain/inventory';

/** A release and the day its vendor stops shipping security fixes for it (standard support, no paid extension). */
interface EndOfLife {
  readonly system: string;
  readonly endOfLife: string;
  readonly matches: (os: OsFacts) => boolean;
}

const release = (id: string | readonly string[], version: string) => (os: OsFacts) =>
  (typeof id === 'string' ? [id] : id).includes(os.id) &&
  (os.version === version || (os.version ?? '').startsWith(`${version}.`));

const named = (pattern: RegExp) => (os: OsFacts) => os.family === 'windows' && pattern.test(os.name);

/** CentOS Linux 8 and the CentOS Streams share RHEL's major version but not its support: told apart by name. */
const centos = (version: string, name: RegExp) => (os: OsFacts) =>
  release('centos', version)(os) && name.test(os.name);

/**
 * How long Microsoft services a Windows client build depends on the edition the caption names; Pro Education is
 * serviced as Pro, not as Education.
 */
type WindowsChannel = 'general' | 'enterprise' | 'ltsc' | 'iot-ltsc';

function windowsChannel(caption: string): WindowsChannel {
  if (/\bLTS[BC]\b/.test(caption)) return /\bIoT\b/.test(caption) ? 'iot-ltsc' : 'ltsc';
  return /\bEnterprise\b|(?<!Pro )\bEducation\b/.test(caption) ? 'enterprise' : 'general';
}

/** The build of a Windows version such as 10.0.19045.6456: it, not the caption, says which release runs. */
function windowsBuild(os: OsFacts): number | null {
  const build = Number((os.version ?? '').split('.')[2]);
  return Number.isInteger(build) ? build : null;
}

/** A Windows 10 or 11 release: its product, its builds, and the editions this end date applies to. */
const windowsClient =
  (product: '10' | '11', builds: (build: number) => boolean, channels: readonly WindowsChannel[]) =>
  (os: OsFacts) => {
    const build = windowsBuild(os);
    return (
      named(new RegExp(`Windows ${product}\\b`))(os) &&
      build !== null &&
      builds(build) &&
      channels.includes(windowsChannel(os.name))
    );
  };
const buildIs = (number: number) => (candidate: number) => candidate === number;
const ltsc = ['ltsc', 'iot-ltsc'] as const;
const semiAnnual = ['general', 'enterprise'] as const;

const rhelLike = ['rhel', 'rocky', 'almalinux', 'centos', 'ol'];

/**
 * Maintained by hand from the vendors' published dates (Debian LTS end, Ubuntu standard support, RHEL maintenance
 * end, Microsoft lifecycle, Apple's last security update for the release). Add a row when a release ships. The
 * first matching row counts, so a specific row (CentOS 8) comes before a general one (RHEL 8 and rebuilds).
 */
const endOfLifeTable: readonly EndOfLife[] = [
  { system: 'Debian 9 (stretch)', endOfLife: '2022-06-30', matches: release('debian', '9') },
  { system: 'Debian 10 (buster)', endOfLife: '2024-06-30', matches: release('debian', '10') },
  { system: 'Debian 11 (bullseye)', endOfLife: '2026-08-31', matches: release('debian', '11') },
  { system: 'Debian 12 (bookworm)', endOfLife: '2028-06-30', matches: release('debian', '12') },
  { system: 'Debian 13 (trixie)', endOfLife: '2030-06-30', matches: release('debian', '13') },
  { system: 'Ubuntu 16.04 LTS', endOfLife: '2021-04-30', matches: release('ubuntu', '16.04') },
  { system: 'Ubuntu 18.04 LTS', endOfLife: '2023-05-31', matches: release('ubuntu', '18.04') },
  { system: 'Ubuntu 20.04 LTS', endOfLife: '2025-05-31', matches: release('ubuntu', '20.04') },
  { system: 'Ubuntu 22.04 LTS', endOfLife: '2027-06-01', matches: release('ubuntu', '22.04') },
  { system: 'Ubuntu 24.04 LTS', endOfLife: '2029-05-31', matches: release('ubuntu', '24.04') },
  { system: 'CentOS Linux 8', endOfLife: '2021-12-31', matches: centos('8', /^CentOS Linux\b/) },
  { system: 'CentOS Stream 8', endOfLife: '2024-05-31', matches: centos('8', /^CentOS Stream\b/) },
  { system: 'CentOS Stream 9', endOfLife: '2027-05-31', matches: centos('9', /^CentOS Stream\b/) },
  { system: 'RHEL 7 and rebuilds', endOfLife: '2024-06-30', matches: release(rhelLike, '7') },
  { system: 'RHEL 8 and rebuilds', endOfLife: '2029-05-31', matches: release(rhelLike, '8') },
  { system: 'RHEL 9 and rebuilds', endOfLife: '2032-05-31', matches: release(rhelLike, '9') },
  { system: 'Windows Server 2008 / 2008 R2', endOfLife: '2020-01-14', matches: named(/Server 2008/) },
  { system: 'Windows Server 2012 / 2012 R2', endOfLife: '2023-10-10', matches: named(/Server 2012/) },
  { system: 'Windows Server 2016', endOfLife: '2027-01-12', matches: named(/Server 2016/) },
  { system: 'Windows Server 2019', endOfLife: '2029-01-09', matches: named(/Server 2019/) },
  { system: 'Windows Server 2022', endOfLife: '2031-10-14', matches: named(/Server 2022/) },
  { system: 'Windows 7', endOfLife: '2020-01-14', matches: named(/Windows 7\b/) },
  { system: 'Windows 8.1', endOfLife: '2023-01-10', matches: named(/Windows 8\.1\b/) },
  // Windows 10's long-term servicing editions outlive its last feature update (22H2) by years.
  {
    system: 'Windows 10 LTSB 2015',
    endOfLife: '2025-10-14',
    matches: windowsClient('10', buildIs(10240), ltsc),
  },
  {
    system: 'Windows 10 LTSB 2016',
    endOfLife: '2026-10-13',
    matches: windowsClient('10', buildIs(14393), ltsc),
  },
  {
    system: 'Windows 10 LTSC 2019',
    endOfLife: '2029-01-09',
    matches: windowsClient('10', buildIs(17763), ltsc),
  },
  {
    system: 'Windows 10 LTSC 2021',
    endOfLife: '2027-01-12',
    matches: windowsClient('10', buildIs(19044), ['ltsc']),
  },
  {
    system: 'Windows 10 IoT LTSC 2021',
    endOfLife: '2032-01-13',
    matches: windowsClient('10', buildIs(19044), ['iot-ltsc']),
  },
  {
    system: 'Windows 10 22H2',
    endOfLife: '2025-10-14',
    matches: windowsClient('10', buildIs(19045), semiAnnual),
  },
  // The last of the earlier feature updates to end was 21H2 for Enterprise and Education.
  {
    system: 'Windows 10 before 22H2',
    endOfLife: '2024-06-11',
    matches: windowsClient('10', (candidate) => candidate < 19045, semiAnnual),
  },
  ...windows11Releases(),
  { system: 'macOS 10.15 Catalina and earlier', endOfLife: '2022-07-20', matches: release('macos', '10') },
  { system: 'macOS 11 Big Sur', endOfLife: '2023-09-11', matches: release('macos', '11') },
  { system: 'macOS 12 Monterey', endOfLife: '2024-09-16', matches: release('macos', '12') },
  { system: 'macOS 13 Ventura', endOfLife: '2025-09-15', matches: release('macos', '13') },
];

/**
 * Windows 11 feature updates: Home and Pro get two years, Enterprise and Education three; the 2024 LTSC editions
 * of 24H2 five (IoT ten).
 */
function windows11Releases(): EndOfLife[] {
  const releases = [
    { version: '21H2', build: 22000, general: '2023-10-10', enterprise: '2024-10-08' },
    { version: '22H2', build: 22621, general: '2024-10-08', enterprise: '2025-10-14' },
    { version: '23H2', build: 22631, general: '2025-11-11', enterprise: '2026-11-10' },
    { version: '24H2', build: 26100, general: '2026-10-13', enterprise: '2027-10-12' },
    { version: '25H2', build: 26200, general: '2027-10-12', enterprise: '2028-10-10' },
  ];
  return [
    {
      system: 'Windows 11 LTSC 2024',
      endOfLife: '2029-10-09',
      matches: windowsClient('11', buildIs(26100), ['ltsc']),
    },
    {
      system: 'Windows 11 IoT LTSC 2024',
      endOfLife: '2034-10-10',
      matches: windowsClient('11', buildIs(26100), ['iot-ltsc']),
    },
    ...releases.flatMap((entry) => [
      {
        system: `Windows 11 ${entry.version} Home/Pro`,
        endOfLife: entry.general,
        matches: windowsClient('11', buildIs(entry.build), ['general']),
      },
      {
        system: `Windows 11 ${entry.version} Enterprise/Education`,
        endOfLife: entry.enterprise,
        matches: windowsClient('11', buildIs(entry.build), ['enterprise']),
      },
    ]),
  ];
}

/** The end-of-life entry of a system, or null when the table does not know it. */
export function endOfLifeOf(os: OsFacts): { system: string; endOfLife: string } | null {
  const entry = endOfLifeTable.find((candidate) => candidate.matches(os));
  return entry ? { system: entry.system, endOfLife: entry.endOfLife } : null;
}
