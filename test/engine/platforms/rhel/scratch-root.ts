import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runsDirectory } from '../../../../electron/engine/platforms/tagged-run';
import type { RemoteOutput } from '../../../../electron/engine/platforms/types';

/**
 * A place to run Patchdeck's real Linux deployment scripts on this machine without touching its own system: the
 * package tools are reached through shims that point them at a scratch root (zypper --root, dnf --installroot,
 * pacman --root), and the tagged runs are kept in the scratch directory instead of /var/lib/patchdeck/runs.
 * The scripts themselves run unchanged otherwise.
 */
export interface ScratchHost {
  readonly dir: string;
  /** Puts `command` first on the scripts' PATH as a shim that runs `target` with `fixedArgs` before its own. */
  shim(command: string, target: string, fixedArgs: readonly string[]): void;
  /** Puts a sh stand-in for `command` first on PATH, for a tool this machine does not have (apk). */
  standIn(command: string, body: string): void;
  /** Runs a framed script as the SSH layer would (`sh -c script patchdeck args...`). */
  run(script: string, args: readonly string[]): RemoteOutput;
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** Creates the shim folder and runs folder in `dir` (a fresh temp directory of the test). */
export function scratchHost(dir: string): ScratchHost {
  const bin = join(dir, 'bin');
  const runs = join(dir, 'runs');
  mkdirSync(bin, { recursive: true });
  return {
    dir,
    shim(command, target, fixedArgs) {
      const file = join(bin, command);
      writeFileSync(file, `#!/bin/sh\nexec ${[target, ...fixedArgs].map(quote).join(' ')} "$@"\n`);
      chmodSync(file, 0o755);
    },
    standIn(command, body) {
      const file = join(bin, command);
      writeFileSync(file, `#!/bin/sh\n${body}\n`);
      chmodSync(file, 0o755);
    },
    run(script, args) {
      const result = spawnSync('sh', ['-c', script.replaceAll(runsDirectory, runs), 'patchdeck', ...args], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
        timeout: 120_000,
      });
      return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status };
    },
  };
}

/** Builds a noarch rpm of one file with rpmbuild; `scripts` adds spec sections such as "%post\nexit 1". */
export function buildRpm(
  dir: string,
  pkg: { name: string; version: string; release: string; epoch?: number; scripts?: string },
): void {
  const spec = join(dir, `${pkg.name}-${pkg.version}-${pkg.release}.spec`);
  writeFileSync(
    spec,
    [
      `Name: ${pkg.name}`,
      ...(pkg.epoch === undefined ? [] : [`Epoch: ${pkg.epoch}`]),
      `Version: ${pkg.version}`,
      `Release: ${pkg.release}`,
      'Summary: Patchdeck test package',
      'License: MIT',
      'BuildArch: noarch',
      '%description',
      'Patchdeck test package.',
      '%install',
      `mkdir -p %{buildroot}/usr/share/${pkg.name}`,
      `echo ${pkg.version} > %{buildroot}/usr/share/${pkg.name}/version`,
      '%files',
      `/usr/share/${pkg.name}/version`,
      pkg.scripts ?? '',
      '',
    ].join('\n'),
  );
  execFileSync('rpmbuild', ['--define', `_topdir ${dir}/rpmbuild`, '-bb', spec], { stdio: 'ignore' });
}
