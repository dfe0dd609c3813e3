import { z } from 'zod';
import type { AvailableUpdate, InstalledPackage } from '../../../../shared/domain/inventory';
import { ParseError } from '../types';

// Homebrew 2.7 and later print casks' installed_versions as an array; earlier v2 output joined them with ", ".
const InstalledVersions = z.union([z.array(z.string()), z.string()]);

const OutdatedEntry = z.object({
  name: z.string().min(1),
  installed_versions: InstalledVersions,
  current_version: z.string().min(1),
  pinned: z.boolean().optional(),
});

const OutdatedReport = z.object({
  formulae: z.array(OutdatedEntry),
  casks: z.array(OutdatedEntry),
});

/** What `brew outdated --json=v2` says needs upgrading. */
export interface BrewOutdated {
  readonly updates: readonly AvailableUpdate[];
  /** Formulae that are outdated but pinned: `brew upgrade` leaves them alone until unpinned. */
  readonly pinned: readonly string[];
}

/** Parse `brew outdated --json=v2`. Throws ParseError when the text is not that JSON. */
export function parseBrewOutdated(text: string): BrewOutdated {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ParseError('brew outdated --json=v2 printed text that is not JSON.');
  }
  const parsed = OutdatedReport.safeParse(json);
  if (!parsed.success) {
    throw new ParseError(
      'brew outdated --json=v2 printed JSON without the expected "formulae" and "casks" lists.',
    );
  }
  const updates: AvailableUpdate[] = [];
  const pinned: string[] = [];
  const add = (entry: z.infer<typeof OutdatedEntry>, manager: 'brew' | 'brew-cask'): void => {
    const installed = installedVersionList(entry.installed_versions).at(-1) ?? null;
    // A cask with `version :latest` is reported as latest → latest: nothing Patchdeck can compare or act on.
    if (installed === entry.current_version) return;
    if (entry.pinned === true) pinned.push(entry.name);
    updates.push({
      name: entry.name,
      installedVersion: installed,
      availableVersion: entry.current_version,
      arch: null,
      origin: 'Homebrew',
      security: false,
      classification: 'application',
      vendorSeverity: null,
      advisoryIds: [],
      cves: [],
      rebootRequired: false,
      manager,
    });
  };
  for (const entry of parsed.data.formulae) add(entry, 'brew');
  for (const entry of parsed.data.casks) add(entry, 'brew-cask');
  return { updates, pinned };
}

function installedVersionList(value: z.infer<typeof InstalledVersions>): string[] {
  return (typeof value === 'string' ? value.split(', ') : value).filter((version) => version !== '');
}

/**
 * Parse `brew list --formula --versions` or `brew list --cask --versions`: "name version [version…]" per line. When
 * several versions of one keg are installed side by side the last one listed is kept. Casks flagged "(!)" are in
 * Homebrew's records but their app was deleted by hand, so they are not installed software and are left out.
 * Throws ParseError on a line that does not have that shape.
 */
export function parseBrewList(text: string, manager: 'brew' | 'brew-cask'): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const words = line.split(/\s+/);
    const name = words[0] ?? '';
    if (words[1] === '(!)') continue;
    const version = words.at(-1);
    if (words.length < 2 || version === undefined || !/^[A-Za-z0-9@+_.-]+$/.test(name)) {
      throw new ParseError(
        `brew list --versions printed a line that is not "name version": "${line.slice(0, 80)}".`,
      );
    }
    packages.push({ name, version, arch: null, sourceName: null, sourceVersion: null, manager });
  }
  return packages;
}
