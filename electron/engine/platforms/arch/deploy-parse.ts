import { AppError } from '../../../../shared/errors';
import { compareRpm } from '../../vuln/versions';
import { parseLinuxBootId } from '../linux-boot-id';
import { kernelRebootPending } from '../linux-kernel-reboot';
import {
  commandNotFoundExitCode,
  expectScript,
  requireSection,
  splitSections,
  stderrSummary,
} from '../script-sections';
import type { ScriptSection } from '../script-sections';
import { parseLockHolders, parseTaggedRun } from '../tagged-run';
import type { InstallRun, Preflight, PreflightPackage, RemoteOutput } from '../types';
import { ParseError } from '../types';
import {
  archBootIdScriptName,
  archInstallScriptName,
  archPreflightScriptName,
  pacmanLockFile,
} from './deploy-scripts';
import { parsePacmanQuery } from './pacman-lists';
import { inPlaceKernelNote, packageVerdict } from '../preflight-verdict';

// makepkg's rules: names are lowercase alphanumerics and @._+- not starting with '-' or '.'; versions are
// [epoch:]pkgver-pkgrel, where pkgver holds no ':', '-' or whitespace and pkgrel is a number (with one optional .n).
const packageNamePattern = /^[a-z0-9@_+][a-z0-9@._+-]*$/;
const versionPattern = /^(?:\d+:)?[A-Za-z0-9][A-Za-z0-9._+~]*-\d+(?:\.\d+)?$/;
// Arch's kernels replace the running one in place (they are not install-only as on RHEL or SUSE).
const kernelPackage = /^linux(?:-lts|-zen|-hardened|-rt|-rt-lts)?$/;
const notFound = /^error: package '[^']*' was not found$/;

/** Throws AppError 'invalid-input' unless `name` is an Arch package name. */
export function checkArchPackageName(name: string): void {
  if (!packageNamePattern.test(name)) {
    throw new AppError('invalid-input', `"${name}" is not an Arch package name.`, 'package');
  }
}

/** Throws AppError 'invalid-input' unless `version` is [epoch:]pkgver-pkgrel. */
export function checkArchVersion(version: string): void {
  if (!versionPattern.test(version)) {
    throw new AppError('invalid-input', `"${version}" is not an Arch package version.`, 'version');
  }
}

/**
 * pacman -Q and -Si exit 1 when one of the names is unknown, saying so on stderr: that is an answer. Any other
 * failure (or a missing pacman) leaves nothing to trust.
 */
function answeredSection(section: ScriptSection, command: string): string {
  if (section.exitCode === commandNotFoundExitCode) throw new ParseError('pacman is missing on the device.');
  const errors = section.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('error:'));
  if (section.exitCode !== 0 && (section.exitCode !== 1 || errors.some((line) => !notFound.test(line)))) {
    throw new ParseError(`${command} failed: ${stderrSummary(section)}.`);
  }
  return section.stdout;
}

/** Parses `pacman -Si` (C locale): the version each name has in the first repository that offers it. */
export function parsePacmanSyncInfo(stdout: string): Map<string, string> {
  const offered = new Map<string, string>();
  for (const block of stdout.split(/\n\s*\n/)) {
    if (block.trim() === '') continue;
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const field = /^([A-Za-z][A-Za-z ]*?)\s*: (.*)$/.exec(line);
      if (field?.[1]) fields.set(field[1], field[2] ?? '');
    }
    const name = fields.get('Name');
    const version = fields.get('Version');
    if (!name || !version) {
      throw new ParseError(
        `pacman -Si printed an entry without Name or Version: "${block.trim().slice(0, 120)}".`,
      );
    }
    if (!offered.has(name)) offered.set(name, version);
  }
  return offered;
}

/** Versions with a package file in the cache, by name: "name-pkgver-pkgrel-arch.pkg.tar.ext" split from the right. */
export function parseCachedPackages(stdout: string): Map<string, Set<string>> {
  const cached = new Map<string, Set<string>>();
  for (const line of stdout.split('\n')) {
    const file = line.trim();
    if (file === '') continue;
    const match = /^(.+)-([^-]+)-([^-]+)-([^-]+)\.pkg\.tar(?:\.\w+)?$/.exec(file);
    if (!match?.[1] || !match[2] || !match[3]) {
      throw new ParseError(
        `The package cache holds a file Patchdeck cannot read as a package: "${file.slice(0, 120)}".`,
      );
    }
    const versions = cached.get(match[1]) ?? new Set<string>();
    versions.add(`${match[2]}-${match[3]}`);
    cached.set(match[1], versions);
  }
  return cached;
}

function preflightPackage(
  name: string,
  installed: string | null,
  offered: string | null,
  cached: ReadonlySet<string>,
): PreflightPackage {
  // --needed keeps an installed version that is as new as the offer (or newer, from a local build).
  const candidate =
    installed !== null && offered !== null && compareRpm(offered, installed) <= 0 ? installed : offered;
  const verdict = packageVerdict(name, installed, candidate);
  if (installed === null) return verdict(false, `${name} is not installed.`);
  if (kernelPackage.test(name)) {
    return verdict(false, inPlaceKernelNote(name, 'Arch'));
  }
  if (!cached.has(installed)) {
    return verdict(
      false,
      `${name} ${installed} is not in the package cache (cleaned, or installed from a file), so pacman -U has nothing to reinstall.`,
    );
  }
  return verdict(
    true,
    `Rolling back reinstalls the cached ${name} ${installed} with pacman -U: a partial downgrade, which Arch does not support; packages updated since against the newer ${name} may break until the next full upgrade (pacman -Syu).`,
  );
}

/**
 * Parses the Arch pre-flight run (archPreflightScript) for the packages it was given. Every upgrade is a partial
 * one (only the approved packages, from the sync databases as last synced), so rollback notes say what that means.
 */
export function parseArchPreflight(output: RemoteOutput, packages: readonly string[]): Preflight {
  const run = splitSections(output.stdout);
  expectScript(run, archPreflightScriptName);
  const disk = requireSection(run, 'disk');
  const available = disk.stdout.split('\n')[1]?.trim().split(/\s+/)[3];
  const freeBytes =
    disk.exitCode === 0 && available && /^\d+$/.test(available) ? Number(available) * 1024 : null;

  const lockFile = requireSection(run, 'lock-file').stdout.trim();
  if (lockFile !== 'present' && lockFile !== 'absent') {
    throw new ParseError(`The lock file check printed something unexpected: "${lockFile.slice(0, 80)}".`);
  }
  // A lock file nobody holds open is what a killed pacman leaves: pacman refuses to run until it is removed.
  const lockHolder =
    parseLockHolders(requireSection(run, 'lock').stdout) ??
    (lockFile === 'present' ? `a stale ${pacmanLockFile} that no process holds open` : null);

  const boot = requireSection(run, 'boot-id');
  const installed = new Map(
    parsePacmanQuery(answeredSection(requireSection(run, 'installed'), 'pacman -Q')).map((pkg) => [
      pkg.name,
      pkg.version,
    ]),
  );
  const offered = parsePacmanSyncInfo(answeredSection(requireSection(run, 'sync'), 'pacman -Si'));
  const cached = parseCachedPackages(requireSection(run, 'cache').stdout);

  return {
    freeBytes,
    lockHolder,
    rebootPending: kernelRebootPending(requireSection(run, 'kernel')),
    bootId: boot.exitCode === 0 && boot.stdout.trim() !== '' ? boot.stdout.trim() : null,
    packages: packages.map((name) =>
      preflightPackage(
        name,
        installed.get(name) ?? null,
        offered.get(name) ?? null,
        cached.get(name) ?? new Set(),
      ),
    ),
    warnings:
      packages.length === 0
        ? []
        : [
            'Installing only these packages is a partial upgrade, which Arch does not support: the rest of the system stays at the sync databases as last synced; run a full upgrade (pacman -Syu) soon.',
          ],
  };
}

/** Parses a run report of archInstallScript or archInstallStatusScript. */
export function parseArchInstall(output: RemoteOutput): InstallRun {
  return parseTaggedRun(output, archInstallScriptName);
}

/** Parses archBootIdScript. */
export function parseArchBootId(output: RemoteOutput): string {
  return parseLinuxBootId(output, archBootIdScriptName);
}
