import type { AvailableUpdate, InstalledPackage } from '../../../../shared/domain/inventory';
import { assertNever } from '../../../../shared/errors';
import { expectScript, requireSection, splitSections, stderrSummary } from '../script-sections';
import type { ScriptOutput, ScriptSection } from '../script-sections';
import { parseLockHolders, parseTaggedRun } from '../tagged-run';
import type { InstallRun, Preflight, PreflightPackage, RemoteOutput } from '../types';
import { ParseError } from '../types';
import { parseMacosItem } from './deploy-items';
import type { MacosItem } from './deploy-items';
import { macosBootIdScriptName, macosInstallScriptName, macosPreflightScriptName } from './deploy-scripts';
import { parseBrewList, parseBrewOutdated } from './homebrew';
import { parseSoftwareUpdateList, softwareUpdateToAvailable } from './software-update';
import type { SoftwareUpdateEntry } from './software-update';
import { cannotUpdate } from '../preflight-verdict';

/**
 * Reads `sysctl -n kern.boottime` ("{ sec = 1700000000, usec = 123456 } Tue Nov 14 22:13:20 2023", with or without
 * the "kern.boottime: " name) into "1700000000.123456", which changes on every boot. Throws ParseError otherwise.
 */
export function parseBootTime(text: string): string {
  const match = /^(?:kern\.boottime: )?\{ sec = (\d+), usec = (\d+) \}/.exec(text.trim());
  if (!match) throw new ParseError(`kern.boottime "${text.trim().slice(0, 60)}" is not a boot time.`);
  return `${match[1]}.${(match[2] ?? '').padStart(6, '0')}`;
}

/** Parses macosBootIdScript. */
export function parseMacosBootId(output: RemoteOutput): string {
  const run = splitSections(output.stdout);
  expectScript(run, macosBootIdScriptName);
  return parseBootTime(requireSection(run, 'boot-id').stdout);
}

/** Parses a run report of macosInstallScript or macosInstallStatusScript. */
export function parseMacosInstall(output: RemoteOutput): InstallRun {
  return parseTaggedRun(output, macosInstallScriptName);
}

/** A section that must have succeeded when it is there; throws ParseError naming the failed command. */
function succeeded(run: ScriptOutput, name: string, command: string): ScriptSection {
  const section = requireSection(run, name);
  if (section.exitCode !== 0) throw new ParseError(`${command} failed: ${stderrSummary(section)}.`);
  return section;
}

interface Homebrew {
  /** Why Homebrew cannot be used, or null when it can. */
  readonly unusable: string | null;
  readonly installed: readonly InstalledPackage[];
  readonly outdated: readonly AvailableUpdate[];
  readonly pinned: readonly string[];
}

function readHomebrew(run: ScriptOutput, wanted: boolean): Homebrew {
  const status = requireSection(run, 'brew');
  const none = { installed: [], outdated: [], pinned: [] };
  if (status.exitCode === 127) return { unusable: 'Homebrew is not installed on this Mac', ...none };
  if (status.exitCode !== 0) return { unusable: stderrSummary(status), ...none };
  if (!wanted) return { unusable: null, ...none };
  const outdated = parseBrewOutdated(succeeded(run, 'brew-outdated', 'brew outdated').stdout);
  return {
    unusable: null,
    installed: [
      ...parseBrewList(succeeded(run, 'brew-formulae', 'brew list --formula').stdout, 'brew'),
      ...parseBrewList(succeeded(run, 'brew-casks', 'brew list --cask').stdout, 'brew-cask'),
    ],
    outdated: outdated.updates,
    pinned: outdated.pinned,
  };
}

function softwareUpdateVerdict(
  label: string,
  entries: readonly SoftwareUpdateEntry[],
  osVersion: string | null,
): Omit<PreflightPackage, 'name'> {
  const entry = entries.find((candidate) => candidate.label === label);
  if (entry === undefined) {
    return { kind: 'update', ...cannotUpdate(`softwareupdate does not offer "${label}" to this Mac.`) };
  }
  const update = softwareUpdateToAvailable(entry, osVersion);
  return {
    kind: 'update',
    completesAtRestart: entry.restart,
    installed: update.installedVersion,
    candidate: update.availableVersion,
    rollbackPossible: false,
    rollbackNote: `Apple updates cannot be uninstalled: going back from "${label}" means restoring the Mac from a backup.${entry.restart ? ' It finishes installing only when the Mac restarts.' : ''}`,
  };
}

function homebrewVerdict(item: MacosItem, homebrew: Homebrew): Omit<PreflightPackage, 'name'> {
  const kind = item.source === 'cask' ? 'cask' : 'formula';
  if (homebrew.unusable !== null) {
    return cannotUpdate(`The ${kind} ${item.id} cannot be upgraded: ${homebrew.unusable}.`);
  }
  const manager = item.source === 'cask' ? 'brew-cask' : 'brew';
  // `brew list` names a tap's formula by its short name; the technician may have named it with its tap.
  const short = item.id.split('/').at(-1) ?? item.id;
  const matches = (name: string) => name === item.id || name === short;
  const installed =
    homebrew.installed.find((entry) => entry.manager === manager && matches(entry.name))?.version ?? null;
  if (installed === null) {
    return cannotUpdate(`The ${kind} ${item.id} is not installed by Homebrew.`);
  }
  const outdated = homebrew.outdated.find((entry) => entry.manager === manager && matches(entry.name));
  const pinned = homebrew.pinned.some(matches);
  return {
    installed,
    candidate: pinned ? installed : (outdated?.availableVersion ?? installed),
    rollbackPossible: false,
    rollbackNote: pinned
      ? `The formula ${item.id} is pinned (brew pin): brew upgrade leaves it at ${installed} until it is unpinned.`
      : kind === 'cask'
        ? `Homebrew cannot install an older version of a cask: ${item.id} ${installed} could not be reinstalled once upgraded.`
        : `Homebrew keeps no older bottle by default: ${item.id} ${installed} could not be reinstalled once upgraded.`,
  };
}

/** Parses the macOS pre-flight run (macosPreflightScript) for the items it was given. */
export function parseMacosPreflight(output: RemoteOutput, packages: readonly string[]): Preflight {
  const run = splitSections(output.stdout);
  expectScript(run, macosPreflightScriptName);
  const items = packages.map((name) => ({ name, item: parseMacosItem(name) }));

  const disk = requireSection(run, 'disk');
  const available = disk.stdout.split('\n')[1]?.trim().split(/\s+/)[3];
  const freeBytes =
    disk.exitCode === 0 && available && /^\d+$/.test(available) ? Number(available) * 1024 : null;
  const boot = requireSection(run, 'boot-id');
  const swVers = requireSection(run, 'sw-vers');
  const osVersion = swVers.exitCode === 0 && swVers.stdout.trim() !== '' ? swVers.stdout.trim() : null;

  let entries: readonly SoftwareUpdateEntry[] = [];
  if (items.some(({ item }) => item.source === 'softwareupdate')) {
    // The list goes to stdout, "No new software available." and the errors to stderr.
    const section = requireSection(run, 'softwareupdate');
    const list = parseSoftwareUpdateList(`${section.stdout}\n${section.stderr}`);
    if (section.exitCode !== 0 || !list.recognised) {
      throw new ParseError(`softwareupdate --list did not answer: ${stderrSummary(section)}.`);
    }
    entries = list.entries;
  }
  const homebrew = readHomebrew(
    run,
    items.some(({ item }) => item.source !== 'softwareupdate'),
  );

  const checked = items.map(({ name, item }): PreflightPackage => {
    switch (item.source) {
      case 'softwareupdate':
        return { name, ...softwareUpdateVerdict(item.id, entries, osVersion) };
      case 'brew':
      case 'cask':
        return { name, ...homebrewVerdict(item, homebrew) };
      default:
        return assertNever(item.source, 'macOS item source');
    }
  });
  return {
    freeBytes,
    lockHolder: parseLockHolders(requireSection(run, 'lock').stdout),
    // macOS keeps no "restart pending" flag that Patchdeck could read (see scan-report.ts).
    rebootPending: false,
    bootId: boot.exitCode === 0 ? parseBootTime(boot.stdout) : null,
    packages: checked,
  };
}
