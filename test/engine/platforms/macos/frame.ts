import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markerLine } from '../../../../electron/engine/platforms/script-sections';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A recorded output from test/engine/platforms/fixtures/<family>/. */
export function fixture(family: 'macos' | 'windows', name: string): string {
  return readFileSync(`${fixtures}${family}/${name}`, 'utf8');
}

/** One section of a framed scan output: its name, its stdout, its exit code and its stderr. */
export type FramedSection = readonly [name: string, stdout: string, exitCode: number, stderr?: string];

/**
 * Frame recorded outputs the way the scan scripts print them (electron/engine/platforms/script-sections.ts): each
 * writer puts one line break before the stderr and exit markers, which the parser takes off again.
 */
export function frame(script: string, sections: readonly FramedSection[], finished = true): string {
  let text = `${markerLine('script', script)}\n`;
  for (const [name, stdout, exitCode, stderr = ''] of sections) {
    text += `${markerLine('section', name)}\n${stdout}\n${markerLine('stderr', name)}\n${stderr}\n`;
    text += `${markerLine('exit', name, exitCode)}\n`;
  }
  return finished ? `${text}${markerLine('end', script)}\n` : text;
}

/** The sections with those of the same name swapped for `instead`, e.g. one section failing. */
export function replaceSections(
  sections: readonly FramedSection[],
  ...instead: FramedSection[]
): FramedSection[] {
  return sections.map((section) => instead.find(([name]) => name === section[0]) ?? section);
}

/** A quick scan of a Big Sur Mac with Homebrew, section by section, as recorded. */
export const bigSurQuickScan: readonly FramedSection[] = [
  ['sw-vers', fixture('macos', 'sw-vers-big-sur.txt'), 0],
  ['uname-m', 'x86_64\n', 0],
  ['uname-r', '20.6.0\n', 0],
  ['hostname', 'studio-mac.local\n', 0],
  ['softwareupdate', fixture('macos', 'softwareupdate-big-sur.txt'), 0],
  ['brew', 'bin=/usr/local/bin/brew\nowner=tech\nuser=tech\n', 0],
  ['brew-outdated', fixture('macos', 'brew-outdated-formulae.json'), 0],
  ['brew-formulae', fixture('macos', 'brew-list-formulae.txt'), 0],
  ['brew-casks', fixture('macos', 'brew-list-casks.txt'), 0],
  ['applications', fixture('macos', 'applications-arm.json'), 0],
];
