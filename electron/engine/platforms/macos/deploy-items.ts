import type { AvailableUpdate } from '../../../../shared/domain/inventory';
import { AppError } from '../../../../shared/errors';

/** Where a macOS item is installed from. */
export type MacosSource = 'softwareupdate' | 'brew' | 'cask';

/** One thing a macOS deployment installs, as the technician approved it. */
export interface MacosItem {
  readonly source: MacosSource;
  /** A softwareupdate label ("macOS Sonoma 14.5-23F79"), a Homebrew formula ("git") or a cask ("firefox"). */
  readonly id: string;
}

/*
 * Items are named as the macOS scan names them, with their source in front: "softwareupdate:<label>", "brew:<formula>",
 * "cask:<cask>". Apple's labels hold spaces, parentheses and commas ("Command Line Tools for Xcode-15.3"), so those
 * are allowed there and only there; Homebrew names (optionally tap-qualified, "user/tap/name") hold none. Nothing may
 * start with '-' (an option) or hold quotes, ';', '$', '`' or a line break; the device checks the same again.
 */
const labelPattern = /^[A-Za-z0-9][A-Za-z0-9 ._()+,-]{0,199}$/;
const homebrewPattern = /^(?:[a-z0-9][a-z0-9_-]*\/[a-z0-9][a-z0-9_-]*\/)?[a-z0-9][a-z0-9@._+-]*$/;

const sources: Readonly<Record<MacosSource, { pattern: RegExp; what: string }>> = {
  softwareupdate: {
    pattern: labelPattern,
    what: 'a softwareupdate label such as "macOS Sonoma 14.5-23F79"',
  },
  brew: { pattern: homebrewPattern, what: 'a Homebrew formula name such as git' },
  cask: { pattern: homebrewPattern, what: 'a Homebrew cask name such as firefox' },
};

/** Reads a deployment item name; throws AppError 'invalid-input' for anything that is not one. */
export function parseMacosItem(name: string): MacosItem {
  const colon = name.indexOf(':');
  const source = name.slice(0, colon);
  const id = name.slice(colon + 1);
  if (colon < 0 || !(source === 'softwareupdate' || source === 'brew' || source === 'cask')) {
    throw new AppError(
      'invalid-input',
      `"${name}" does not say where it comes from: name an Apple update softwareupdate:<label>, a Homebrew formula brew:<name>, or a cask cask:<name>.`,
      'package',
    );
  }
  const rule = sources[source];
  if (!rule.pattern.test(id) || id.trim() !== id) {
    throw new AppError('invalid-input', `"${id}" is not ${rule.what}.`, 'package');
  }
  return { source, id };
}

/** Throws AppError 'invalid-input' unless `name` is a macOS item (see parseMacosItem). */
export function checkMacosItemName(name: string): void {
  parseMacosItem(name);
}

/** macOS installs only the newest version, so no version is ever passed on: every version string is refused. */
export function checkMacosVersion(version: string): void {
  throw new AppError(
    'invalid-input',
    `macOS updates cannot be installed at a chosen version ("${version}"): softwareupdate and Homebrew install only the newest.`,
    'version',
  );
}

/** The deployment item for an update the macOS scan found; null for updates Patchdeck cannot install. */
export function macosItemFor(update: Pick<AvailableUpdate, 'name' | 'manager'>): string | null {
  const source =
    update.manager === 'softwareupdate'
      ? 'softwareupdate'
      : update.manager === 'brew'
        ? 'brew'
        : update.manager === 'brew-cask'
          ? 'cask'
          : null;
  if (source === null || !sources[source].pattern.test(update.name)) return null;
  return `${source}:${update.name}`;
}
