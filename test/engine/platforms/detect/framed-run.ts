import { readFileSync } from 'node:fs';
import { markerLine } from '../../../../electron/engine/platforms/script-sections';
import type { RemoteOutput } from '../../../../electron/engine/platforms/types';

/** One command's recorded output, to frame the way the scan script's pd_section does. */
export interface RecordedSection {
  readonly name: string;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode?: number;
}

/**
 * Frames recorded command outputs exactly as shSectionPreamble's pd_section prints them, so parsers can be tested
 * on real outputs of commands that cannot run here (dnf, zypper, apk, pacman). The framing itself is tested
 * against a real sh run in script-sections.test.ts.
 */
export function framedRun(script: string, sections: readonly RecordedSection[]): RemoteOutput {
  let stdout = `${markerLine('script', script)}\n`;
  for (const section of sections) {
    stdout += `${markerLine('section', section.name)}\n${section.stdout ?? ''}\n`;
    stdout += `${markerLine('stderr', section.name)}\n${section.stderr ?? ''}\n`;
    stdout += `${markerLine('exit', section.name, section.exitCode ?? 0)}\n`;
  }
  stdout += `${markerLine('end', script)}\n`;
  return { stdout, stderr: '', exitCode: 0 };
}

/** A recorded fixture file under test/engine/platforms/fixtures/. */
export function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
}

/** The uname section as pd_uname prints it. */
export function unameSection(
  kernel: string,
  arch: string,
  hostname: string,
  system = 'Linux',
): RecordedSection {
  return {
    name: 'uname',
    stdout: `system=${system}\nkernel=${kernel}\narch=${arch}\nhostname=${hostname}\n`,
  };
}
