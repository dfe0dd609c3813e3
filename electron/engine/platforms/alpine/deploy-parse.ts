import { AppError } from '../../../../shared/errors';
import { compareApk, isValidApk } from '../../vuln/versions';
import { parseLinuxBootId } from '../linux-boot-id';
import { kernelRebootPending } from '../linux-kernel-reboot';
import {
  commandNotFoundExitCode,
  expectScript,
  requireSection,
  splitSections,
  stderrSummary,
} from '../script-sections';
import { parseLockHolders, parseTaggedRun } from '../tagged-run';
import type { InstallRun, Preflight, PreflightPackage, RemoteOutput } from '../types';
import { ParseError } from '../types';
import { alpineBootIdScriptName, alpineInstallScriptName, alpinePreflightScriptName } from './deploy-scripts';
import { inPlaceKernelNote, packageVerdict } from '../preflight-verdict';

// apk names: letters, digits and _+.- (py3-foo, libstdc++, gtk+3.0), never starting with '-'; none of apk's
// dependency operators (= < > ~) or repository tags (@). Versions as apk-tools accepts them, starting with a digit.
const packageNamePattern = /^[A-Za-z0-9_+][A-Za-z0-9_+.-]*$/;
// Alpine's kernels replace the running one in place, as on Arch: no side-by-side install to boot back into.
const kernelPackage = /^linux-(?:lts|virt|edge|stable|rpi\d*)$/;
// How apk policy marks the installed copy: the installed database's path ("lib/apk/db-uvol/installed" for
// apk-tools 3's uvol layer).
const installedMarker = /^lib\/apk\/db(?:-uvol)?\/installed$/;

/** Throws AppError 'invalid-input' unless `name` is an apk package name. */
export function checkApkPackageName(name: string): void {
  if (!packageNamePattern.test(name)) {
    throw new AppError('invalid-input', `"${name}" is not an Alpine package name.`, 'package');
  }
}

/** Throws AppError 'invalid-input' unless `version` is an apk version. */
export function checkApkVersion(version: string): void {
  if (!/^\d[A-Za-z0-9._~+-]*$/.test(version) || !isValidApk(version)) {
    throw new AppError('invalid-input', `"${version}" is not an Alpine package version.`, 'version');
  }
}

/** One version of one package as `apk policy` lists it. */
export interface ApkPolicyVersion {
  readonly version: string;
  readonly installed: boolean;
  /** Repositories (and the cache) that have this version; "@tag url" for a tagged repository. */
  readonly sources: readonly string[];
}

/**
 * Parses `apk policy` ("name policy:", then "  version:" lines, each followed by "    <source>" lines). Names apk
 * does not know print nothing, so they are absent from the map.
 */
export function parseApkPolicy(stdout: string): Map<string, ApkPolicyVersion[]> {
  const policies = new Map<string, ApkPolicyVersion[]>();
  let versions: ApkPolicyVersion[] | null = null;
  let current: { version: string; installed: boolean; sources: string[] } | null = null;
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const header = /^(\S+) policy:$/.exec(line);
    if (header?.[1]) {
      versions = [];
      policies.set(header[1], versions);
      current = null;
      continue;
    }
    const version = /^ {2}(\S+):$/.exec(line);
    if (version?.[1] && versions) {
      current = { version: version[1], installed: false, sources: [] };
      versions.push(current);
      continue;
    }
    const source = /^ {4}(\S.*)$/.exec(line);
    if (source?.[1] && current) {
      if (installedMarker.test(source[1])) current.installed = true;
      else current.sources.push(source[1]);
      continue;
    }
    throw new ParseError(`apk policy printed a line Patchdeck cannot read: "${line.slice(0, 120)}".`);
  }
  return policies;
}

function preflightPackage(name: string, versions: readonly ApkPolicyVersion[]): PreflightPackage {
  const installed = versions.find((entry) => entry.installed)?.version ?? null;
  // A tagged repository (@edge, @testing) is used only for packages pinned to its tag, so it offers nothing here.
  const offered = versions
    .filter((entry) => entry.sources.some((source) => !source.startsWith('@')))
    .map((entry) => entry.version)
    .sort(compareApk);
  const newest = offered.at(-1) ?? null;
  const candidate =
    installed !== null && newest !== null && compareApk(newest, installed) <= 0 ? installed : newest;
  const verdict = packageVerdict(name, installed, candidate);
  if (installed === null) return verdict(false, `${name} is not installed.`);
  if (kernelPackage.test(name)) {
    return verdict(false, inPlaceKernelNote(name, 'Alpine'));
  }
  // apk add name=version replaces a tagged world entry (name@edge) with an untagged one, so only an untagged
  // repository or the cache can serve the reinstall.
  const kept = versions.some(
    (entry) => entry.version === installed && entry.sources.some((source) => !source.startsWith('@')),
  );
  if (!kept) {
    return verdict(
      false,
      `${name} ${installed} is no longer in any configured repository or the apk cache (Alpine repositories keep only the newest build), so apk add ${name}=${installed} could not reinstall it.`,
    );
  }
  return verdict(
    true,
    `Rolling back reinstalls ${name} ${installed} with apk add ${name}=${installed}, which works only while a repository or the apk cache still has that build (Alpine repositories keep only the newest), and pins it in /etc/apk/world until it is upgraded again.`,
  );
}

/** Parses the Alpine pre-flight run (alpinePreflightScript) for the packages it was given. */
export function parseAlpinePreflight(output: RemoteOutput, packages: readonly string[]): Preflight {
  const run = splitSections(output.stdout);
  expectScript(run, alpinePreflightScriptName);
  const disk = requireSection(run, 'disk');
  const available = disk.stdout.split('\n')[1]?.trim().split(/\s+/)[3];
  const freeBytes =
    disk.exitCode === 0 && available && /^\d+$/.test(available) ? Number(available) * 1024 : null;
  const boot = requireSection(run, 'boot-id');
  const policySection = requireSection(run, 'policy');
  if (policySection.exitCode === commandNotFoundExitCode) {
    throw new ParseError('apk is missing: the device is not an Alpine system.');
  }
  // apk prints "ERROR: ..." and exits non-zero when it cannot open its database; "WARNING: ..." about an index
  // missing from the cache leaves the answer usable (without that repository's versions).
  if (policySection.exitCode !== 0 || /^ERROR: /m.test(policySection.stderr)) {
    throw new ParseError(`apk policy failed: ${stderrSummary(policySection)}.`);
  }
  const policies = parseApkPolicy(policySection.stdout);
  return {
    freeBytes,
    lockHolder: parseLockHolders(requireSection(run, 'lock').stdout),
    rebootPending: kernelRebootPending(requireSection(run, 'kernel')),
    bootId: boot.exitCode === 0 && boot.stdout.trim() !== '' ? boot.stdout.trim() : null,
    packages: packages.map((name) => preflightPackage(name, policies.get(name) ?? [])),
  };
}

/** Parses a run report of alpineInstallScript or alpineInstallStatusScript. */
export function parseAlpineInstall(output: RemoteOutput): InstallRun {
  return parseTaggedRun(output, alpineInstallScriptName);
}

/** Parses alpineBootIdScript. */
export function parseAlpineBootId(output: RemoteOutput): string {
  return parseLinuxBootId(output, alpineBootIdScriptName);
}
