import { describe, expect, it } from 'vitest';
import {
  parseBootTime,
  parseMacosBootId,
  parseMacosInstall,
  parseMacosPreflight,
} from '../../../electron/engine/platforms/macos/deploy-parse';
import { judgePreflight } from '../../../electron/engine/deploy/device-run';
import { ParseError } from '../../../electron/engine/platforms/types';
import { fixture, frame } from '../platforms/macos/frame';
import type { FramedSection } from '../platforms/macos/frame';

const mac = (name: string) => fixture('macos', name);
const output = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

const df =
  'Filesystem     1024-blocks      Used Available Capacity iused      ifree %iused  Mounted on\n/dev/disk3s1s1  482797652  9556016 301258208     4%  356093 3012582080    0%   /';

/** A section's stdout, exit code and stderr. */
type SectionBody = readonly [stdout: string, exitCode: number, stderr?: string];

function preflight(overrides: Record<string, SectionBody | null> = {}): string {
  const sections: Record<string, SectionBody> = {
    disk: [df, 0],
    lock: ['', 0],
    'boot-id': [mac('sysctl-kern-boottime.txt'), 0],
    'sw-vers': ['11.5.2', 0],
    softwareupdate: [mac('softwareupdate-big-sur.txt'), 0],
    brew: ['bin=/usr/local/bin/brew\nowner=admin\nuser=admin', 0],
    'brew-outdated': [mac('brew-outdated-formulae.json'), 0],
    // The recorded formulae listing, plus the one outdated formula of the recorded outdated answer.
    'brew-formulae': [`${mac('brew-list-formulae.txt')}pygobject3 3.36.1\n`, 0],
    'brew-casks': [mac('brew-list-casks.txt'), 0],
  };
  return frame(
    'macos-preflight',
    Object.entries({ ...sections, ...overrides })
      .filter((entry): entry is [string, SectionBody] => entry[1] !== null)
      .map(([name, [stdout, exitCode, stderr]]): FramedSection => [name, stdout, exitCode, stderr]),
  );
}

const items = [
  'softwareupdate:macOS Big Sur 11.6-20G165',
  'softwareupdate:Safari15.0BigSurAuto-15.0',
  'softwareupdate:Command Line Tools for Xcode-13.0',
  'brew:pygobject3',
  'brew:ack',
  'brew:wget',
  'cask:firefox',
];

describe('macOS pre-flight', () => {
  it('reads space, boot time and each item; says that nothing on macOS can be rolled back, and why', () => {
    const result = parseMacosPreflight(output(preflight()), items);
    expect(result.freeBytes).toBe(301258208 * 1024);
    expect(result.lockHolder).toBeNull();
    expect(result.rebootPending).toBe(false);
    expect(result.bootId).toBe('1232765114.823118');
    expect(result.packages).toEqual([
      {
        name: 'softwareupdate:macOS Big Sur 11.6-20G165',
        kind: 'update',
        completesAtRestart: true,
        installed: '11.5.2',
        candidate: '11.6',
        rollbackPossible: false,
        rollbackNote:
          'Apple updates cannot be uninstalled: going back from "macOS Big Sur 11.6-20G165" means restoring the Mac from a backup. It finishes installing only when the Mac restarts.',
      },
      {
        name: 'softwareupdate:Safari15.0BigSurAuto-15.0',
        kind: 'update',
        completesAtRestart: false,
        installed: null,
        candidate: '15.0',
        rollbackPossible: false,
        rollbackNote:
          'Apple updates cannot be uninstalled: going back from "Safari15.0BigSurAuto-15.0" means restoring the Mac from a backup.',
      },
      {
        name: 'softwareupdate:Command Line Tools for Xcode-13.0',
        kind: 'update',
        installed: null,
        candidate: null,
        rollbackPossible: false,
        rollbackNote: 'softwareupdate does not offer "Command Line Tools for Xcode-13.0" to this Mac.',
      },
      {
        name: 'brew:pygobject3',
        installed: '3.36.1',
        candidate: '3.38.0',
        rollbackPossible: false,
        rollbackNote:
          'Homebrew keeps no older bottle by default: pygobject3 3.36.1 could not be reinstalled once upgraded.',
      },
      {
        name: 'brew:ack',
        installed: '2.14',
        candidate: '2.14',
        rollbackPossible: false,
        rollbackNote:
          'Homebrew keeps no older bottle by default: ack 2.14 could not be reinstalled once upgraded.',
      },
      {
        name: 'brew:wget',
        installed: null,
        candidate: null,
        rollbackPossible: false,
        rollbackNote: 'The formula wget is not installed by Homebrew.',
      },
      {
        name: 'cask:firefox',
        installed: '49.0.1',
        candidate: '49.0.1',
        rollbackPossible: false,
        rollbackNote:
          'Homebrew cannot install an older version of a cask: firefox 49.0.1 could not be reinstalled once upgraded.',
      },
    ]);
  });

  it('plans Safari as a new install and the OS update as an upgrade that completes at restart', () => {
    const judged = judgePreflight(
      parseMacosPreflight(output(preflight()), items),
      items.map((name) => ({ name, version: null })),
      'upgrade',
    );
    expect(
      judged.result.plan.map((step) => [step.name, step.from, step.to, step.completesAtRestart]),
    ).toEqual([
      ['softwareupdate:macOS Big Sur 11.6-20G165', '11.5.2', '11.6', true],
      ['softwareupdate:Safari15.0BigSurAuto-15.0', null, '15.0', undefined],
      ['brew:pygobject3', '3.36.1', '3.38.0', undefined],
    ]);
    expect(judged.warnings).toContain(
      'softwareupdate does not offer "Command Line Tools for Xcode-13.0" to this Mac.',
    );
    expect(judged.warnings).toContain('brew:wget is not installed, so there is nothing to update.');
    expect(judged.warnings).toContain('cask:firefox is already at 49.0.1.');
  });

  it('names lock holders, a pinned formula, and a Homebrew that is absent or owned by root', () => {
    const locked = parseMacosPreflight(
      output(
        preflight({
          lock: [
            '812 softwareupdate\n4410 /usr/local/Homebrew/Library/Homebrew/vendor/portable-ruby/current/bin/ruby',
            0,
          ],
          'brew-outdated': [mac('brew-outdated-pinned.json'), 0],
        }),
      ),
      ['brew:pygobject3'],
    );
    expect(locked.lockHolder).toBe(
      'softwareupdate (pid 812), /usr/local/Homebrew/Library/Homebrew/vendor/portable-ruby/current/bin/ruby (pid 4410)',
    );
    expect(locked.packages[0]).toMatchObject({ installed: '3.36.1', candidate: '3.36.1' });
    expect(locked.packages[0]?.rollbackNote).toContain('is pinned');

    const absent = parseMacosPreflight(
      output(preflight({ brew: ['', 127, 'brew is not installed'], 'brew-outdated': null })),
      ['cask:firefox'],
    );
    expect(absent.packages[0]?.rollbackNote).toBe(
      'The cask firefox cannot be upgraded: Homebrew is not installed on this Mac.',
    );
    const rootOwned = parseMacosPreflight(
      output(preflight({ brew: ['', 126, 'brew at /usr/local/bin/brew is owned by "root"'] })),
      ['brew:ack'],
    );
    expect(rootOwned.packages[0]?.rollbackNote).toContain('is owned by "root"');
  });

  it('throws ParseError naming the problem on empty, truncated, garbage or failed output', () => {
    const parse =
      (stdout: string, names = items) =>
      () =>
        parseMacosPreflight(output(stdout), names);
    expect(parse('')).toThrow(/no output at all/);
    expect(parse('Last login: Mon Jan 15 09:12:01 2024\nzsh: command not found: sh')).toThrow(ParseError);
    const whole = preflight();
    expect(parse(whole.slice(0, whole.indexOf('@@patchdeck:section:brew-casks@@')))).toThrow(/cut short/);
    expect(
      parse(preflight({ softwareupdate: ['', 1, 'Error: Could not connect to the update server'] })),
    ).toThrow(/softwareupdate --list did not answer: Error: Could not connect/);
    expect(parse(preflight({ softwareupdate: null }))).toThrow(/no "softwareupdate" section/);
    expect(parse(preflight({ 'brew-outdated': ['{"formulae":[', 0] }))).toThrow(/not JSON/);
    expect(parse(preflight({ 'brew-formulae': ['', 1, 'Error: permission denied'] }))).toThrow(
      /brew list --formula failed: Error: permission denied/,
    );
    expect(parse(preflight({ 'boot-id': ['sysctl: unknown oid', 0] }))).toThrow(/not a boot time/);
  });
});

describe('macOS install runs and boot id', () => {
  it('reads a finished run with the recorded softwareupdate and brew outputs in its log', () => {
    const log = `==> softwareupdate --install macOS Big Sur 11.1 Beta 2-20C5061b --no-scan\n${mac('softwareupdate-install-big-sur.txt')}==> brew upgrade --cask elgato-stream-deck\n${mac('brew-upgrade-cask.txt')}`;
    const run = parseMacosInstall(
      output(
        frame('macos-install', [
          ['start', 'now', 0],
          ['wait', 'finished', 0],
          ['log', log, 0],
          ['timing', '1705219092000000000 1705219212000000000', 0],
        ]),
      ),
    );
    expect(run).toMatchObject({
      state: 'finished',
      startedNow: true,
      exitCode: 0,
      packageManagerMs: 120_000,
    });
    expect(run.output).toContain('Downloaded: macOS Big Sur 11.1 Beta 2');
    expect(run.output).toContain('==> Upgrading elgato-stream-deck');
  });

  it('reads the boot time, with or without the sysctl name, and refuses anything else', () => {
    expect(parseBootTime(mac('sysctl-kern-boottime.txt'))).toBe('1232765114.823118');
    expect(parseBootTime('kern.boottime: { sec = 1525283860, usec = 9476 } Fri May  4 10:51:00 2018')).toBe(
      '1525283860.009476',
    );
    const boot = (text: string) => output(frame('macos-boot-id', [['boot-id', text, 0]]));
    expect(parseMacosBootId(boot(mac('sysctl-kern-boottime.txt')))).toBe('1232765114.823118');
    expect(() => parseMacosBootId(boot(''))).toThrow(/not a boot time/);
    expect(() => parseMacosBootId(boot('{ sec = , usec = }'))).toThrow(ParseError);
  });
});
