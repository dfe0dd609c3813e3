import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { addFleet, debianUpdate, recordMissingUpdates } from '../engine/policy/policy-fleet';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

describe('patchdeck schedule commands', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args]);

  beforeAll(async () => {
    // Missing updates as a scan would have stored them; nothing here connects anywhere.
    const engine = createEngine({ dbPath: db, vault: createPassphraseVault('x') });
    const { clientId, deviceIds } = await addFleet(engine, { name: 'Acme', timeZone: 'America/New_York' }, [
      { name: 'web-01', tags: ['server'] },
      { name: 'desk-01' },
    ]);
    for (const id of deviceIds.values())
      recordMissingUpdates(engine, id, [
        debianUpdate('openssl'),
        debianUpdate('curl', { security: false, classification: 'bugfix' }),
      ]);
    engine.policies.add({
      name: 'weekend-servers',
      clientId,
      scope: { tags: ['server'] },
      windows: ['weekends 22:00-02:00'],
    });
    engine.close();
  }, 60_000);
  afterAll(() => temp.cleanup());

  it('lists what would run at an instant, in the JSON shape of CLI.md', async () => {
    // Sunday 22 November 2026, 00:30 in New York (UTC-5): inside Saturday's 22:00-02:00.
    const result = await cli(['--json', 'schedule', 'due', '--at', '2026-11-22T05:30:00Z']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        policy: 'weekend-servers',
        device: 'web-01',
        action: 'deploy',
        windowStart: '2026-11-22T03:00:00Z',
        windowEnd: '2026-11-22T07:00:00Z',
        packages: ['openssl'],
        reason: null,
        started: false,
      },
    ]);
    const sameInstant = await cli(['--json', 'schedule', 'due', '--at', '2026-11-22T00:30:00-05:00']);
    expect(sameInstant.stdout).toBe(result.stdout);
    const text = await cli(['schedule', 'due', '--at', '2026-11-22T05:30:00Z']);
    expect(text.stdout).toMatch(/^POLICY\s+DEVICE\s+ACTION\s+WINDOW/);
    expect(text.stdout).toContain('web-01  deploy');
  });

  it('lists nothing when no window is open', async () => {
    expect(await cli(['--json', 'schedule', 'due', '--at', '2026-11-23T15:00:00Z'])).toMatchObject({
      code: 0,
      stdout: '[]\n',
    });
    expect(await cli(['schedule', 'due', '--at', '2026-11-23T15:00:00Z'])).toMatchObject({
      code: 0,
      stdout: 'No maintenance window is open then.\n',
    });
  });

  it.each([
    [['schedule', 'due'], 'patchdeck: --at is required.'],
    [
      ['schedule', 'due', '--at', 'tomorrow'],
      "patchdeck: --at 'tomorrow' is not an ISO 8601 instant: write it like 2026-11-21T22:30:00Z or 2026-11-21T23:30:00+01:00.",
    ],
    // A local time without a zone would mean a different instant on every machine.
    [
      ['schedule', 'due', '--at', '2026-11-22T05:30:00'],
      /^patchdeck: --at '2026-11-22T05:30:00' is not an ISO 8601 instant/,
    ],
    [
      ['schedule', 'due', '--at', '2026-02-30T05:30:00Z'],
      /^patchdeck: --at '2026-02-30T05:30:00Z' is not an ISO 8601 instant/,
    ],
    [['schedule', 'run', 'extra'], "patchdeck: Unexpected argument 'extra'."],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    if (typeof message === 'string') expect(result.stderr.trimEnd()).toBe(message);
    else expect(result.stderr).toMatch(message);
  });

  it("previews a policy's windows across a DST change, in its zone and in the technician zone", async () => {
    // New York springs forward on Sunday 14 March 2027 at 02:00; Berlin stays on UTC+1 until 28 March.
    const preview = (args: string[]) =>
      runPatchdeck(['--db', db, 'schedule', 'preview', 'weekend-servers', ...args], { TZ: 'Europe/Berlin' });
    const result = await preview(['--json', '--from', '2027-03-12T00:00:00Z', '--days', '4']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      policy: 'weekend-servers',
      timeZone: 'America/New_York',
      technicianTimeZone: 'Europe/Berlin',
      from: '2027-03-12T00:00:00Z',
      to: '2027-03-16T00:00:00Z',
      occurrences: [
        {
          window: 'weekends 22:00-02:00',
          key: '2027-03-13@America/New_York',
          // 02:00 does not exist that night: the window ends at the first instant after the gap, 03:00 EDT.
          start: '2027-03-14T03:00:00Z',
          end: '2027-03-14T07:00:00Z',
          policyZone: { start: '2027-03-13T22:00:00-05:00', end: '2027-03-14T03:00:00-04:00' },
          technicianZone: { start: '2027-03-14T04:00:00+01:00', end: '2027-03-14T08:00:00+01:00' },
        },
        {
          window: 'weekends 22:00-02:00',
          key: '2027-03-14@America/New_York',
          start: '2027-03-15T02:00:00Z',
          end: '2027-03-15T06:00:00Z',
          policyZone: { start: '2027-03-14T22:00:00-04:00', end: '2027-03-15T02:00:00-04:00' },
          technicianZone: { start: '2027-03-15T03:00:00+01:00', end: '2027-03-15T07:00:00+01:00' },
        },
      ],
    });
    expect((await preview(['--from', '2027-03-12T00:00:00Z', '--days', '4'])).stdout).toBe(
      [
        'weekend-servers: maintenance windows from Fri 2027-03-12 01:00 to Tue 2027-03-16 01:00 (Europe/Berlin):',
        'WINDOW                POLICY ZONE (America/New_York)    YOUR ZONE (Europe/Berlin)',
        'weekends 22:00-02:00  Sat 2027-03-13 22:00 - Sun 03:00  Sun 2027-03-14 04:00 - 08:00',
        'weekends 22:00-02:00  Sun 2027-03-14 22:00 - Mon 02:00  Mon 2027-03-15 03:00 - 07:00',
        '',
      ].join('\n'),
    );
    // Without --from it starts now and shows four weeks: eight weekend nights, give or take the one open now.
    const fromNow = JSON.parse((await preview(['--json'])).stdout) as {
      occurrences: unknown[];
      from: string;
    };
    expect(Math.abs(Date.parse(fromNow.from) - Date.now())).toBeLessThan(60_000);
    expect(fromNow.occurrences.length).toBeGreaterThanOrEqual(8);
    expect(fromNow.occurrences.length).toBeLessThanOrEqual(9);
    expect(await preview(['--from', '2027-03-15T12:00:00Z', '--days', '1'])).toMatchObject({
      code: 0,
      stdout:
        'weekend-servers: maintenance windows from Mon 2027-03-15 13:00 to Tue 2027-03-16 13:00 (Europe/Berlin): none.\n',
    });
  });

  it.each([
    [['weekend-servers', '--days', '0'], "patchdeck: --days must be a whole number from 1 to 92, not '0'."],
    [['weekend-servers', '--days', '93'], "patchdeck: --days must be a whole number from 1 to 92, not '93'."],
    [
      ['weekend-servers', '--days', 'two'],
      "patchdeck: --days must be a whole number from 1 to 92, not 'two'.",
    ],
    [
      ['weekend-servers', '--from', 'monday'],
      "patchdeck: --from 'monday' is not an ISO 8601 instant: write it like 2026-11-21T22:30:00Z or 2026-11-21T23:30:00+01:00.",
    ],
    [['nightly'], "patchdeck: Unknown policy 'nightly'."],
    [[], 'patchdeck: Missing argument: policy.'],
  ])('schedule preview refuses %j with exit 2 and one line', async (args, message) => {
    const result = await cli(['schedule', 'preview', ...args]);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('schedule preview says how to use it with --help, and the overview lists the new commands', async () => {
    const help = await cli(['schedule', 'preview', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.split('\n')[0]).toBe(
      'patchdeck schedule preview <policy> [--days <n>] [--from <ISO 8601 instant>]',
    );
    const overview = (await cli(['--help'])).stdout;
    for (const command of [
      'policy show',
      'schedule preview',
      'approvals',
      'approve',
      'defer',
      'exclude',
      'approval withdraw',
      'exception add',
      'exception list',
      'exception remove',
      'exception extend',
    ])
      expect(overview).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
  });

  it('schedule run starts nothing when nothing is due now, and says so', async () => {
    // The real clock: this test runs on 2026-11-22 or later, and the only window is weekend nights in New York,
    // so check first whether one is open now and skip the claim if it is (the deploy engine would connect).
    const now = await cli(['--json', 'schedule', 'due', '--at', new Date().toISOString()]);
    if (JSON.parse(now.stdout).length > 0) return;
    expect(await cli(['--json', 'schedule', 'run'])).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(await cli(['schedule', 'run'])).toMatchObject({ code: 0, stdout: 'Nothing is due now.\n' });
  });
});
