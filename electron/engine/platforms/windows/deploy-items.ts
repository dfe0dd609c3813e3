import type { AvailableUpdate } from '../../../../shared/domain/inventory';
import { AppError } from '../../../../shared/errors';

/** Where a Windows item is installed from. */
export type WindowsSource = 'kb' | 'winget' | 'choco';

/** One thing a Windows deployment installs, as the technician approved it. */
export interface WindowsItem {
  readonly source: WindowsSource;
  /** "KB5034441", a winget package Id ("Mozilla.Firefox") or a Chocolatey package name ("git"). */
  readonly id: string;
}

/*
 * Items are named as the Windows scan names them, with their source in front: "kb:KB5034441", "winget:Mozilla.Firefox",
 * "choco:git". A bare "KB5034441" (the name the scan gives a Windows Update) is a kb item. Neither a winget Id nor a
 * Chocolatey name may start with '-' (an option to the tool) or hold spaces, quotes, ';', '$', '`' or '=', which
 * separates a version in a rollback argument. The device checks the same patterns again before it runs anything.
 */
const kbPattern = /^KB\d{6,8}$/;
const wingetIdPattern = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const chocoNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// winget and Chocolatey versions: digits, letters, dots, dashes, pluses and underscores, never a leading '-'.
const versionPattern = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** The pattern each source's ids must match, in the words of the error message. */
const sources: Readonly<Record<WindowsSource, { pattern: RegExp; what: string }>> = {
  kb: { pattern: kbPattern, what: 'a Windows Update KB id such as KB5034441' },
  winget: { pattern: wingetIdPattern, what: 'a winget package Id such as Mozilla.Firefox' },
  choco: { pattern: chocoNamePattern, what: 'a Chocolatey package name such as git' },
};

/** Reads a deployment item name; throws AppError 'invalid-input' for anything that is not one. */
export function parseWindowsItem(name: string): WindowsItem {
  if (kbPattern.test(name)) return { source: 'kb', id: name };
  const colon = name.indexOf(':');
  const source = name.slice(0, colon);
  const id = name.slice(colon + 1);
  if (colon < 0 || !(source === 'kb' || source === 'winget' || source === 'choco')) {
    throw new AppError(
      'invalid-input',
      `"${name}" does not say where it comes from: name a Windows update KB5034441 (or kb:KB5034441), a winget package winget:<Id>, or a Chocolatey package choco:<name>.`,
      'package',
    );
  }
  const rule = sources[source];
  if (!rule.pattern.test(id)) {
    throw new AppError('invalid-input', `"${id}" is not ${rule.what}.`, 'package');
  }
  return { source, id };
}

/** Throws AppError 'invalid-input' unless `name` is a Windows item (see parseWindowsItem). */
export function checkWindowsItemName(name: string): void {
  parseWindowsItem(name);
}

/** Throws AppError 'invalid-input' unless `version` is a winget or Chocolatey version Patchdeck can pass on. */
export function checkWindowsVersion(version: string): void {
  if (!versionPattern.test(version)) {
    throw new AppError('invalid-input', `"${version}" is not a winget or Chocolatey version.`, 'version');
  }
}

/**
 * The deployment item for an update the Windows scan found: Windows Updates keep their KB id, winget and Chocolatey
 * packages get their source in front. Null for updates Patchdeck cannot install on Windows.
 */
export function windowsItemFor(update: Pick<AvailableUpdate, 'name' | 'manager'>): string | null {
  switch (update.manager) {
    case 'hotfix':
      return kbPattern.test(update.name) ? update.name : null;
    case 'winget':
      return wingetIdPattern.test(update.name) ? `winget:${update.name}` : null;
    case 'choco':
      return chocoNamePattern.test(update.name) ? `choco:${update.name}` : null;
    default:
      return null;
  }
}

/** The script arguments for one item: "source:id", or "source:id=version" for a winget or Chocolatey rollback. */
export function windowsItemArgument(item: WindowsItem, version: string | null): string {
  if (version === null || item.source === 'kb') return `${item.source}:${item.id}`;
  checkWindowsVersion(version);
  return `${item.source}:${item.id}=${version}`;
}
