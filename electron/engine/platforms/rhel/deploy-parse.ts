import { AppError } from '../../../../shared/errors';
import { parseLinuxBootId } from '../linux-boot-id';
import { expectScript, requireSection, splitSections, stderrSummary } from '../script-sections';
import { parseLockHolders, parseTaggedRun } from '../tagged-run';
import type { InstallRun, Preflight, RemoteOutput } from '../types';
import { ParseError } from '../types';
import { rhelBootIdScriptName, rhelInstallScriptName, rhelPreflightScriptName } from './deploy-scripts';
import {
  isRpmName,
  parseRpmInstalled,
  rpmPreflightPackage,
  withoutZeroEpoch,
  wordGroups,
} from './rpm-preflight';
import { cannotUpdate } from '../preflight-verdict';

export { checkRpmVersion } from './rpm-preflight';

// Advisories as dnf names them; a whole `--advisory=<id>` argument upgrades what the advisory fixes.
const advisoryPattern =
  /^--advisory=(?:RH[SBE]A|ALSA|ALBA|ALEA|RLSA|RLBA|ELSA|CESA|FEDORA|ALAS\d*)-[A-Za-z0-9:._-]+$/;
// dnf's installonlypkgs: every kernel flavour and its core, modules and devel packages install side by side.
// kernel-headers and kernel-tools are ordinary packages and are replaced like any other.
const installOnlyKernel = /^kernel(?:-(?:core|devel|modules|rt|uek|debug|PAE|64k|lt|ml)(?:-[\w-]+)?)?$/;

/** The advisory id of a `--advisory=<id>` selector, or null for a package name. */
export function rhelAdvisoryOf(item: string): string | null {
  return advisoryPattern.test(item) ? item.slice('--advisory='.length) : null;
}

/** Throws AppError 'invalid-input' unless `name` is an rpm package name or a `--advisory=<id>` selector. */
export function checkRpmPackageName(name: string): void {
  if (!isRpmName(name) && !advisoryPattern.test(name)) {
    throw new AppError('invalid-input', `"${name}" is not an rpm package name or advisory.`, 'package');
  }
}

const rhelNotes = {
  kernel: installOnlyKernel,
  kernelNote: (name: string) =>
    `${name} is install-only: dnf installs the new kernel beside the old one and never replaces it, so going back means booting the old kernel (it stays in the boot menu), not a downgrade.`,
  notOffered: (name: string, version: string) =>
    `${name} ${version} is no longer offered by any enabled repository, so dnf could not downgrade to it.`,
};

/** Parses the RHEL pre-flight run for the packages it was given. */
export function parseRhelPreflight(output: RemoteOutput, packages: readonly string[]): Preflight {
  const run = splitSections(output.stdout);
  expectScript(run, rhelPreflightScriptName);
  const disk = requireSection(run, 'disk');
  const available = disk.stdout.split('\n')[1]?.trim().split(/\s+/)[3];
  const freeBytes =
    disk.exitCode === 0 && available && /^\d+$/.test(available) ? Number(available) * 1024 : null;
  const reboot = requireSection(run, 'reboot').stdout.trim();
  if (!['required', 'not-required', 'unknown'].includes(reboot)) {
    throw new ParseError(`The reboot check printed something unexpected: "${reboot.slice(0, 80)}".`);
  }
  const boot = requireSection(run, 'boot-id');

  const installed = parseRpmInstalled(requireSection(run, 'installed'));
  const availableSection = requireSection(run, 'available');
  if (availableSection.exitCode !== 0) {
    throw new ParseError(`repoquery failed: ${stderrSummary(availableSection)}.`);
  }
  const offered = new Map<string, Set<string>>();
  for (const [name, evr, , repo] of wordGroups(availableSection.stdout, 4, 'repoquery')) {
    // repoquery also lists the installed copy under the @System pseudo-repository: that one cannot be downloaded.
    if (repo === '@System' || repo === 'installed') continue;
    const versions = offered.get(name!) ?? new Set<string>();
    versions.add(withoutZeroEpoch(evr!));
    offered.set(name!, versions);
  }

  return {
    freeBytes,
    lockHolder: parseLockHolders(requireSection(run, 'lock').stdout),
    rebootPending: reboot === 'required',
    bootId: boot.exitCode === 0 && boot.stdout.trim() !== '' ? boot.stdout.trim() : null,
    packages: packages.map((name) =>
      advisoryPattern.test(name)
        ? {
            name,
            ...cannotUpdate(
              `${name.slice('--advisory='.length)} is an advisory, not a package: Patchdeck plans, verifies and rolls back packages, so approve the packages it fixes.`,
            ),
          }
        : rpmPreflightPackage(name, installed.get(name) ?? null, offered.get(name) ?? new Set(), rhelNotes),
    ),
  };
}

/** Parses a run report of rhelInstallScript or rhelInstallStatusScript. */
export function parseRhelInstall(output: RemoteOutput): InstallRun {
  return parseTaggedRun(output, rhelInstallScriptName);
}

/** Parses rhelBootIdScript. */
export function parseRhelBootId(output: RemoteOutput): string {
  return parseLinuxBootId(output, rhelBootIdScriptName);
}
