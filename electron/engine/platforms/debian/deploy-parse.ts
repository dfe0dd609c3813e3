import { AppError } from '../../../../shared/errors';
import { parseLinuxBootId } from '../linux-boot-id';
import { expectScript, requireSection, splitSections, stderrSummary } from '../script-sections';
import type { InstallRun, Preflight, PreflightPackage, RemoteOutput } from '../types';
import { ParseError } from '../types';
import { parseLockHolders, parseTaggedRun } from '../tagged-run';
import { debianBootIdScriptName, debianInstallScriptName, debianPreflightScriptName } from './deploy-scripts';

// Debian policy 5.6.1 / 5.6.12: names are lowercase alphanumerics and + - . starting with an alphanumeric; an
// optional :arch qualifier. Versions: [epoch:]upstream[-revision]. Neither can then start with '-' (an option).
const packageNamePattern = /^[a-z0-9][a-z0-9+.-]+(?::[a-z0-9-]+)?$/;
const versionPattern = /^(?:\d+:)?[0-9][A-Za-z0-9.+~:-]*$/;

/** Throws AppError 'invalid-input' unless `name` is a Debian package name. */
export function checkDebianPackageName(name: string): void {
  if (!packageNamePattern.test(name)) {
    throw new AppError('invalid-input', `"${name}" is not a Debian package name.`, 'package');
  }
}

/** Throws AppError 'invalid-input' unless `version` is a Debian version. */
export function checkDebianVersion(version: string): void {
  if (!versionPattern.test(version)) {
    throw new AppError('invalid-input', `"${version}" is not a Debian package version.`, 'version');
  }
}

// Kernels install side by side under a new name per ABI: "rolling back" is booting the old one, not a reinstall.
const kernelPackage = /^linux-(?:image|headers|modules)-/;

interface PolicyEntry {
  installed: string | null;
  candidate: string | null;
  /** Versions with a source other than dpkg's status file, i.e. ones apt can download again. */
  downloadable: Set<string>;
}

/** Parses `apt-cache policy <pkg>...` (C locale). Packages apt does not know are absent from the map. */
export function parseAptPolicy(stdout: string): Map<string, PolicyEntry> {
  const entries = new Map<string, PolicyEntry>();
  let current: PolicyEntry | null = null;
  let version: string | null = null;
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const header = /^(\S+):$/.exec(line);
    if (header?.[1]) {
      current = { installed: null, candidate: null, downloadable: new Set() };
      entries.set(header[1], current);
      version = null;
      continue;
    }
    if (!current)
      throw new ParseError(`apt-cache policy printed "${line.slice(0, 80)}" before any package name.`);
    const field = /^ {2}(Installed|Candidate): (.+)$/.exec(line);
    if (field) {
      const value = field[2] === '(none)' ? null : (field[2] ?? null);
      if (field[1] === 'Installed') current.installed = value;
      else current.candidate = value;
      continue;
    }
    if (/^ {2}Version table:$/.test(line)) continue;
    const versionLine = /^ (?:\*\*\*| {3}) (\S+) (-?\d+)$/.exec(line);
    if (versionLine?.[1]) {
      version = versionLine[1];
      continue;
    }
    const source = /^ {8}(-?\d+) (.+)$/.exec(line);
    if (source?.[2] && version !== null) {
      if (source[2] !== '/var/lib/dpkg/status') current.downloadable.add(version);
      continue;
    }
    // Lines apt adds for pins and phasing; they do not change what is installed or downloadable.
  }
  return entries;
}

function rollbackVerdict(name: string, installed: string | null, entry: PolicyEntry | undefined) {
  if (installed === null) return { rollbackPossible: false, rollbackNote: `${name} is not installed.` };
  if (kernelPackage.test(name)) {
    return {
      rollbackPossible: false,
      rollbackNote: `${name} is a kernel package: the old kernel stays installed beside the new one; going back means booting it, not a reinstall.`,
    };
  }
  if (!entry?.downloadable.has(installed)) {
    return {
      rollbackPossible: false,
      rollbackNote: `${name} ${installed} is no longer offered by any configured repository, so it could not be reinstalled.`,
    };
  }
  return { rollbackPossible: true, rollbackNote: null };
}

/** Parses the Debian pre-flight run (debianPreflightScript) for the packages it was given. */
export function parseDebianPreflight(output: RemoteOutput, packages: readonly string[]): Preflight {
  const run = splitSections(output.stdout);
  expectScript(run, debianPreflightScriptName);

  const disk = requireSection(run, 'disk');
  // df -P: a header, then "filesystem blocks used available capacity mount"; a long name stays on one line.
  const dfFields = disk.stdout.split('\n')[1]?.trim().split(/\s+/);
  const available = dfFields?.[3];
  const freeBytes =
    disk.exitCode === 0 && available && /^\d+$/.test(available) ? Number(available) * 1024 : null;

  // A lock check that could not run must not read as "nobody holds the lock".
  const lock = requireSection(run, 'lock');
  if (lock.exitCode !== 0)
    throw new ParseError(`The package manager lock check failed: ${stderrSummary(lock)}.`);
  const lockHolder = parseLockHolders(lock.stdout);

  const rebootFlag = requireSection(run, 'reboot').stdout.trim();
  if (rebootFlag !== 'required' && rebootFlag !== 'not-required') {
    throw new ParseError(`The reboot check printed something unexpected: "${rebootFlag.slice(0, 80)}".`);
  }
  const bootSection = requireSection(run, 'boot-id');
  const bootId =
    bootSection.exitCode === 0 && bootSection.stdout.trim() !== '' ? bootSection.stdout.trim() : null;

  const installedSection = requireSection(run, 'installed');
  const installed = new Map<string, string>();
  for (const line of installedSection.stdout.split('\n')) {
    if (line === '') continue;
    const [name, version, status] = line.split('\t');
    if (!name || version === undefined || !status) {
      throw new ParseError(`dpkg-query printed a line Patchdeck cannot read: "${line.slice(0, 120)}".`);
    }
    // "ii", "iF" (half-configured), ...: the files are on disk; "un"/"rc" mean not installed.
    if (/^.[iUFHWt]/.test(status) && version !== '') installed.set(name, version);
  }
  // dpkg-query exits 1 when one of the names is unknown; that is an answer ("not installed"), not a failure.
  if (installedSection.exitCode !== 0 && installedSection.exitCode !== 1) {
    throw new ParseError(`dpkg-query failed: ${stderrSummary(installedSection)}.`);
  }
  const policySection = requireSection(run, 'policy');
  if (policySection.exitCode !== 0) {
    throw new ParseError(`apt-cache policy failed: ${stderrSummary(policySection)}.`);
  }
  const policy = parseAptPolicy(policySection.stdout);

  const checked: PreflightPackage[] = packages.map((name) => {
    const entry = policy.get(name);
    const version = installed.get(name) ?? null;
    return {
      name,
      installed: version,
      candidate: entry?.candidate ?? null,
      ...rollbackVerdict(name, version, entry),
    };
  });
  return {
    freeBytes,
    lockHolder,
    rebootPending: rebootFlag === 'required',
    bootId,
    packages: checked,
  };
}

/** Parses a run report of debianInstallScript or debianInstallStatusScript. */
export function parseDebianInstall(output: RemoteOutput): InstallRun {
  return parseTaggedRun(output, debianInstallScriptName);
}

/** Parses debianBootIdScript. */
export function parseDebianBootId(output: RemoteOutput): string {
  return parseLinuxBootId(output, debianBootIdScriptName);
}
