import { AppError } from '../../../../shared/errors';
import { expectScript, requireSection, splitSections, stderrSummary } from '../script-sections';
import { parseLockHolders, parseTaggedRun } from '../tagged-run';
import type { InstallRun, Preflight, RemoteOutput } from '../types';
import { ParseError } from '../types';
import { isRpmName, parseRpmInstalled, rpmPreflightPackage } from '../rhel/rpm-preflight';
import { suseBootIdScriptName, suseInstallScriptName, susePreflightScriptName } from './deploy-scripts';
import { attributesOf, parseZypperXml } from './zypper-xml';

export { checkRpmVersion as checkSuseVersion } from '../rhel/rpm-preflight';

// Kernels are multiversion in zypp.conf (multiversion = provides:multiversion(kernel)): each flavour's update
// installs beside the running kernel, and purge-kernels removes old ones later.
const multiversionKernel =
  /^kernel-(?:default|azure|rt|64kb|preempt|kvmsmall|pae|vanilla|zfcpdump|lpae|longterm)(?:-(?:base|extra|optional|devel))?$/;

// zypper search: 104 = nothing matched (an answer: not offered), 106 = some repositories skipped.
const searchAnswered = new Set([0, 104, 106]);
// zypper search, read-only as it is, takes libzypp's lock too, and refuses with 7 while another process has it.
const zyppLockedExitCode = 7;
// What zypper calls the installed packages when no repository has the same version.
const systemRepository = '(System Packages)';

// Patch ids as zypper list-patches names them: SUSE-SLE-Module-Basesystem-15-SP5-2024-1234, openSUSE-SLE-15.5-2024-12.
const patchPattern = /^(?:open)?SUSE-[A-Za-z0-9._-]*\d{4}-\d+$/;

/** The patch id when the item is a SUSE patch (which the scan lists beside the packages), or null for a package. */
export function susePatchOf(item: string): string | null {
  return patchPattern.test(item) ? item : null;
}

/** Throws AppError 'invalid-input' unless `name` is an rpm package name. */
export function checkSusePackageName(name: string): void {
  if (!isRpmName(name))
    throw new AppError('invalid-input', `"${name}" is not an rpm package name.`, 'package');
}

const suseNotes = {
  kernel: multiversionKernel,
  kernelNote: (name: string) =>
    `${name} is multiversion: zypper installs the new kernel beside the old one, so going back means booting the old kernel (it stays in the boot menu until purge-kernels removes it), not a downgrade.`,
  notOffered: (name: string, version: string) =>
    `${name} ${version} is no longer offered by any enabled repository, so zypper could not install it again.`,
};

/** Versions each package is offered in, from `zypper --xmlout search --details` (installed-only copies left out). */
export function parseZypperSearch(xml: string): Map<string, Set<string>> {
  const parsed = parseZypperXml(xml, 'search');
  if (parsed.errors.length > 0) throw new ParseError(`zypper search failed: ${parsed.errors.join(' / ')}.`);
  const text = xml.trim();
  if (
    text.includes('<solvable-list') &&
    !text.includes('</solvable-list>') &&
    !/<solvable-list\s*\/>/.test(text)
  )
    throw new ParseError('zypper search printed no complete list of versions.');
  const offered = new Map<string, Set<string>>();
  for (const match of text.matchAll(/<solvable\s([^>]*?)\/?>/g)) {
    const attributes = attributesOf(match[1] ?? '');
    const name = attributes.get('name');
    const edition = attributes.get('edition');
    const repository = attributes.get('repository');
    if (!name || !edition || repository === undefined) {
      throw new ParseError(
        `zypper search printed a <solvable> without name, edition or repository: "${match[0].slice(0, 120)}".`,
      );
    }
    // An installed version is listed under a repository when that repository still has it.
    if (repository === systemRepository) continue;
    const versions = offered.get(name) ?? new Set<string>();
    versions.add(edition);
    offered.set(name, versions);
  }
  return offered;
}

/** Parses the SUSE pre-flight run (susePreflightScript) for the packages it was given. */
export function parseSusePreflight(output: RemoteOutput, packages: readonly string[]): Preflight {
  const run = splitSections(output.stdout);
  expectScript(run, susePreflightScriptName);
  const disk = requireSection(run, 'disk');
  const available = disk.stdout.split('\n')[1]?.trim().split(/\s+/)[3];
  const freeBytes =
    disk.exitCode === 0 && available && /^\d+$/.test(available) ? Number(available) * 1024 : null;
  const reboot = requireSection(run, 'reboot').stdout.trim();
  if (reboot !== 'required' && reboot !== 'not-required') {
    throw new ParseError(`The reboot check printed something unexpected: "${reboot.slice(0, 80)}".`);
  }
  const boot = requireSection(run, 'boot-id');
  const installed = parseRpmInstalled(requireSection(run, 'installed'));
  const holders = parseLockHolders(
    `${requireSection(run, 'zypp-lock').stdout}\n${requireSection(run, 'lock').stdout}`,
  );
  const search = requireSection(run, 'available');
  // Locked: nothing can be said about the offers, and the busy package manager fails the pre-flight anyway.
  const locked = search.exitCode === zyppLockedExitCode;
  if (!locked && !searchAnswered.has(search.exitCode)) {
    throw new ParseError(`zypper search failed (exit code ${search.exitCode}): ${stderrSummary(search)}.`);
  }
  const offered =
    locked || search.stdout.trim() === '' ? new Map<string, Set<string>>() : parseZypperSearch(search.stdout);
  const lockHolder =
    holders ??
    (locked
      ? parseZypperXml(search.stdout, 'search').errors.join(' / ') || 'another process using libzypp'
      : null);
  return {
    freeBytes,
    lockHolder,
    rebootPending: reboot === 'required',
    bootId: boot.exitCode === 0 && boot.stdout.trim() !== '' ? boot.stdout.trim() : null,
    packages: packages.map((name) =>
      rpmPreflightPackage(name, installed.get(name) ?? null, offered.get(name) ?? new Set(), suseNotes),
    ),
  };
}

// zypper's own code for "installed, but a %post script failed". zypper gives it only when it recognises rpm's
// "scriptlet failed" warning; rpm's "error: lua script failed" (seen here with real zypper 1.14.42) leaves it at 0.
const scriptFailedExitCode = 107;
const scriptletError = /^(?:error|warning): .*(?:scriptlet|lua script) failed/m;

/**
 * Parses a run report of suseInstallScript or suseInstallStatusScript. A run that exited 0 although rpm reported a
 * failed install script gets zypper's exit code for that case, so the device is not counted a success.
 */
export function parseSuseInstall(output: RemoteOutput): InstallRun {
  const run = parseTaggedRun(output, suseInstallScriptName);
  return run.exitCode === 0 && scriptletError.test(run.output)
    ? { ...run, exitCode: scriptFailedExitCode }
    : run;
}

/** Parses suseBootIdScript. */
export function parseSuseBootId(output: RemoteOutput): string {
  const run = splitSections(output.stdout);
  expectScript(run, suseBootIdScriptName);
  const id = requireSection(run, 'boot-id').stdout.trim();
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new ParseError(`The boot id "${id.slice(0, 60)}" is not a UUID.`);
  return id;
}
