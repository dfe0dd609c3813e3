// Shared by the deployment fleet tests and the deployment benchmark: a real engine with every fleet host as a
// device, and the CLI bundled privately (so another engineer's `npm run build` cannot change it under a test).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Engine } from '../../../electron/engine/create-engine';
import type { FleetHost } from '../../fleet/harness/fleet';

export const vaultPassphrase = 'deploy-fleet-test';

/** Adds one client and every host as a device (key login, sudo with the tech password); returns device ids. */
export async function addFleetDevices(engine: Engine, hosts: readonly FleetHost[]): Promise<number[]> {
  const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
  const ids: number[] = [];
  for (const [index, host] of hosts.entries()) {
    const device = await engine.devices.add({
      clientId: client.id,
      name: `host-${index + 1}`,
      host: host.address,
      port: 22,
      user: host.user,
      tags: [],
      ring: 'broad',
      auth: { kind: 'key', keyPath: host.privateKeyPath },
      sudo: true,
      sudoPassword: host.password,
    });
    ids.push(device.id);
  }
  return ids;
}

/**
 * How many times dpkg unpacked `name` at `version` on the host (its "upgrade <pkg> <old> <new>" lines, written for
 * upgrades and downgrades alike): the device's own record of how often an install really ran.
 */
export async function dpkgUnpackCount(host: FleetHost, name: string, version: string): Promise<number> {
  const log = await host.exec(['cat', '/var/log/dpkg.log']);
  return log.stdout.split('\n').filter((line) => {
    const fields = line.split(' ');
    return fields[2] === 'upgrade' && fields[3] === `${name}:all` && fields[5] === version;
  }).length;
}

export async function installedVersion(host: FleetHost, name: string): Promise<string | null> {
  const result = await host.exec(['dpkg-query', '-W', '-f', '${Version}', name]);
  return result.stdout.trim() || null;
}

export interface BundledCli {
  readonly run: (
    args: readonly string[],
    options?: { timeoutMs?: number },
  ) => Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Starts the CLI and returns the child, for tests that kill it. */
  readonly spawnArgs: (args: readonly string[]) => {
    command: string;
    argv: string[];
    env: NodeJS.ProcessEnv;
  };
  readonly cleanup: () => void;
}

/** Bundle electron/cli/index.ts into a temp folder (packages resolved from the repository's node_modules). */
export async function bundleCli(db: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<BundledCli> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-deploy-cli-'));
  const outfile = path.join(dir, 'patchdeck.cjs');
  await build({
    entryPoints: [path.resolve('electron/cli/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_PATH: path.resolve('node_modules'),
    PATCHDECK_VAULT_PASSPHRASE: vaultPassphrase,
    ...extraEnv,
  };
  const spawnArgs = (args: readonly string[]) => ({
    command: process.execPath,
    argv: [outfile, '--db', db, ...args],
    env,
  });
  return {
    spawnArgs,
    run: (args, options = {}) =>
      new Promise((resolve) => {
        const spec = spawnArgs(args);
        execFile(
          spec.command,
          spec.argv,
          { env: spec.env, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 300_000 },
          (error, stdout, stderr) => {
            const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
            resolve({
              code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
              signal: failure?.signal ?? null,
              stdout,
              stderr,
            });
          },
        ).stdin?.end();
      }),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Bundle deploy-child.ts (one deployment with any DeployRequest, pre- and post-commands included) and return the
 * command line that runs it on `db`, for tests that kill it midway.
 */
export async function bundleDeployChild(
  db: string,
): Promise<{
  spawnArgs: (
    request: object,
    options: object,
  ) => { command: string; argv: string[]; env: NodeJS.ProcessEnv };
  cleanup: () => void;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-deploy-child-'));
  const outfile = path.join(dir, 'deploy-child.cjs');
  await build({
    entryPoints: [path.resolve('test/engine/deploy/deploy-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_PATH: path.resolve('node_modules'),
    PATCHDECK_VAULT_PASSPHRASE: vaultPassphrase,
  };
  return {
    spawnArgs: (request, options) => ({
      command: process.execPath,
      argv: [outfile, db, JSON.stringify(request), JSON.stringify(options)],
      env,
    }),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
