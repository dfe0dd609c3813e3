import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { macosAdapter } from '../../../../electron/engine/platforms/macos';
import { ParseError } from '../../../../electron/engine/platforms/types';
import type { RemoteOutput, ScanDepth } from '../../../../electron/engine/platforms/types';
import { fixture } from './frame';

/*
 * Runs the real macOS scan script with dash (the strictest POSIX sh here) as an unprivileged user. This machine is
 * not a Mac, so the Apple tools are replaced by executables that replay the recorded outputs from the fixtures,
 * printing to stdout and stderr the way the real tools do; uname and hostname are this machine's own.
 */
let bin = '';
let replays = '';

function executable(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'patchdeck-macos-'));
  chmodSync(bin, 0o755);
  replays = join(bin, 'replays');
  execFileSync('mkdir', ['-m', '755', replays]);
  for (const name of [
    'sw-vers-big-sur.txt',
    'softwareupdate-big-sur.txt',
    'brew-outdated-formulae.json',
    'brew-list-formulae.txt',
    'brew-list-casks.txt',
    'brew-update.txt',
    'applications-arm.json',
  ]) {
    writeFileSync(join(replays, name), fixture('macos', name));
    chmodSync(join(replays, name), 0o644);
  }
  executable(join(bin, 'sw_vers'), `#!/bin/sh\ncat ${replays}/sw-vers-big-sur.txt\n`);
  // softwareupdate prints the list on stdout but "No new software available." on stderr. The replay refuses
  // --no-scan, whose answer cannot be trusted (see macosScanScript).
  executable(
    join(bin, 'softwareupdate'),
    `#!/bin/sh
[ "$*" = --list ] || { echo "softwareupdate: unexpected arguments: $*" >&2; exit 2; }
if [ "$SOFTWAREUPDATE_REPLAY" = none ]; then
  printf 'Software Update Tool\\n\\nFinding available software\\n'; echo 'No new software available.' >&2; exit 0
fi
cat ${replays}/softwareupdate-big-sur.txt
`,
  );
  // Homebrew must be run with auto-update off and never as root: the replay refuses both, with brew's own words
  // for root, and warns on stderr like brew does.
  executable(
    join(bin, 'brew'),
    `#!/bin/sh
[ "$(id -u)" -ne 0 ] || { echo 'Error: Running Homebrew as root is extremely dangerous and no longer supported.' >&2; exit 1; }
[ "$HOMEBREW_NO_AUTO_UPDATE" = 1 ] || { echo 'Error: auto-update was not disabled' >&2; exit 3; }
case "$1 $2" in
  'outdated --json=v2') echo 'Warning: Treating pygobject3 as a formula.' >&2; cat ${replays}/brew-outdated-formulae.json ;;
  'list --formula') cat ${replays}/brew-list-formulae.txt ;;
  'list --cask') cat ${replays}/brew-list-casks.txt ;;
  'update --quiet') cat ${replays}/brew-update.txt ;;
  *) exit 1 ;;
esac
`,
  );
  executable(
    join(bin, 'system_profiler'),
    `#!/bin/sh\n[ "$1 $2" = "-json SPApplicationsDataType" ] || exit 2\ncat ${replays}/applications-arm.json\n`,
  );
  // BSD stat (stat -L -f %Su) has no GNU equivalent spelling; this one names the owner the test chooses.
  execFileSync('mkdir', ['-m', '755', join(bin, 'bsd')]);
  executable(
    join(bin, 'bsd', 'stat'),
    '#!/bin/sh\n[ "$1 $2 $3" = "-L -f %Su" ] || exit 1\nprintf \'%s\\n\' "$BREW_OWNER"\n',
  );
});

afterAll(() => {
  if (bin !== '') rmSync(bin, { recursive: true, force: true });
});

function runScan(depth: ScanDepth, path: string, appleReplay = 'big-sur'): RemoteOutput {
  const { script, shell, sudo } = macosAdapter.scanScript(depth);
  expect({ shell, sudo }).toEqual({ shell: 'sh', sudo: false });
  const environment = [`PATH=${path}`, `SOFTWAREUPDATE_REPLAY=${appleReplay}`];
  const stdout = execFileSync(
    'runuser',
    ['-u', 'nobody', '--', 'env', ...environment, 'dash', '-c', script],
    {
      encoding: 'utf8',
    },
  );
  return { stdout, stderr: '', exitCode: 0 };
}

describe('the macOS scan script, run by dash', () => {
  it('produces a full scan the parser reads completely', () => {
    const report = macosAdapter.parseScan(runScan('full', `${bin}:/usr/bin:/bin`), 'full');
    expect(report.warnings).toEqual([]);
    expect(report.os.name).toBe('macOS 11.5.2');
    expect(report.os.hostname).toBe(execFileSync('hostname', { encoding: 'utf8' }).trim());
    expect(report.updates.map((update) => update.name)).toEqual([
      'Safari15.0BigSurAuto-15.0',
      'macOS Big Sur 11.6-20G165',
      'pygobject3',
      'rav1e',
    ]);
    expect(report.packages).toHaveLength(21);
    expect(report.rebootRequired).toBe(true);
    expect(report.metadataStale).toBe(false);
  });

  it("keeps stderr apart from the JSON, and reads softwareupdate's answer from stderr", () => {
    const { stdout } = runScan('quick', `${bin}:/usr/bin:/bin`, 'none');
    expect(stdout).toContain(
      '@@patchdeck:stderr:brew-outdated@@\nWarning: Treating pygobject3 as a formula.\n',
    );
    expect(stdout).toContain('@@patchdeck:stderr:softwareupdate@@\nNo new software available.\n');
    expect(stdout).not.toContain('brew-update');
    const report = macosAdapter.parseScan({ stdout, stderr: '', exitCode: 0 }, 'quick');
    expect(report.updates.map((update) => update.manager)).toEqual(['brew', 'brew']);
    expect(report.metadataStale).toBe(true);
  });

  // Without Homebrew there are no Homebrew packages; without system_profiler the apps are there but unlisted.
  it('reports an absent Homebrew as a warning, and fails without system_profiler rather than lose the apps', () => {
    execFileSync('mkdir', ['-m', '755', join(bin, 'apple-only')]);
    for (const tool of ['sw_vers', 'softwareupdate', 'system_profiler'])
      execFileSync('cp', ['-p', join(bin, tool), join(bin, 'apple-only')]);
    const report = macosAdapter.parseScan(
      runScan('quick', `${join(bin, 'apple-only')}:/usr/bin:/bin`),
      'quick',
    );
    expect(report.warnings).toEqual(['Homebrew is not installed; no Homebrew packages were checked.']);
    expect(report.packages.every((item) => item.manager === 'macos-app')).toBe(true);
    rmSync(join(bin, 'apple-only', 'system_profiler'));
    expect(() =>
      macosAdapter.parseScan(runScan('quick', `${join(bin, 'apple-only')}:/usr/bin:/bin`), 'quick'),
    ).toThrow(/^Reading "applications" on the device failed: .*system_profiler.*not found\.$/);
  });

  // As root, brew must run through the real sudo as the prefix's owner (here the account "nobody").
  it.runIf(process.getuid?.() === 0)('as root, runs brew as the owner of the prefix through sudo', () => {
    const { script } = macosAdapter.scanScript('full');
    const path = `${join(bin, 'bsd')}:${bin}:/usr/bin:/bin:/usr/sbin`;
    const run = (owner: string): RemoteOutput => ({
      stdout: execFileSync('env', [`PATH=${path}`, `BREW_OWNER=${owner}`, 'dash', '-c', script], {
        encoding: 'utf8',
      }),
      stderr: '',
      exitCode: 0,
    });
    const asOwner = macosAdapter.parseScan(run('nobody'), 'full');
    expect(asOwner.warnings).toEqual([]);
    expect(asOwner.updates.filter((update) => update.manager === 'brew')).toHaveLength(2);
    // Homebrew is there but will not run: the scan fails rather than record its packages as removed.
    for (const owner of ['root', 'tech;reboot', '-u0']) {
      expect(() => macosAdapter.parseScan(run(owner), 'full')).toThrow(
        new ParseError(
          `Homebrew is installed but could not be run, so its packages could not be listed: brew at ${bin}/brew is owned by "${owner}": Homebrew refuses to run as root, so it runs only as a plain non-root owner.`,
        ),
      );
    }
  });
});
