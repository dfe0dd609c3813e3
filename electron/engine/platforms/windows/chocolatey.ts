import type { AvailableUpdate } from '../../../../shared/domain/inventory';
import { ParseError } from '../types';

/** What `choco outdated -r` listed. */
export interface ChocolateyOutdated {
  readonly updates: readonly AvailableUpdate[];
  /** Outdated packages pinned with `choco pin`: `choco upgrade all` skips them. */
  readonly pinned: readonly string[];
}

const row = /^([^|\s]+)\|([^|]*)\|([^|]*)\|(true|false)$/i;

/**
 * Parse `choco outdated -r`: "name|current|available|pinned" per line. Older Chocolatey printed its banner lines
 * even with -r and listed packages that were not outdated (current = available); both are skipped. A line with
 * pipes that is not such a row means the output is garbled, and throws ParseError.
 */
export function parseChocoOutdated(text: string): ChocolateyOutdated {
  const updates: AvailableUpdate[] = [];
  const pinned: string[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    const match = row.exec(line);
    if (!match) {
      // The banner "Output is package name | current version | available version | pinned?" has spaced pipes.
      if (/^[^ ]*\|/.test(line))
        throw new ParseError(
          `choco outdated printed a line that is not "name|current|available|pinned": "${line.slice(0, 80)}".`,
        );
      continue;
    }
    const [, name = '', current = '', available = '', isPinned = ''] = match;
    if (current === available) continue;
    if (isPinned.toLowerCase() === 'true') pinned.push(name);
    updates.push({
      name,
      installedVersion: current === '' ? null : current,
      availableVersion: available,
      arch: null,
      origin: 'Chocolatey',
      security: false,
      classification: 'application',
      vendorSeverity: null,
      advisoryIds: [],
      cves: [],
      rebootRequired: null,
      manager: 'choco',
    });
  }
  return { updates, pinned };
}
