import type { AvailableUpdate, UpdateClassification } from '../../../../shared/domain/inventory';

/** One pending update as `softwareupdate --list` describes it. */
export interface SoftwareUpdateEntry {
  /** What `softwareupdate --install <label>` takes, e.g. "macOS Big Sur 11.6-20G165". */
  readonly label: string;
  readonly title: string;
  readonly version: string | null;
  readonly recommended: boolean;
  readonly restart: boolean;
}

/** What one `softwareupdate --list` run said. */
export interface SoftwareUpdateList {
  readonly entries: readonly SoftwareUpdateEntry[];
  /** The text had the shape of an answer (a list, or "No new software available."), not of an error. */
  readonly recognised: boolean;
}

// macOS 10.15 and later: "* Label: <label>" then "\tTitle: <t>, Version: <v>, Size: <s>, Recommended: YES, Action: restart,"
const labelLine = /^\s*\* Label: (.+?)\s*$/;
const titleLine = /^\s*Title: (.*?), Version: (.*?), Size: [^,]*,(.*)$/;
// macOS 10.14 and earlier: "   * <label>" (or "- <label>") then "\t<title> (<version>), 67309K [recommended] [restart]"
const oldLabelLine = /^\s*[*-] (.+?)\s*$/;
const oldTitleLine = /^\s+(.*) \(([^()]*)\), \d+K((?: \[[a-z]+\])*)\s*$/;

/**
 * Parse `softwareupdate --list` output with stderr joined in (the list goes to stdout, "No new software available."
 * to stderr). Both the labelled format of macOS 10.15+ and the older bracket-flag format are read.
 */
export function parseSoftwareUpdateList(text: string): SoftwareUpdateList {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const entries: SoftwareUpdateEntry[] = [];
  let recognised = lines.some(
    (line) =>
      line.includes('No new software available.') || line.includes('Software Update found the following'),
  );
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const next = lines[index + 1] ?? '';
    const labelled = labelLine.exec(line);
    if (labelled) {
      const title = titleLine.exec(next);
      if (!title) continue;
      const flags = title[3] ?? '';
      entries.push({
        label: labelled[1] ?? '',
        title: (title[1] ?? '').trim(),
        version: emptyToNull(title[2]),
        recommended: /Recommended: YES/i.test(flags),
        restart: /Action: restart/i.test(flags),
      });
      index += 1;
      continue;
    }
    const old = oldLabelLine.exec(line);
    const oldTitle = old ? oldTitleLine.exec(next) : null;
    if (old && oldTitle) {
      const flags = oldTitle[3] ?? '';
      entries.push({
        label: old[1] ?? '',
        title: (oldTitle[1] ?? '').trim(),
        version: emptyToNull(oldTitle[2]),
        recommended: flags.includes('[recommended]'),
        restart: flags.includes('[restart]'),
      });
      index += 1;
    }
  }
  if (entries.length > 0) recognised = true;
  return { entries, recognised };
}

function emptyToNull(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * Turn a softwareupdate entry into an AvailableUpdate. A macOS entry with a higher major version than the installed
 * one is an `os-upgrade`; a macOS point release within the same major is a cumulative OS update (`update-rollup`,
 * Microsoft's word for the same thing); Rapid Security Responses and Security Updates are `security`; anything else
 * Apple ships this way (Safari, Command Line Tools) is an `application`. Apple does not label security content in
 * this output, so only those explicitly named ones are marked security.
 */
export function softwareUpdateToAvailable(
  entry: SoftwareUpdateEntry,
  installedOsVersion: string | null,
): AvailableUpdate {
  const isOs = /^macOS\b|^OS X\b|^Mac OS X\b/i.test(entry.title) || /^macOS\b/i.test(entry.label);
  const isSecurity = /Security Response|Security Update|Background Security/i.test(entry.title);
  let classification: UpdateClassification = 'application';
  if (isSecurity) classification = 'security';
  else if (isOs)
    classification = isMajorUpgrade(installedOsVersion, entry.version) ? 'os-upgrade' : 'update-rollup';
  return {
    name: entry.label,
    installedVersion: isOs ? installedOsVersion : null,
    availableVersion: entry.version ?? entry.label,
    arch: null,
    origin: 'Apple Software Update',
    security: isSecurity,
    classification,
    vendorSeverity: null,
    advisoryIds: [],
    cves: [],
    rebootRequired: entry.restart,
    manager: 'softwareupdate',
  };
}

function isMajorUpgrade(installed: string | null, available: string | null): boolean {
  if (installed === null || available === null) return true;
  // Before Big Sur the major version was the second number (10.14 → 10.15); from 11 on it is the first.
  const major = (version: string): string => {
    const parts = version.split('.');
    return parts[0] === '10' ? `10.${parts[1] ?? ''}` : (parts[0] ?? '');
  };
  return major(installed) !== major(available);
}
