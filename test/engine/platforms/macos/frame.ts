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
