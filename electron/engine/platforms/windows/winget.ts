import type { AvailableUpdate } from '../../../../shared/domain/inventory';
import { ParseError } from '../types';

/** What `winget upgrade` listed. */
export interface WingetUpgrades {
  readonly updates: readonly AvailableUpdate[];
  /** Packages whose Id winget cut short with "…": they cannot be upgraded by that Id. */
  readonly truncatedIds: readonly string[];
}

const ruleLine = /^-{10,}$/;

/**
 * Parse `winget upgrade`, which has no machine-readable output: a table whose header is in the user's language
 * (Name/Id/Version/Available/Source, Name/ID/Version/Verfügbar/Quelle, …), padded for a console, with long cells cut
 * to "…". The table is read by counting the header's columns and taking cells from the right of each row (Id,
 * Version, Available and Source never contain spaces, except a version written "< 1.2"), so neither the header words
 * nor the character width of names (CJK, "…") matter. A table ends at a blank line or at the count line ("6
 * upgrades available.", "4 Aktualisierungen verfügbar."); every table in the output is read, including the
 * "require explicit targeting" one. Throws ParseError when a table's header has too few columns to be that table.
 */
export function parseWingetUpgrade(text: string): WingetUpgrades {
  const lines = text.split('\n').map(visibleLine);
  const updates: AvailableUpdate[] = [];
  const truncatedIds: string[] = [];
  const seen = new Set<string>();
  for (let index = 1; index < lines.length; index += 1) {
    if (!ruleLine.test(lines[index] ?? '')) continue;
    const columns = (lines[index - 1] ?? '').trim().split(/\s+/).length;
    if (columns !== 4 && columns !== 5) {
      throw new ParseError(
        `winget printed a table with ${String(columns)} columns where Name, Id, Version, Available and Source were expected.`,
      );
    }
    for (let rowIndex = index + 1; rowIndex < lines.length; rowIndex += 1) {
      const line = lines[rowIndex] ?? '';
      if (line.trim() === '' || ruleLine.test(lines[rowIndex + 1] ?? '')) break;
      const row = parseRow(line, columns === 5);
      if (row === null) break;
      const key = `${row.id}\u0000${row.installed ?? ''}\u0000${row.available}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (row.id.endsWith('…')) truncatedIds.push(row.id);
      updates.push({
        name: row.id,
        installedVersion: row.installed,
        availableVersion: row.available,
        arch: null,
        origin: row.source ?? 'winget',
        security: false,
        classification: 'application',
        vendorSeverity: null,
        advisoryIds: [],
        cves: [],
        rebootRequired: null,
        manager: 'winget',
      });
    }
  }
  return { updates, truncatedIds };
}

/** winget redraws its spinner and progress bars with carriage returns: what a console shows is the last redraw. */
function visibleLine(raw: string): string {
  const withoutEnd = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  return (withoutEnd.split('\r').at(-1) ?? '').trimEnd();
}

interface WingetRow {
  readonly id: string;
  readonly installed: string | null;
  readonly available: string;
  readonly source: string | null;
}

function parseRow(line: string, hasSource: boolean): WingetRow | null {
  const cells = [...line.matchAll(/\S+/g)].map((match) => ({ text: match[0], at: match.index }));
  let right = cells.length - 1;
  const take = (): { text: string; at: number } | undefined => cells[right--];
  const source = hasSource ? take()?.text : undefined;
  const available = take()?.text;
  let installed = take()?.text;
  // "< 10.0.22000.832": the exact installed version is unknown, only a bound.
  let bounded = false;
  if (cells[right]?.text === '<' || cells[right]?.text === '>') {
    right -= 1;
    bounded = true;
  }
  const id = take();
  if (available === undefined || installed === undefined || id === undefined || right < 0) return null;
  const name = line.slice(0, id.at).trim();
  if (name === '' || !/\d/.test(available)) return null;
  if (bounded || installed === 'Unknown') installed = undefined;
  return { id: id.text, installed: installed ?? null, available, source: source ?? null };
}
