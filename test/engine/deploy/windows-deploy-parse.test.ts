import { describe, expect, it } from 'vitest';
import {
  parseChocoVersions,
  parseWindowsBootId,
  parseWindowsInstall,
  parseWindowsPreflight,
  parseWindowsRunResult,
  parseWingetList,
  parseWingetVersions,
} from '../../../electron/engine/platforms/windows/deploy-parse';
import { judgePreflight } from '../../../electron/engine/deploy/device-run';
import { windowsDeployment } from '../../../electron/engine/platforms/windows/deploy-adapter';
import { ParseError } from '../../../electron/engine/platforms/types';
import { fixture, frame } from '../platforms/macos/frame';
import type { FramedSection } from '../platforms/macos/frame';

const win = (name: string) => fixture('windows', name);
const output = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

// The offered updates as the pre-flight prints them: titles and KBs from the recorded-value scan fixture; whether
// each can be uninstalled is built (IUpdate.IsUninstallable), not recorded.
const searched = JSON.parse(win('windows-update.json')) as {
  updates: { title: string; kbArticleIds: string[]; rebootBehavior: number }[];
};
const uninstallable = new Set(['5034275']);
const offered = JSON.stringify({
  resultCode: 2,
  updates: searched.updates.map((update) => ({
    title: update.title,
    kbArticleIds: update.kbArticleIds,
    isUninstallable: update.kbArticleIds.some((kb) => uninstallable.has(kb)),
    rebootBehavior: update.rebootBehavior,
  })),
});

const lockFree = JSON.stringify({ msiExecuteMutex: false, installerBusy: false, processes: [] });
const noReboot = JSON.stringify({
  cbsRebootPending: false,
  windowsUpdateRebootRequired: false,
  pendingFileRenameOperations: false,
});

/** A section's stdout, exit code and stderr. */
type SectionBody = readonly [stdout: string, exitCode: number, stderr?: string];

function preflight(overrides: Record<string, SectionBody | null> = {}): string {
  const sections: Record<string, SectionBody> = {
    disk: ['53687091200', 0],
    lock: [lockFree, 0],
    reboot: [noReboot, 0],
    'boot-id': ['2024-01-14T07:58:12.5000000Z', 0],
    'update-history': [win('update-history.json'), 0],
    hotfixes: [win('hotfixes.json'), 0],
    offered: [offered, 0],
    winget: [
      JSON.stringify([
        {
          id: 'GIMP.GIMP',
          list: win('winget-list-source-de.txt'),
          listExit: 0,
          versions: 'Found GIMP [GIMP.GIMP]\nVersion\n-------\n2.10.36\n2.10.34\n',
          versionsExit: 0,
        },
        {
          id: 'Mozilla.Firefox',
          list: 'No installed package found matching input criteria.',
          listExit: -1978335212,
          versions: win('winget-show-versions.synthetic.txt'),
          versionsExit: 0,
        },
      ]),
      0,
    ],
    choco: [
      JSON.stringify([
        {
          name: 'keil',
          installed: '2.0',
          versions: win('choco-search-exact-all-versions.txt'),
          versionsExit: 0,
        },
        { name: 'git', installed: null, versions: 'git|2.43.0', versionsExit: 0 },
      ]),
      0,
    ],
  };
  const merged = { ...sections, ...overrides };
  return frame(
    'windows-preflight',
    Object.entries(merged)
      .filter((entry): entry is [string, SectionBody] => entry[1] !== null)
      .map(([name, [stdout, exitCode, stderr]]): FramedSection => [name, stdout, exitCode, stderr]),
  );
}

const items = [
  'KB5034122',
  'kb:KB5034275',
  'KB5033372',
  'KB9999999',
  'winget:GIMP.GIMP',
  'winget:Mozilla.Firefox',
  'choco:keil',
  'choco:git',
];

describe('Windows pre-flight', () => {
  it('reads space, lock, reboot, boot time and each item: KBs offered or installed, winget and Chocolatey versions', () => {
    const result = parseWindowsPreflight(output(preflight()), items);
    expect(result.freeBytes).toBe(53687091200);
    expect(result.lockHolder).toBeNull();
    expect(result.rebootPending).toBe(false);
    expect(result.bootId).toBe('2024-01-14T07:58:12.5000000Z');
    expect(result.packages).toEqual([
      {
        name: 'KB5034122',
        kind: 'update',
        installed: null,
        candidate: 'KB5034122',
        rollbackPossible: false,
        rollbackNote:
          'KB5034122 (2024-01 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5034122)) is permanent: Windows does not let it be uninstalled once installed (servicing stack updates and many cumulative updates are).',
      },
      {
        name: 'kb:KB5034275',
        kind: 'update',
        installed: null,
        candidate: 'KB5034275',
        rollbackPossible: true,
        rollbackNote: null,
      },
      {
        name: 'KB5033372',
        installed: 'KB5033372',
        candidate: null,
        rollbackPossible: false,
        rollbackNote: 'KB5033372 is already installed.',
      },
      {
        name: 'KB9999999',
        kind: 'update',
        installed: null,
        candidate: null,
        rollbackPossible: false,
        rollbackNote: 'Windows Update does not offer KB9999999 to this device.',
      },
      {
        name: 'winget:GIMP.GIMP',
        installed: '2.10.34',
        candidate: '2.10.36',
        rollbackPossible: true,
        rollbackNote: null,
      },
      {
        name: 'winget:Mozilla.Firefox',
        installed: null,
        candidate: null,
        rollbackPossible: false,
        rollbackNote: 'winget finds no installed Mozilla.Firefox from the winget source.',
      },
      {
        name: 'choco:keil',
        installed: '2.0',
        candidate: '3.0',
        rollbackPossible: false,
        rollbackNote:
          'keil 2.0 is not offered by the configured Chocolatey sources, so it could not be reinstalled.',
      },
      {
        name: 'choco:git',
        installed: null,
        candidate: '2.43.0',
        rollbackPossible: false,
        rollbackNote: 'git is not installed by Chocolatey.',
      },
    ]);
  });

  it('plans an offered KB as a new install, skips what is not offered or not installed, and says what is permanent', () => {
    const judged = judgePreflight(
      parseWindowsPreflight(output(preflight()), items),
      items.map((name) => ({ name, version: null })),
      'upgrade',
    );
    expect(judged.result.plan.map((step) => [step.name, step.from, step.to])).toEqual([
      ['KB5034122', null, 'KB5034122'],
      ['kb:KB5034275', null, 'KB5034275'],
      ['winget:GIMP.GIMP', '2.10.34', '2.10.36'],
      ['choco:keil', '2.0', '3.0'],
    ]);
    expect(judged.warnings).toEqual([
      expect.stringMatching(
        /^Cannot be rolled back: KB5034122 \(2024-01 Cumulative Update .*\) is permanent/,
      ),
      'KB5033372 is already at KB5033372.',
      'Windows Update does not offer KB9999999 to this device.',
      'winget:Mozilla.Firefox is not installed, so there is nothing to update.',
      'Cannot be rolled back: keil 2.0 is not offered by the configured Chocolatey sources, so it could not be reinstalled.',
      'choco:git is not installed, so there is nothing to update.',
    ]);
  });

  it('rolls a KB the job installed back by uninstalling it: planned to nothing, passed to the run without a version', () => {
    const installed = parseWindowsPreflight(output(preflight()), ['KB5033372']);
    const judged = judgePreflight(installed, [{ name: 'KB5033372', version: null }], 'downgrade');
    expect(judged.result.plan).toEqual([
      expect.objectContaining({ name: 'KB5033372', from: 'KB5033372', to: null }),
    ]);
    expect(
      windowsDeployment.installArguments('7-3', 'downgrade', [{ name: 'KB5033372', version: null }]),
    ).toEqual(['7-3', 'downgrade', 'kb:KB5033372']);
    const gone = judgePreflight(
      parseWindowsPreflight(output(preflight()), ['KB9999999']),
      [{ name: 'KB9999999', version: null }],
      'downgrade',
    );
    expect(gone.result.plan).toEqual([]);
    expect(gone.warnings).toEqual(['KB9999999 is not installed, so there is nothing to roll back.']);
  });

  it('names what holds the installer and counts every reboot signal', () => {
    const result = parseWindowsPreflight(
      output(
        preflight({
          lock: [
            JSON.stringify({
              msiExecuteMutex: true,
              installerBusy: true,
              processes: [
                { name: 'msiexec', pid: 4412 },
                { name: 'TiWorker', pid: 5120 },
              ],
            }),
            0,
          ],
          reboot: [win('reboot-signals-rename-only.json'), 0],
        }),
      ),
      ['KB5034122'],
    );
    expect(result.lockHolder).toBe(
      'Windows Installer (an MSI install is running), Windows Update (its installer is busy), msiexec (pid 4412), TiWorker (pid 5120)',
    );
    expect(result.rebootPending).toBe(true);
  });

  it('counts a KB as permanent when Windows Update refuses the SSH logon, and reads installs from Get-HotFix alone', () => {
    const denied = [
      '',
      1,
      'error: Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED)) (HRESULT 0x80070005)',
    ] as const;
    const result = parseWindowsPreflight(output(preflight({ offered: denied, 'update-history': denied })), [
      'KB5034122',
      'KB5011048',
    ]);
    expect(result.packages[0]).toMatchObject({
      installed: null,
      candidate: 'KB5034122',
      rollbackPossible: false,
    });
    expect(result.packages[0]?.rollbackNote).toContain('0x80070005');
    expect(result.packages[1]).toMatchObject({ installed: 'KB5011048' });
  });

  it('says so per item when winget or Chocolatey is not installed', () => {
    const result = parseWindowsPreflight(
      output(
        preflight({
          winget: ['', 127, 'winget is not installed'],
          choco: ['', 127, 'choco is not installed'],
        }),
      ),
      ['winget:GIMP.GIMP', 'choco:git'],
    );
    expect(result.packages.map((entry) => entry.rollbackNote)).toEqual([
      'winget is not installed on this device, so GIMP.GIMP cannot be updated with it.',
      'Chocolatey is not installed on this device, so git cannot be updated with it.',
    ]);
  });

  it('throws ParseError naming the problem on empty, truncated, garbage or mis-shaped output', () => {
    const parse = (stdout: string) => () => parseWindowsPreflight(output(stdout), items);
    expect(parse('')).toThrow(/no output at all/);
    expect(parse('#< CLIXML\n<Objs Version="1.1.0.1">')).toThrow(ParseError);
    const whole = preflight();
    expect(parse(whole.slice(0, whole.indexOf('@@patchdeck:section:offered@@')))).toThrow(/cut short/);
    expect(parse(preflight({ reboot: ['{"cbsRebootPending":true}', 0] }))).toThrow(
      /reboot check does not have/,
    );
    expect(parse(preflight({ offered: ['{"resultCode":2,"updates":[{"tit', 0] }))).toThrow(/not JSON/);
    expect(parse(preflight({ 'boot-id': ['last Tuesday', 0] }))).toThrow(/not a UTC time/);
    expect(parse(preflight({ hotfixes: ['', 1, 'error: RPC server unavailable'] }))).toThrow(/Get-HotFix/);
    expect(parse(preflight({ winget: ['', 1, 'error: boom'] }))).toThrow(
      /winget could not be asked: error: boom/,
    );
    expect(parse(preflight({ offered: null }))).toThrow(/no "offered" section/);
  });
});

describe('winget and Chocolatey answers', () => {
  it('reads winget list with and without the Available and Source columns', () => {
    expect(parseWingetList(win('winget-list-source-de.txt'), 'GIMP.GIMP')).toEqual({
      installed: '2.10.34',
      available: '2.10.36',
    });
    expect(parseWingetList(win('winget-list-upgrade-available.txt'), 'microsoft.appinstaller')).toEqual({
      installed: '1.26.430.0',
      available: '1.26.510.0',
    });
    expect(parseWingetList(win('winget-list-no-available.txt'), 'ActiveTouchMeetingClient')).toEqual({
      installed: 'Unknown',
      available: null,
    });
    expect(parseWingetList(win('winget-list-no-available.txt'), '79d4859593898a7c')).toEqual({
      installed: '1.7.0.1',
      available: null,
    });
    expect(parseWingetList(win('winget-list-no-available.txt'), 'Mozilla.Firefox')).toBeNull();
    expect(parseWingetList('No installed package found matching input criteria.', 'GIMP.GIMP')).toBeNull();
    expect(() => parseWingetList('Name Id\n------------\nx GIMP.GIMP', 'GIMP.GIMP')).toThrow(/2 columns/);
  });

  it('reads winget show --versions and Chocolatey search rows', () => {
    expect(parseWingetVersions(win('winget-show-versions.synthetic.txt'))).toEqual([
      '122.0',
      '121.0.1',
      '121.0',
      '120.0.1',
    ]);
    expect(() => parseWingetVersions('No package found matching input criteria.')).toThrow(/no table/);
    expect(parseChocoVersions(win('choco-search-exact-all-versions.txt'), 'keil')).toEqual(['3.0']);
    expect(
      parseChocoVersions('Chocolatey v2.2.2\ngit|2.43.0\ngit.install|2.43.0\nGit|2.42.0', 'git'),
    ).toEqual(['2.43.0', '2.42.0']);
    expect(() => parseChocoVersions('git|2.43.0|true', 'git')).toThrow(/not "name\|version"/);
  });
});

function installRun(sections: FramedSection[]): string {
  return frame('windows-install', sections);
}

describe('Windows install runs', () => {
  const log = `==> winget:GIMP.GIMP\n${win('winget-install-not-applicable-de.txt')}<== exit code -1978335189 (0x8A15002B)\n`;

  it('reads a finished run: the log, the timing, and one line per item from result.json; a failed item fails the run', () => {
    const run = parseWindowsInstall(
      output(
        installRun([
          ['start', 'now', 0],
          ['wait', 'finished', 0],
          ['log', log, 0],
          ['timing', '1705219092000000000 1705219152500000000', 0],
          ['result', win('run-result.built.json'), 0],
        ]),
      ),
    );
    expect(run).toMatchObject({ state: 'finished', startedNow: true, exitCode: 1, packageManagerMs: 60_500 });
    expect(run.output).toContain('Kein verfügbares Upgrade gefunden.');
    expect(run.output.trimEnd().split('\n').slice(-4)).toEqual([
      'kb:KB5034122 (2024-01 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5034122)): succeeded, 0x00000000, restart required',
      'kb:KB5034441 (2024-01 Security Update for Windows 10 Version 21H2 for x64-based Systems (KB5034441)): failed, 0x80070643 (the installer failed (fatal error during installation))',
      'winget:GIMP.GIMP: failed, 0x8A15002B (winget found no applicable upgrade)',
      'choco:conemu: succeeded, 0x00000000',
    ]);
  });

  it('keeps a run that succeeded at exit code 0, with the package manager output first', () => {
    const run = parseWindowsInstall(
      output(
        installRun([
          ['start', 'earlier', 0],
          ['wait', 'finished', 0],
          ['log', `==> choco:conemu\n${win('choco-upgrade-conemu.txt')}<== exit code 0 (0x00000000)`, 0],
          ['timing', '1 2000001', 0],
          [
            'result',
            '[{"item":"choco:conemu","title":"choco:conemu","resultCode":2,"hresult":"0x00000000","rebootRequired":false,"exitCode":0}]',
            0,
          ],
        ]),
      ),
    );
    expect(run).toMatchObject({ state: 'finished', startedNow: false, exitCode: 0, packageManagerMs: 2 });
    expect(run.output.startsWith('==> choco:conemu\nChocolatey v0.9.9.8')).toBe(true);
  });

  it('reports not-started and lost runs, and an install that could not start', () => {
    expect(parseWindowsInstall(output(installRun([['start', 'not-started', 0]])))).toMatchObject({
      state: 'not-started',
    });
    expect(
      parseWindowsInstall(
        output(
          installRun([
            ['start', 'earlier', 0],
            ['wait', 'lost', 0],
          ]),
        ),
      ),
    ).toMatchObject({ state: 'lost', startedNow: false });
    expect(() =>
      parseWindowsInstall(
        output(installRun([['start', '', 1, 'error: Access is denied. (HRESULT 0x80070005)']])),
      ),
    ).toThrow(/could not start: error: Access is denied/);
  });

  it('throws ParseError on a missing, failed or garbled result', () => {
    const finished = (result: FramedSection | null) =>
      installRun([
        ['start', 'now', 0],
        ['wait', 'finished', 0],
        ['log', 'x', 0],
        ['timing', '1 2', 0],
        ...(result ? [result] : []),
      ]);
    expect(() => parseWindowsInstall(output(finished(null)))).toThrow(/no "result" section/);
    expect(() => parseWindowsInstall(output(finished(['result', '', 1, 'error: gone'])))).toThrow(
      /error: gone/,
    );
    expect(() => parseWindowsInstall(output(finished(['result', '[{"item":"kb:KB1', 0])))).toThrow(
      /not JSON/,
    );
    expect(() => parseWindowsRunResult('[{"item":"x"}]')).toThrow(/does not have the fields/);
  });
});

describe('Windows boot id', () => {
  it('is the last boot time in UTC; anything else is a ParseError', () => {
    const boot = (text: string, code = 0) => output(frame('windows-boot-id', [['boot-id', text, code]]));
    expect(parseWindowsBootId(boot('2024-01-14T07:58:12.5000000Z'))).toBe('2024-01-14T07:58:12.5000000Z');
    expect(() => parseWindowsBootId(boot(''))).toThrow(/not a UTC time/);
    expect(() => parseWindowsBootId(boot('', 1))).toThrow(/could not be read/);
    expect(() => parseWindowsBootId(output(frame('windows-preflight', [])))).toThrow(/Expected the output/);
  });
});
