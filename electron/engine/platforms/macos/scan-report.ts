import type {
  AvailableUpdate,
  InstalledPackage,
  OsFacts,
  PackageManager,
} from '../../../../shared/domain/inventory';
import { ParseError } from '../types';
import type { OfferSource, RemoteOutput, ScanDepth, ScanReport } from '../types';
import {
  commandNotFoundExitCode,
  expectScript,
  requireSection,
  requireSucceeded,
  splitSections,
  stderrSummary,
} from '../script-sections';
import type { ScriptSection } from '../script-sections';
import { parseApplications } from './applications';
import { parseBrewList, parseBrewOutdated } from './homebrew';
import { macosScanScriptName } from './scan-script';
import { parseSoftwareUpdateList, softwareUpdateToAvailable } from './software-update';

/**
 * Parse the whole output of the macOS scan script. Throws ParseError when the output is empty, garbage, cut off
 * before the script's end, lacks a working `sw_vers`, or lacks the installed software (the app list, or the
 * Homebrew lists of a Mac that has Homebrew); a failed softwareupdate or brew outdated, or an absent Homebrew,
 * becomes a warning and the rest of the scan stands.
 */
export function parseMacosScan(output: RemoteOutput, depth: ScanDepth): ScanReport {
  const run = splitSections(output.stdout);
  expectScript(run, macosScanScriptName);
  const { sections } = run;
  const warnings: string[] = [];
  const os = parseOsFacts(requireSection(run, 'sw-vers'), sections);
  const packages: InstalledPackage[] = [];
  const updates: AvailableUpdate[] = [];
  let metadataStale = depth === 'quick';

  // softwareupdate prints its list on stdout and "No new software available." (and its errors) on stderr.
  const softwareUpdate = requireSection(run, 'softwareupdate');
  const appleText = `${softwareUpdate.stdout}\n${softwareUpdate.stderr}`;
  const appleList = parseSoftwareUpdateList(appleText);
  let appleUnread: string | null = null;
  if (softwareUpdate.exitCode !== 0 || !appleList.recognised) {
    metadataStale = true;
    appleUnread = `Apple software updates were not checked: softwareupdate --list said "${firstLine(withoutBanner(appleText))}".`;
    warnings.push(appleUnread);
  } else {
    for (const entry of appleList.entries) updates.push(softwareUpdateToAvailable(entry, os.version));
  }

  const brew = requireSection(run, 'brew');
  let brewUnread: string | null;
  if (brew.exitCode === commandNotFoundExitCode) {
    brewUnread = 'Homebrew is not installed; no Homebrew packages were checked.';
    warnings.push(brewUnread);
  } else if (brew.exitCode !== 0) {
    // Homebrew is there (126: owned by root, so it will not run for this account), and so are its packages.
    throw new ParseError(
      `Homebrew is installed but could not be run, so its packages could not be listed: ${stderrSummary(brew)}.`,
    );
  } else {
    const brewUpdate = sections.get('brew-update');
    if (depth === 'full' && brewUpdate?.exitCode !== 0) {
      const said = brewUpdate ? stderrSummary(brewUpdate) : 'it did not run';
      metadataStale = true;
      warnings.push(`brew update failed, Homebrew updates may be out of date: "${said}".`);
    }
    brewUnread = collect(sections, 'brew-outdated', warnings, (body) => {
      const outdated = parseBrewOutdated(body);
      updates.push(...outdated.updates);
      if (outdated.pinned.length > 0) {
        warnings.push(
          `Pinned Homebrew formulae are outdated and will not upgrade until unpinned: ${outdated.pinned.join(', ')}.`,
        );
      }
    });
    packages.push(...parseBrewList(requireSucceeded(run, 'brew-formulae').stdout, 'brew'));
    packages.push(...parseBrewList(requireSucceeded(run, 'brew-casks').stdout, 'brew-cask'));
  }
  packages.push(...parseApplications(requireSucceeded(run, 'applications').stdout));

  // macOS keeps no documented "installed, waiting for a restart" flag like Debian's /var/run/reboot-required:
  // softwareupdate applies restart-requiring updates during the restart itself, so what can be known is only
  // whether a pending update will need one (its "Action: restart"). Whether an update installed by another tool or
  // by the user is waiting for a restart is unknowable from here.
  const rebootRequired = updates.some(
    (update) => update.manager === 'softwareupdate' && update.rebootRequired === true,
  );
  const offerSources: OfferSource[] = [
    { name: 'softwareupdate', lists: "Apple's software updates", unread: appleUnread },
    { name: 'brew', lists: "Homebrew's outdated formulae and casks", unread: brewUnread },
  ];
  // An absent Homebrew offers nothing; one whose outdated list failed may still offer what it did before.
  const unreadUpdateManagers: PackageManager[] = [];
  if (appleUnread !== null) unreadUpdateManagers.push('softwareupdate');
  if (brewUnread !== null && brew.exitCode !== commandNotFoundExitCode)
    unreadUpdateManagers.push('brew', 'brew-cask');
  return {
    os,
    packages,
    updates,
    rebootRequired,
    metadataStale,
    warnings,
    offerSources,
    ...(unreadUpdateManagers.length > 0 ? { unreadUpdateManagers } : {}),
  };
}

/** softwareupdate's banner lines, which come before any answer or error and say nothing about either. */
function withoutBanner(text: string): string {
  return text
    .split('\n')
    .filter(
      (line) =>
        !/^(Software Update Tool|Finding available software|Copyright .*Apple Inc\.)\s*$/.test(line.trim()),
    )
    .join('\n');
}

function firstLine(text: string): string {
  const line = text
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate !== '');
  if (line === undefined) return 'nothing';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function parseOsFacts(swVers: ScriptSection, sections: ReadonlyMap<string, ScriptSection>): OsFacts {
  if (swVers.exitCode !== 0) {
    throw new ParseError(
      `sw_vers did not run on the device (${stderrSummary(swVers)}): it does not look like macOS.`,
    );
  }
  const fields = new Map<string, string>();
  for (const line of swVers.stdout.split('\n')) {
    const match = /^\s*(\w+):\s*(.*?)\s*$/.exec(line);
    if (match) fields.set(match[1] ?? '', match[2] ?? '');
  }
  const productName = fields.get('ProductName');
  const version = fields.get('ProductVersion');
  if (!productName || !version) {
    throw new ParseError('sw_vers printed no ProductName and ProductVersion.');
  }
  return {
    family: 'macos',
    name: `${productName} ${version}`,
    id: 'macos',
    version,
    codename: fields.get('BuildVersion') || null,
    kernel: singleLine(sections.get('uname-r')),
    arch: singleLine(sections.get('uname-m')),
    hostname: singleLine(sections.get('hostname')),
  };
}

function singleLine(section: ScriptSection | undefined): string | null {
  if (!section || section.exitCode !== 0) return null;
  const value = section.stdout.trim();
  return value === '' || value.includes('\n') ? null : value;
}

/**
 * Run an optional section's parser; a missing, failed or unparseable one becomes a warning, which is returned
 * (else null).
 */
function collect(
  sections: ReadonlyMap<string, ScriptSection>,
  name: string,
  warnings: string[],
  parse: (body: string) => void,
): string | null {
  const warn = (warning: string) => {
    warnings.push(warning);
    return warning;
  };
  const section = sections.get(name);
  if (!section) return warn(`The scan has no "${name}" section; that part of the inventory is missing.`);
  if (section.exitCode !== 0) return warn(`"${name}" failed: ${stderrSummary(section)}.`);
  try {
    parse(section.stdout);
    return null;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return warn(`${error.message} That part of the inventory is missing.`);
  }
}
