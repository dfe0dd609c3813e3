import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A recorded output from test/engine/platforms/fixtures/<family>/. */
export function fixture(family: 'macos' | 'windows', name: string): string {
  return readFileSync(`${fixtures}${family}/${name}`, 'utf8');
}

/** One section of a framed scan output: its name, its body and the exit code its command ended with. */
export type FramedSection = readonly [name: string, body: string, exitCode: number];

/** Frame recorded outputs the way the scan scripts print them (see electron/engine/platforms/windows/sections.ts). */
export function frame(sections: readonly FramedSection[], finished = true, newline = '\n'): string {
  const lines: string[] = [];
  for (const [name, body, exitCode] of sections) {
    lines.push(`@@patchdeck:section:${name}@@`, body, `@@patchdeck:exit:${name}:${String(exitCode)}@@`);
  }
  if (finished) lines.push('@@patchdeck:done@@');
  return lines.join(newline) + newline;
}
