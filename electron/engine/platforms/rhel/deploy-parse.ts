import { AppError } from '../../../../shared/errors';
import { compareRpm, isValidRpm } from '../../vuln/versions';
import { expectScript, requireSection, splitSections, stderrSummary } from '../script-sections';
import { parseLockHolders, parseTaggedRun } from '../tagged-run';
import type { InstallRun, Preflight, PreflightPackage, RemoteOutput } from '../types';
import { ParseError } from '../types';
import { rhelBootIdScriptName, rhelInstallScriptName, rhelPreflightScriptName } from './deploy-scripts';

// rpm names: letters, digits and ._+- (NetworkManager, gcc-c++), not starting with '-'. Advisories as dnf names them.
const packageNamePattern = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/;
const advisoryPattern =
  /^--advisory=(?:RH[SBE]A|ALSA|ALBA|ALEA|RLSA|RLBA|ELSA|CESA|FEDORA|ALAS\d*)-[A-Za-z0-9:._-]+$/;
const kernelPackage = /^kernel(?:-core|-modules.*|-rt.*|-uek.*)?$/;

/** Throws AppError 'invalid-input' unless `name` is an rpm package name or a `--advisory=<id>` selector. */
export function checkRpmPackageName(name: string): void {
  if (!packageNamePattern.test(name) && !advisoryPattern.test(name)) {
    throw new AppError('invalid-input', `"${name}" is not an rpm package name or advisory.`, 'package');
  }
}

/** Throws AppError 'invalid-input' unless `version` is [epoch:]version-release. */
export function checkRpmVersion(version: string): void {
  if (!/^(?:\d+:)?[A-Za-z0-9._+~^]+-[A-Za-z0-9._+~^]+$/.test(version) || !isValidRpm(version)) {
    throw new AppError('invalid-input', `"${version}" is not an rpm version-release.`, 'version');
  }
}

/** "0:1.2-3" as rpm -q prints it with EPOCHNUM; dnf and Patchdeck's records drop a zero epoch. */
const withoutZeroEpoch = (evr: string) => evr.replace(/^0:/, '');

function tokens(stdout: string, per: number, what: string): string[][] {
  const words = stdout.split(/\s+/).filter((word) => word !== '');
  if (words.length % per !== 0)
    throw new ParseError(`${what} printed ${words.length} words, not groups of ${per}.`);
  return Array.from({ length: words.length / per }, (_, index) =>
    words.slice(index * per, index * per + per),
  );
}

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

  // rpm -q prints "package X is not installed" on stdout for each missing name and exits with their count.
  const installedSection = requireSection(run, 'installed');
  const installed = new Map<string, string>();
  const notInstalled = /^package (\S+) is not installed$/;
  const found = installedSection.stdout.split('\n').filter((line) => {
    if (line.trim() === '') return false;
    return !notInstalled.test(line.trim());
  });
  for (const [name, evr] of tokens(found.join('\n'), 3, 'rpm -q'))
    installed.set(name!, withoutZeroEpoch(evr!));
  const availableSection = requireSection(run, 'available');
  if (availableSection.exitCode !== 0) {
    throw new ParseError(`dnf repoquery failed: ${stderrSummary(availableSection)}.`);
  }
  const offered = new Map<string, Set<string>>();
  for (const [name, evr, , repo] of tokens(availableSection.stdout, 4, 'dnf repoquery')) {
    // repoquery also lists the installed copy under the @System pseudo-repository: that one cannot be downloaded.
    if (repo === '@System' || repo === 'installed') continue;
    const versions = offered.get(name!) ?? new Set<string>();
    versions.add(withoutZeroEpoch(evr!));
    offered.set(name!, versions);
  }

  const checked: PreflightPackage[] = packages.map((name) => {
    const version = installed.get(name) ?? null;
    const versions = [...(offered.get(name) ?? [])].sort(compareRpm);
    const newest = versions.at(-1) ?? null;
    const candidate =
      version !== null && newest !== null && compareRpm(newest, version) <= 0 ? version : newest;
    if (version === null)
      return {
        name,
        installed: null,
        candidate,
        rollbackPossible: false,
        rollbackNote: `${name} is not installed.`,
      };
    if (kernelPackage.test(name)) {
      return {
        name,
        installed: version,
        candidate,
        rollbackPossible: false,
        rollbackNote: `${name} installs side by side: the old kernel stays; going back means booting it, not a downgrade.`,
      };
    }
    const downloadable = versions.includes(version);
    return {
      name,
      installed: version,
      candidate,
      rollbackPossible: downloadable,
      rollbackNote: downloadable
        ? null
        : `${name} ${version} is no longer offered by any enabled repository, so dnf could not downgrade to it.`,
    };
  });
  return {
    freeBytes,
    lockHolder: parseLockHolders(requireSection(run, 'lock').stdout),
    rebootPending: reboot === 'required',
    bootId: boot.exitCode === 0 && boot.stdout.trim() !== '' ? boot.stdout.trim() : null,
    packages: checked,
  };
}

export function parseRhelInstall(output: RemoteOutput): InstallRun {
  return parseTaggedRun(output, rhelInstallScriptName);
}

export function parseRhelBootId(output: RemoteOutput): string {
  const run = splitSections(output.stdout);
  expectScript(run, rhelBootIdScriptName);
  const id = requireSection(run, 'boot-id').stdout.trim();
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new ParseError(`The boot id "${id.slice(0, 60)}" is not a UUID.`);
  return id;
}
