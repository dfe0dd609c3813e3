import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const CLI_BIN = path.resolve('electron/cli/patchdeck.cjs');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built `patchdeck` exactly as `npx patchdeck` does (through the package's bin shim). */
export function runPatchdeck(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  stdin?: string,
): Promise<CliRun> {
  if (!fs.existsSync(path.resolve('dist/cli/patchdeck.cjs'))) {
    throw new Error('dist/cli/patchdeck.cjs is missing: run `npm run build` before the CLI tests.');
  }
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI_BIN, ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });
}
