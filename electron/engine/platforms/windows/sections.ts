import { ParseError } from '../types';

/*
 * Private copy of the section framing for the macOS and Windows scan scripts, written while the shared
 * `platforms/script-sections.ts` did not exist yet; the lead merges the two. The framing, in both sh and PowerShell:
 *
 *   @@patchdeck:section:<name>@@        a section starts; its body is every line up to its exit marker
 *   @@patchdeck:exit:<name>:<code>@@    the section's command ended with that exit code
 *   @@patchdeck:done@@                  the script reached its end
 *
 * Exit code 127 means "command not present" in both scripts (sh's own convention), so a parser can tell
 * "brew is not installed" from "brew failed".
 */

/** One section of a scan script's output. */
export interface ScriptSection {
  readonly name: string;
  /** The section's lines, without the markers and without the blank line the exit marker's framing may add. */
  readonly body: string;
  /** Null when the output ends inside this section (no exit marker). */
  readonly exitCode: number | null;
}

/** A scan script's output, split into its sections. */
export interface SectionedOutput {
  readonly sections: ReadonlyMap<string, ScriptSection>;
  /** The script printed its final marker: nothing was cut off. */
  readonly finished: boolean;
}

/** Exit code the scripts use for a command that is not present on the device. */
export const commandMissing = 127;

const startMarker = /^@@patchdeck:section:([a-z0-9][a-z0-9.-]*)@@$/;
const exitMarker = /^@@patchdeck:exit:([a-z0-9][a-z0-9.-]*):(-?\d+)@@$/;
const doneMarker = '@@patchdeck:done@@';

/**
 * Split a scan script's stdout into sections. Text outside any section (a login banner, a shell's warning) is
 * ignored. Throws ParseError when the output has no sections at all or repeats a section, because then it is not
 * the output of a Patchdeck scan script.
 */
export function splitSections(stdout: string): SectionedOutput {
  const sections = new Map<string, ScriptSection>();
  let current: { name: string; lines: string[] } | null = null;
  let finished = false;
  for (const rawLine of stdout.split('\n')) {
    // Windows writes CRLF; a progress spinner may also have redrawn the line with bare CRs before the marker.
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const marker = line.trim();
    const start = startMarker.exec(marker);
    if (start) {
      if (current) sections.set(current.name, { name: current.name, body: joinBody(current.lines), exitCode: null });
      const name = start[1] ?? '';
      if (sections.has(name)) throw new ParseError(`The scan output repeats the section "${name}".`);
      current = { name, lines: [] };
      continue;
    }
    const end = exitMarker.exec(marker);
    if (end && current && end[1] === current.name) {
      sections.set(current.name, { name: current.name, body: joinBody(current.lines), exitCode: Number(end[2]) });
      current = null;
      continue;
    }
    if (marker === doneMarker && !current) {
      finished = true;
      continue;
    }
    if (current) current.lines.push(line);
  }
  if (current) sections.set(current.name, { name: current.name, body: joinBody(current.lines), exitCode: null });
  if (sections.size === 0) {
    throw new ParseError(
      stdout.trim() === ''
        ? 'The scan printed nothing.'
        : 'The scan output has no Patchdeck section markers: it is not the output of the scan script.',
    );
  }
  return { sections, finished };
}

function joinBody(lines: readonly string[]): string {
  // The exit marker is printed after a newline of its own, so a body that ended with one gains an empty last line.
  const trimmed = lines.at(-1) === '' ? lines.slice(0, -1) : lines;
  return trimmed.join('\n');
}

/** The first non-empty line of a failed section's text, shortened, to quote in a warning. */
export function quoteFailure(text: string): string {
  const line = text
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate !== '');
  if (line === undefined) return 'no message';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
