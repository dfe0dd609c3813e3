import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { macosAdapter } from '../../../../electron/engine/platforms/macos';
import {
  checkMacosItemName,
  checkMacosVersion,
  macosItemFor,
} from '../../../../electron/engine/platforms/macos/deploy-items';
import {
  parseMacosInstall,
  parseMacosPreflight,
} from '../../../../electron/engine/platforms/macos/deploy-parse';
import { macosRunsDirectory } from '../../../../electron/engine/platforms/macos/deploy-scripts';
import { fixture } from './frame';

/*
 * No Mac is available, but the macOS scripts are POSIX sh: they run here for real (dash), as an unprivileged user,
 * with softwareupdate and brew replaced by stubs that print recorded macOS outputs and note their arguments. The
 * runs directory is moved into a temp dir in the test's copy of the script; nothing else is changed.
 */
const deployment = macosAdapter.deployment!;
const root = mkdtempSync(join(tmpdir(), 'patchdeck-macos-'));
chmodSync(root, 0o755);
const bin = join(root, 'bin');
const runs = join(root, 'runs');
const calls = join(root, 'calls');
mkdirSync(bin, { mode: 0o755 });
mkdirSync(runs, { mode: 0o777 });
chmodSync(runs, 0o777);
writeFileSync(calls, '', { mode: 0o666 });
chmodSync(calls, 0o666);
for (const name of [
  'softwareupdate-install-big-sur.txt',
  'softwareupdate-install-error-clt.txt',
  'softwareupdate-big-sur.txt',
  'brew-upgrade-cask.txt',
  'brew-outdated-formulae.json',
  'brew-list-formulae.txt',
  'brew-list-casks.txt',
]) {
  writeFileSync(join(root, name), fixture('macos', name), { mode: 0o644 });
}
const stub = (name: string, body: string) =>
  writeFileSync(
    join(bin, name),
    `#!/bin/sh\nprintf '${name}' >>${calls}\nfor a in "$@"; do printf '|%s' "$a" >>${calls}; done\necho >>${calls}\n${body}`,
    {
      mode: 0o755,
    },
  );
stub(
  'softwareupdate',
  `case "$1 $2" in
  --list*) cat ${root}/softwareupdate-big-sur.txt ;;
  "--install Command Line Tools"*) cat ${root}/softwareupdate-install-error-clt.txt ;;
  *) cat ${root}/softwareupdate-install-big-sur.txt ;;
esac
`,
);
stub(
  'brew',
  `case "$1 $2" in
  "outdated --json=v2") cat ${root}/brew-outdated-formulae.json ;;
  "list --formula") cat ${root}/brew-list-formulae.txt ;;
  "list --cask") cat ${root}/brew-list-casks.txt ;;
  "upgrade --cask") cat ${root}/brew-upgrade-cask.txt ;;
  "upgrade --formula") echo "Error: broken-formula: no bottle available!" >&2; exit 1 ;;
esac
`,
);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs a script as `nobody` (when the tests run as root) with the stubs first on PATH. */
function run(script: string, args: readonly string[]): string {
  const local = script.replaceAll(macosRunsDirectory, runs);
  const user = process.getuid?.() === 0 ? ['runuser', '-u', 'nobody', '--'] : [];
  const [command = 'env', ...rest] = [
    ...user,
    'env',
    `PATH=${bin}:/usr/bin:/bin`,
    'sh',
    '-c',
    local,
    'patchdeck',
    ...args,
  ];
  return execFileSync(command, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
const callsMade = () =>
  readFileSync(calls, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line !== '');

describe('the macOS install run, for real in sh', () => {
  it('passes labels with spaces as one argument, runs brew for casks, records a failing formula, and starts once per tag', () => {
    writeFileSync(calls, '');
    const args = deployment.installArguments('41-3', 'upgrade', [
      { name: 'softwareupdate:macOS Big Sur 11.6-20G165', version: null },
      { name: 'cask:elgato-stream-deck', version: null },
      { name: 'brew:broken-formula', version: null },
    ]);
    const first = parseMacosInstall({
      stdout: run(deployment.installScript.script, args),
      stderr: '',
      exitCode: 0,
    });
    expect(first).toMatchObject({ state: 'finished', startedNow: true, exitCode: 1 });
    expect(first.packageManagerMs).toBeGreaterThanOrEqual(0);
    expect(first.output).toContain('Downloaded: macOS Big Sur 11.1 Beta 2');
    expect(first.output).toContain('==> Upgrading elgato-stream-deck');
    expect(first.output).toContain('Error: broken-formula: no bottle available!');
    expect(callsMade()).toEqual([
      'softwareupdate|--install|macOS Big Sur 11.6-20G165|--no-scan',
      'brew|upgrade|--cask|elgato-stream-deck',
      'brew|upgrade|--formula|broken-formula',
    ]);

    const again = parseMacosInstall({
      stdout: run(deployment.installScript.script, args),
      stderr: '',
      exitCode: 0,
    });
    expect(again).toMatchObject({ state: 'finished', startedNow: false, exitCode: 1 });
    const status = parseMacosInstall({
      stdout: run(deployment.installStatusScript.script, ['41-3']),
      stderr: '',
      exitCode: 0,
    });
    expect(status).toMatchObject({ state: 'finished', startedNow: false, output: first.output });
    expect(callsMade()).toHaveLength(3);
  });

  it('fails an Apple update that softwareupdate reports as failed with exit status 0, and passes one that worked', () => {
    const install = (tag: string, label: string) =>
      parseMacosInstall({
        stdout: run(deployment.installScript.script, [tag, 'upgrade', `softwareupdate:${label}`]),
        stderr: '',
        exitCode: 0,
      });
    expect(install('42-1', 'macOS Big Sur 11.6-20G165')).toMatchObject({ exitCode: 0 });
    const failed = install('42-2', 'Command Line Tools (macOS High Sierra version 10.13) for Xcode-10.0');
    expect(failed).toMatchObject({ state: 'finished', exitCode: 1 });
    expect(failed.output).toContain('Error installing updates.');
  });

  it('reports a tag it never saw as not started, and a run whose process died as lost', () => {
    const never = parseMacosInstall({
      stdout: run(deployment.installStatusScript.script, ['9-9']),
      stderr: '',
      exitCode: 0,
    });
    expect(never.state).toBe('not-started');
    mkdirSync(join(runs, '9-10'), { mode: 0o777 });
    chmodSync(join(runs, '9-10'), 0o777);
    // A pid no process can have: Linux's pid_max is at most 2^22 = 4194304.
    writeFileSync(join(runs, '9-10', 'pid'), '4194305\n', { mode: 0o644 });
    const lost = parseMacosInstall({
      stdout: run(deployment.installStatusScript.script, ['9-10']),
      stderr: '',
      exitCode: 0,
    });
    expect(lost).toMatchObject({ state: 'lost', startedNow: false });
  });

  it('refuses on the device what validation refuses here: hostile items, a rollback, a bad tag', () => {
    writeFileSync(calls, '');
    const attempt = (args: string[]) => () =>
      parseMacosInstall({ stdout: run(deployment.installScript.script, args), stderr: '', exitCode: 0 });
    expect(attempt(['50-1', 'upgrade', 'brew:$(touch /tmp/pwned)'])).toThrow(
      /could not start: patchdeck: bad item/,
    );
    expect(attempt(['50-2', 'upgrade', 'brew:git;id'])).toThrow(/bad item/);
    expect(attempt(['50-3', 'upgrade', 'softwareupdate:macOS\nbrew:git'])).toThrow(/bad item/);
    expect(attempt(['50-4', 'upgrade', 'apt:git'])).toThrow(/bad item/);
    expect(attempt(['50-5', 'downgrade', 'brew:git'])).toThrow(/cannot be rolled back/);
    expect(() => run(deployment.installScript.script, ['../x', 'upgrade', 'brew:git'])).toThrow(
      /bad run tag/,
    );
    expect(callsMade()).toEqual([]);
    expect(existsSync(join(runs, '50-1'))).toBe(false);
  });
});

describe('the macOS pre-flight, for real in sh', () => {
  it('asks softwareupdate and Homebrew only about what was asked for, and parses', () => {
    writeFileSync(calls, '');
    const names = ['softwareupdate:macOS Big Sur 11.6-20G165', 'brew:ack', 'cask:firefox'];
    const stdout = run(deployment.preflightScript.script, names);
    // Linux has no kern.boottime and no sw_vers: the parser takes them as unknown.
    const preflight = parseMacosPreflight({ stdout, stderr: '', exitCode: 0 }, names);
    expect(preflight.freeBytes).toBeGreaterThan(0);
    expect(preflight.packages.map((entry) => [entry.name, entry.installed, entry.candidate])).toEqual([
      ['softwareupdate:macOS Big Sur 11.6-20G165', null, '11.6'],
      ['brew:ack', '2.14', '2.14'],
      ['cask:firefox', '49.0.1', '49.0.1'],
    ]);
    expect(callsMade()).toEqual([
      'softwareupdate|--list',
      'brew|outdated|--json=v2',
      'brew|list|--formula|--versions',
      'brew|list|--cask|--versions',
    ]);
    writeFileSync(calls, '');
    run(deployment.preflightScript.script, ['cask:firefox']);
    expect(callsMade()[0]).toBe('brew|outdated|--json=v2');
  });
});

describe('macOS items', () => {
  it('are named as the scan names them, with their source; labels may hold spaces, nothing else may', () => {
    for (const name of [
      'softwareupdate:macOS Sonoma 14.5-23F79',
      'softwareupdate:Command Line Tools for Xcode-15.3',
      'brew:git',
      'brew:python@3.12',
      'brew:homebrew/cask-versions/firefox',
      'cask:google-chrome',
    ]) {
      expect(() => checkMacosItemName(name), name).not.toThrow();
    }
    expect(macosItemFor({ name: 'macOS Big Sur 11.6-20G165', manager: 'softwareupdate' })).toBe(
      'softwareupdate:macOS Big Sur 11.6-20G165',
    );
    expect(macosItemFor({ name: 'git', manager: 'brew' })).toBe('brew:git');
    expect(macosItemFor({ name: 'firefox', manager: 'brew-cask' })).toBe('cask:firefox');
    expect(macosItemFor({ name: 'Safari', manager: 'macos-app' })).toBeNull();
  });

  it('refuses hostile names and every version', () => {
    for (const name of [
      'git',
      'brew:git;id',
      "brew:git'",
      'cask:"x"',
      'brew:a`id`',
      'brew:$(id)',
      'brew:-v',
      'cask:--force',
      'brew:my formula',
      'softwareupdate:-label',
      'softwareupdate:macOS;reboot',
      "softwareupdate:macOS 14'",
      'softwareupdate:macOS $(id)',
      'softwareupdate:macOS\nbrew:git',
      'softwareupdate: macOS',
      'dpkg:git',
    ]) {
      expect(() => checkMacosItemName(name), name).toThrow(/is not|does not say/);
    }
    expect(() => checkMacosVersion('1.0')).toThrow(/newest/);
    expect(() =>
      deployment.installArguments('1-1', 'downgrade', [{ name: 'brew:git', version: '2.40.0' }]),
    ).toThrow(/cannot be rolled back/);
  });

  it('every script is valid POSIX sh (dash -n), the reboot and boot-id ones included', () => {
    for (const script of [
      deployment.preflightScript,
      deployment.installScript,
      deployment.installStatusScript,
      deployment.rebootScript,
      deployment.bootIdScript,
    ]) {
      expect(() => execFileSync('sh', ['-n', '-c', script.script], { stdio: 'pipe' })).not.toThrow();
    }
    expect(() => execFileSync('sh', ['-n', '-c', 'if true; then'], { stdio: 'pipe' })).toThrow();
  });

  it('travel only as arguments: the scripts never contain them', () => {
    for (const script of [
      deployment.preflightScript,
      deployment.installScript,
      deployment.installStatusScript,
    ]) {
      expect(script.script).not.toContain('Big Sur');
      expect(script.script).not.toContain('elgato');
    }
    expect(deployment.installScript.sudo).toBe(true);
    expect(deployment.preflightScript.sudo).toBe(false);
  });
});
