import { ParseError } from './types';

/**
 * Scan scripts print their output as framed sections so one remote exec can run many commands and the parser can
 * judge each command on its own (its stdout, its stderr, its exit code) instead of trusting one exit code.
 *
 * The frame, one marker per line (names are [a-z0-9-]+, the same for sh and PowerShell writers):
 *
 *     @@patchdeck:script:<script>@@           first marker of the run
 *     @@patchdeck:section:<name>@@            then the command's stdout
 *     @@patchdeck:stderr:<name>@@             then the command's stderr
 *     @@patchdeck:exit:<name>:<code>@@        the command's exit code
 *     @@patchdeck:end:<script>@@              last marker: without it the output was cut short
 *
 * The writer puts a line break before the stderr and exit markers so a command whose output lacks a final line
 * break cannot swallow a marker; the parser removes exactly that one line break again.
 */

/** Exit code a POSIX shell gives a command it could not find. */
export const commandNotFoundExitCode = 127;

/** One command's output, as framed by the scan script. */
export interface ScriptSection {
  readonly name: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** A whole framed run: which script printed it and its sections in order of appearance. */
export interface ScriptOutput {
  readonly script: string;
  readonly sections: ReadonlyMap<string, ScriptSection>;
}

type MarkerKind = 'script' | 'section' | 'stderr' | 'exit' | 'end';

/**
 * One marker line, without its line break. Writers in other languages (the PowerShell scan scripts) build their
 * markers with this so both sides agree on the format.
 */
export function markerLine(kind: MarkerKind, name: string, exitCode?: number): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Section name "${name}" is not [a-z0-9-]+.`);
  return kind === 'exit' ? `@@patchdeck:exit:${name}:${exitCode ?? 0}@@` : `@@patchdeck:${kind}:${name}@@`;
}

/**
 * The sh preamble every Linux/macOS scan script starts with: stdin closed (the SSH layer may have fed a sudo
 * password on it), C locale so tools print parseable English, and `pd_section NAME COMMAND [ARGS...]`, which
 * runs one command (or shell function) inside a frame. POSIX sh: works in dash, busybox ash, bash and zsh.
 */
export const shSectionPreamble = `exec </dev/null
LC_ALL=C
LANG=C
export LC_ALL LANG
umask 077
# stderr goes to a private temp file so it cannot interleave with stdout; /dev/null is the safe fallback
pd_err=$(mktemp 2>/dev/null) || pd_err=/dev/null
trap 'if [ "$pd_err" != /dev/null ]; then rm -f "$pd_err"; fi' EXIT
pd_section() {
  pd_name=$1
  shift
  printf '@@patchdeck:section:%s@@\\n' "$pd_name"
  "$@" 2>"$pd_err"
  pd_rc=$?
  printf '\\n@@patchdeck:stderr:%s@@\\n' "$pd_name"
  if [ "$pd_err" != /dev/null ]; then cat "$pd_err"; : >"$pd_err"; fi
  printf '\\n@@patchdeck:exit:%s:%s@@\\n' "$pd_name" "$pd_rc"
}
`;

/** Wraps a script body (calls of pd_section) into a complete framed sh script named `script`. */
export function framedShScript(script: string, body: string): string {
  return `${shSectionPreamble}printf '%s\\n' '${markerLine('script', script)}'
${body.trimEnd()}
printf '%s\\n' '${markerLine('end', script)}'
`;
}

const markerPattern = /^@@patchdeck:(script|section|stderr|exit|end):([a-z0-9-]+)(?::(-?\d+))?@@$/;

interface Marker {
  readonly kind: MarkerKind;
  readonly name: string;
  readonly code: number | null;
  /** Offset of the marker line's first character. */
  readonly start: number;
  /** Offset just after the marker line's line break. */
  readonly next: number;
}

/**
 * Splits a framed run's stdout into its sections. Text before the start marker (a login banner) is ignored.
 * Throws ParseError naming the problem when the output is empty, has no frame, is cut short or is out of order.
 */
export function splitSections(stdout: string): ScriptOutput {
  const text = stdout.replace(/\r\n/g, '\n');
  if (text.trim() === '')
    throw new ParseError('The device returned no output at all: the script did not run.');
  const markers = findMarkers(text);
  const first = markers[0];
  if (first?.kind !== 'script') {
    throw new ParseError(
      `The output does not start with a Patchdeck script marker, so the script did not run as expected; it begins with: "${preview(text)}".`,
    );
  }
  const sections = new Map<string, ScriptSection>();
  let index = 1;
  while (index < markers.length) {
    const marker = markers[index];
    if (marker === undefined) break;
    if (marker.kind === 'end') {
      if (marker.name !== first.name) {
        throw new ParseError(
          `The output of script "${first.name}" ends with the marker of another script, "${marker.name}".`,
        );
      }
      return { script: first.name, sections };
    }
    if (marker.kind !== 'section') {
      throw new ParseError(
        `The output has a stray "${marker.kind}" marker for "${marker.name}" outside any section.`,
      );
    }
    const errMarker = markers[index + 1];
    const exitMarker = markers[index + 2];
    if (errMarker === undefined || exitMarker === undefined) {
      throw new ParseError(
        `The output was cut short inside section "${marker.name}" of script "${first.name}".`,
      );
    }
    if (
      errMarker.kind !== 'stderr' ||
      errMarker.name !== marker.name ||
      exitMarker.kind !== 'exit' ||
      exitMarker.name !== marker.name
    ) {
      throw new ParseError(
        `Section "${marker.name}" of script "${first.name}" is not framed correctly: its markers are out of order.`,
      );
    }
    if (exitMarker.code === null) {
      throw new ParseError(`The exit marker of section "${marker.name}" carries no exit code.`);
    }
    if (sections.has(marker.name)) {
      throw new ParseError(`Section "${marker.name}" appears twice in the output of script "${first.name}".`);
    }
    sections.set(marker.name, {
      name: marker.name,
      stdout: text.slice(marker.next, Math.max(marker.next, errMarker.start - 1)),
      stderr: text.slice(errMarker.next, Math.max(errMarker.next, exitMarker.start - 1)),
      exitCode: exitMarker.code,
    });
    index += 3;
  }
  const last = markers[markers.length - 1];
  throw new ParseError(
    `The output of script "${first.name}" was cut short${last && last !== first ? ` after section "${last.name}"` : ''}: its end marker is missing.`,
  );
}

function findMarkers(text: string): Marker[] {
  const markers: Marker[] = [];
  let start = 0;
  let started = false;
  while (start < text.length) {
    const lineEnd = text.indexOf('\n', start);
    const end = lineEnd === -1 ? text.length : lineEnd;
    const next = lineEnd === -1 ? text.length : lineEnd + 1;
    if (text.startsWith('@@patchdeck:', start)) {
      const match = markerPattern.exec(text.slice(start, end));
      if (match) {
        const kind = match[1] as MarkerKind;
        const name = match[2] ?? '';
        const code = match[3] === undefined ? null : Number(match[3]);
        // Anything before the first start marker is banner text, not part of the frame.
        if (kind === 'script') started = true;
        if (started) markers.push({ kind, name, code, start, next });
      }
    }
    start = next;
  }
  return markers;
}

function preview(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

/** The section `name` of a run; throws ParseError when the script should have printed it but did not. */
export function requireSection(output: ScriptOutput, name: string): ScriptSection {
  const section = output.sections.get(name);
  if (section === undefined) {
    throw new ParseError(`The output of script "${output.script}" has no "${name}" section.`);
  }
  return section;
}

/**
 * The section `name`, which the inventory cannot do without: if its command failed, the scan fails (a ParseError)
 * rather than lose software. Stored, a scan without it would record everything it lists as removed, and as
 * installed anew once it reads again.
 */
export function requireSucceeded(output: ScriptOutput, name: string): ScriptSection {
  const section = requireSection(output, name);
  if (section.exitCode !== 0)
    throw new ParseError(`Reading "${name}" on the device failed: ${stderrSummary(section)}.`);
  return section;
}

/** Checks that the run came from the script the adapter sent, so a mixed-up output is never parsed as another's. */
export function expectScript(output: ScriptOutput, script: string): void {
  if (output.script !== script) {
    throw new ParseError(
      `Expected the output of script "${script}" but got the output of "${output.script}".`,
    );
  }
}

/** The command's stderr trimmed to its first few lines, to quote in a warning or an error. */
export function stderrSummary(section: ScriptSection, maxLines = 5): string {
  const lines = section.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return `exit code ${section.exitCode}`;
  const shown = lines.slice(0, maxLines).join(' / ');
  return lines.length > maxLines ? `${shown} / …` : shown;
}

/**
 * The output of the section that lists the installed packages. A missing package tool means the device is not
 * the system its adapter was chosen for; a failing one leaves nothing to trust: both are a ParseError naming it.
 */
export function installedPackagesOutput(
  run: ScriptOutput,
  section: string,
  tool: string,
  system: string,
): string {
  const listing = requireSection(run, section);
  if (listing.exitCode === commandNotFoundExitCode) {
    throw new ParseError(`${tool} is missing: the device is not ${system} system.`);
  }
  if (listing.exitCode !== 0) {
    throw new ParseError(`${tool} could not list the installed packages: ${stderrSummary(listing)}.`);
  }
  return listing.stdout;
}
