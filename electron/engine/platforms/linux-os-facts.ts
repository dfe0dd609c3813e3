import type { OsFacts, PlatformFamily } from '../../../shared/domain/inventory';
import { type ScriptOutput, type ScriptSection, requireSection } from './script-sections';
import { ParseError } from './types';

/**
 * sh functions that print the facts every Linux scan and the detection share: /etc/os-release (or its
 * /usr/lib fallback) and uname's answers as key=value lines.
 */
export const shOsFactsFunctions = `pd_os_release() {
  if [ -r /etc/os-release ]; then cat /etc/os-release
  elif [ -r /usr/lib/os-release ]; then cat /usr/lib/os-release
  else return 3
  fi
}
pd_uname() {
  printf 'system=%s\\nkernel=%s\\narch=%s\\nhostname=%s\\n' "$(uname -s)" "$(uname -r)" "$(uname -m)" "$(uname -n)"
}
`;

/** The pd_section calls that print the OS facts sections. */
export const shOsFactsSections = `pd_section uname pd_uname
pd_section os-release pd_os_release
`;

/** What uname said about the device. */
export interface UnameFacts {
  readonly system: string;
  readonly kernel: string | null;
  readonly arch: string | null;
  readonly hostname: string | null;
}

/**
 * Parses os-release (shell-style KEY=value lines, values optionally quoted) into a map.
 * Lines that are not assignments are skipped, as systemd's own reader does.
 */
export function parseOsRelease(text: string): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    fields.set(match[1], unquote(match[2]));
  }
  return fields;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
    const inner = value.slice(1, -1);
    return quote === '"' ? inner.replace(/\\([$"`\\])/g, '$1') : inner;
  }
  return value;
}

/** Parses the uname section's key=value lines; throws ParseError when it does not name the system. */
export function parseUname(section: ScriptSection): UnameFacts {
  const fields = new Map<string, string>();
  for (const line of section.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1).trim());
  }
  const system = fields.get('system');
  if (!system) {
    throw new ParseError(
      `The uname section does not name the operating system (uname said: "${section.stdout.trim().slice(0, 80)}").`,
    );
  }
  const orNull = (key: string): string | null => {
    const value = fields.get(key);
    return value ? value : null;
  };
  return { system, kernel: orNull('kernel'), arch: orNull('arch'), hostname: orNull('hostname') };
}

const familyIds: Readonly<Record<string, PlatformFamily>> = {
  debian: 'debian',
  ubuntu: 'debian',
  raspbian: 'debian',
  rhel: 'rhel',
  centos: 'rhel',
  fedora: 'rhel',
  rocky: 'rhel',
  almalinux: 'rhel',
  amzn: 'rhel',
  ol: 'rhel',
  suse: 'suse',
  sles: 'suse',
  sled: 'suse',
  'sle-micro': 'suse',
  'opensuse-leap': 'suse',
  'opensuse-tumbleweed': 'suse',
  opensuse: 'suse',
  alpine: 'alpine',
  arch: 'arch',
  archarm: 'arch',
};

/**
 * The adapter family for an os-release: its ID first, then each ID_LIKE entry (derivatives such as Linux Mint
 * or Manjaro name their parent there). Null when Patchdeck has no adapter for it.
 */
export function linuxFamilyOf(osRelease: ReadonlyMap<string, string>): PlatformFamily | null {
  const ids = [osRelease.get('ID') ?? '', ...(osRelease.get('ID_LIKE') ?? '').split(/\s+/)];
  for (const id of ids) {
    const family = familyIds[id.toLowerCase()];
    if (family) return family;
  }
  return null;
}

/** Builds OsFacts from the os-release and uname a Linux script printed. */
export function linuxOsFacts(
  family: PlatformFamily,
  osRelease: ReadonlyMap<string, string>,
  uname: UnameFacts,
): OsFacts {
  const id = osRelease.get('ID');
  if (!id) throw new ParseError('The os-release section has no ID line, so the distribution is unknown.');
  return {
    family,
    name: osRelease.get('PRETTY_NAME') ?? osRelease.get('NAME') ?? id,
    id,
    version: osRelease.get('VERSION_ID') ?? null,
    codename: osRelease.get('VERSION_CODENAME') || osRelease.get('UBUNTU_CODENAME') || null,
    kernel: uname.kernel,
    arch: uname.arch,
    hostname: uname.hostname,
  };
}

/**
 * Reads the OS facts sections of a Linux scan run. The family is the adapter's: the scan was already
 * dispatched on detection, and a derivative with an unknown ID still belongs to the adapter that scanned it.
 */
export function readLinuxOsFacts(output: ScriptOutput, family: PlatformFamily): OsFacts {
  const osReleaseSection = requireSection(output, 'os-release');
  if (osReleaseSection.exitCode !== 0) {
    throw new ParseError(
      'The device has neither /etc/os-release nor /usr/lib/os-release, so its distribution is unknown.',
    );
  }
  return linuxOsFacts(
    family,
    parseOsRelease(osReleaseSection.stdout),
    parseUname(requireSection(output, 'uname')),
  );
}
