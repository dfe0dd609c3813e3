import { AppError } from '../../../../shared/errors';
import { parseLinuxBootId } from '../linux-boot-id';
import { expectScript, requireSection, splitSections, stderrSummary } from '../script-sections';
import { parseLockHolders, parseTaggedRun } from '../tagged-run';
import type { ScriptSection } from '../script-sections';
import type { InstallRun, Preflight, PreflightPackage, RemoteOutput } from '../types';
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
// zypper list-patches: 100/101 = (security) patches needed, 106 = some repositories skipped.
const patchesAnswered = new Set([0, 100, 101, 106]);
// zypper search, read-only as it is, takes libzypp's lock too, and refuses with 7 while another process has it.
const zyppLockedExitCode = 7;
// What zypper calls the installed packages when no repository has the same version.
const systemRepository = '(System Packages)';

// Patch ids as zypper list-patches names them: SUSE-SLE-Module-Basesystem-15-SP5-2024-1234, openSUSE-SLE-15.5-2024-12.
// The pre-flight script asks for the needed patches when a name starts with SUSE- or openSUSE-, as these do.
const patchPattern = /^(?:open)?SUSE-[A-Za-z0-9._-]*\d{4}-\d+$/;

/** Whether the item is a SUSE patch (which the scan lists beside the packages, by its id) rather than a package. */
export function isSusePatch(item: string): boolean {
  return patchPattern.test(item);
}

/** Throws AppError 'invalid-input' unless `name` is an rpm package name or a SUSE patch id. */
export function checkSusePackageName(name: string): void {
  if (!isRpmName(name) && !isSusePatch(name))
    throw new AppError(
      'invalid-input',
      `"${name}" is not an rpm package name or a SUSE patch id.`,
      'package',
    );
}

/** Said before a patch is installed, and again when its job is rolled back. */
const patchRollbackNote = (patch: string) =>
  `zypper cannot uninstall a patch: ${patch} stays applied; roll back the packages it updated by their versions instead.`;

/** The patches the device needs, with their editions, from `zypper --xmlout list-patches`. */
function neededPatches(section: ScriptSection): Map<string, string> {
  const parsed = parseZypperXml(section.stdout, 'list-patches');
  const needed = new Map<string, string>();
  for (const update of parsed.updates) {
    const name = update.attributes.get('name') ?? '';
    if (update.kind === 'patch' && update.attributes.get('status') === 'needed') {
      needed.set(name, update.attributes.get('edition') ?? '');
    }
  }
  return needed;
}

/**
 * A patch as the pre-flight found it: an update item, offered while the device needs it, never rolled back.
 * `needed` is null when libzypp's lock kept zypper from answering (the pre-flight fails on the lock anyway).
 */
function patchPreflightPackage(name: string, needed: ReadonlyMap<string, string> | null): PreflightPackage {
  const edition = needed?.get(name);
  return {
    name,
    installed: null,
    candidate: edition ?? null,
    rollbackPossible: false,
    rollbackNote:
      edition !== undefined
        ? patchRollbackNote(name)
        : needed === null
          ? `Whether ${name} is needed could not be checked while libzypp is locked.`
          : `${name} is not needed on this device: it is applied already, or patches nothing installed here.`,
    kind: 'update',
  };
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
    const attributes = attributesOf(match[1] ?? '', 'search');
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
  const patches = run.sections.get('patches');
  const patchNames = packages.filter(isSusePatch);
  // zypper list-patches exits 0, or 100/101 when patches are needed, 106 when repositories were skipped.
  let needed: Map<string, string> | null = locked ? null : new Map();
  if (needed !== null && patchNames.length > 0) {
    if (!patches)
      throw new ParseError('The pre-flight has no "patches" section, so patches cannot be planned.');
    if (!patchesAnswered.has(patches.exitCode)) {
      const errors = patches.stdout.includes('<stream>')
        ? parseZypperXml(patches.stdout, 'list-patches').errors
        : [];
      throw new ParseError(
        `zypper list-patches failed (exit code ${patches.exitCode}): ${(errors.join(' / ') || stderrSummary(patches)).replace(/\.$/, '')}.`,
      );
    }
    needed = neededPatches(patches);
  }
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
      isSusePatch(name)
        ? patchPreflightPackage(name, needed)
        : rpmPreflightPackage(name, installed.get(name) ?? null, offered.get(name) ?? new Set(), suseNotes),
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
  return parseLinuxBootId(output, suseBootIdScriptName);
}
