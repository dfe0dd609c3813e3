import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

describe('patchdeck policy commands', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args]);

  beforeAll(async () => {
    for (const args of [
      ['client', 'add', 'Acme', '--timezone', 'Europe/Berlin'],
      ['client', 'add', 'Beta'],
      [
        'device',
        'add',
        'web-01',
        '--client',
        'Acme',
        '--host',
        '127.0.0.1',
        '--user',
        'tech',
        '--agent',
        '--tag',
        'server',
        '--ring',
        'test',
      ],
      [
        'device',
        'add',
        'web-02',
        '--client',
        'Acme',
        '--host',
        '127.0.0.1',
        '--user',
        'tech',
        '--agent',
        '--tag',
        'server',
      ],
      ['device', 'add', 'web-01', '--client', 'Beta', '--host', '127.0.0.1', '--user', 'tech', '--agent'],
    ]) {
      const result = await cli(args);
      if (result.code !== 0) throw new Error(`setup ${args.join(' ')}: ${result.stderr}`);
    }
  }, 60_000);
  afterAll(() => temp.cleanup());

  it('adds a policy as CLI.md writes it and lists it in text and JSON', async () => {
    const added = await cli([
      'policy',
      'add',
      'weekend-servers',
      '--client',
      'Acme',
      '--tag',
      'server',
      '--device',
      'web-01',
      '--window',
      'weekends 22:00-02:00',
      '--window',
      'Wed 12:00-13:00',
      '--approve',
      'all',
      '--reboot',
      'always',
      '--max-fail-percent',
      '10',
    ]);
    expect(added).toMatchObject({
      code: 0,
      stdout:
        'Added policy weekend-servers for Acme: weekends 22:00-02:00, Wed 12:00-13:00 (Europe/Berlin).\n',
    });
    expect(
      (
        await cli([
          'policy',
          'add',
          'beta-nightly',
          '--client',
          'Beta',
          '--window',
          'daily 01:00-04:00',
          '--timezone',
          'America/New_York',
        ])
      ).code,
    ).toBe(0);
    const listed = await cli(['--json', 'policy', 'list']);
    expect(listed.code).toBe(0);
    const policies = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(
      policies.map((policy) => [policy.name, policy.clientName, policy.effectiveTimeZone, policy.windows]),
    ).toEqual([
      ['weekend-servers', 'Acme', 'Europe/Berlin', ['weekends 22:00-02:00', 'Wed 12:00-13:00']],
      ['beta-nightly', 'Beta', 'America/New_York', ['daily 01:00-04:00']],
    ]);
    expect(policies[0]).toMatchObject({
      approval: { mode: 'all' },
      reboot: 'always',
      maxFailPercent: 10,
      scope: { tags: ['server'], deviceIds: [1] },
    });
    const text = await cli(['policy', 'list']);
    expect(text.stdout).toMatch(/^POLICY\s+CLIENT\s+SCOPE\s+WINDOWS/);
    expect(text.stdout).toContain('weekend-servers');
  });

  it.each([
    [
      ['--window', 'someday 22:00-02:00'],
      "patchdeck: unknown day 'someday': use daily, weekdays, weekends or Mon..Sun",
    ],
    [['--window', 'daily 25:00-02:00'], /^patchdeck: hour 25 is not a time of day/],
    [
      ['--window', 'daily 22:00-02:00', '--timezone', 'Mars/Olympus'],
      "patchdeck: 'Mars/Olympus' is not an IANA time zone (e.g. Europe/Berlin, America/New_York)",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--tag', 'desktop'],
      "patchdeck: No device of client 'Acme' has the tag 'desktop'.",
    ],
    [['--window', 'daily 22:00-02:00', '--device', 'db-09'], "patchdeck: Unknown device 'Acme/db-09'."],
    [
      ['--window', 'daily 22:00-02:00', '--approve', 'sometimes'],
      "patchdeck: --approve must be one of manual, security, all, not 'sometimes'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--reboot', 'maybe'],
      "patchdeck: --reboot must be one of never, if-required, always, not 'maybe'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--ring', 'canary'],
      "patchdeck: --ring must be one of test, pilot, broad, not 'canary'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--max-fail-percent', 'ten'],
      "patchdeck: --max-fail-percent must be a number from 0 to 100, not 'ten'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--max-fail-percent', '150'],
      "patchdeck: --max-fail-percent must be a number from 0 to 100, not '150'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--concurrency', '0'],
      "patchdeck: --concurrency must be a whole number from 1 to 1024, not '0'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--concurrency', '2.5'],
      "patchdeck: --concurrency must be a whole number from 1 to 1024, not '2.5'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--soak-hours', '100000'],
      "patchdeck: --soak-hours must be a number from 0 to 1440, not '100000'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--min-success-percent', '101'],
      "patchdeck: --min-success-percent must be a number from 0 to 100, not '101'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--defer-days', '366'],
      "patchdeck: --defer-days must be a whole number from 0 to 365, not '366'.",
    ],
    [
      ['--window', 'daily 22:00-02:00', '--pre-command', 'systemctl stop "app'],
      'patchdeck: --pre-command: A double quote is not closed.',
    ],
    [
      ['--window', 'daily 22:00-02:00', '--post-command', '   '],
      'patchdeck: --post-command must not be empty.',
    ],
    [[], 'patchdeck: --window is required.'],
  ])('refuses %j with exit 2, one line naming the problem, and nothing written', async (flags, message) => {
    const result = await cli(['policy', 'add', 'bad', '--client', 'Acme', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const line = result.stderr.trimEnd();
    expect(line.split('\n')).toHaveLength(1);
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
    const names = (JSON.parse((await cli(['--json', 'policy', 'list'])).stdout) as { name: string }[]).map(
      (p) => p.name,
    );
    expect(names).not.toContain('bad');
  });

  it('takes every numeric option up to the edges of its range, fractions where the setting has them', async () => {
    const added = await cli([
      '--json',
      'policy',
      'add',
      'edges',
      '--client',
      'Beta',
      '--window',
      'daily 01:00-02:00',
      '--max-fail-percent',
      '12.5',
      '--concurrency',
      '1024',
      '--soak-hours',
      '1440',
      '--min-success-percent',
      '0',
      '--defer-days',
      '365',
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(added.stdout)).toMatchObject({
      maxFailPercent: 12.5,
      concurrency: 1024,
      rollout: { soakHours: 1440, minSuccessPercent: 0 },
      approval: { deferDays: 365 },
    });
    expect((await cli(['policy', 'remove', 'edges'])).code).toBe(0);
  });

  it('refuses an unknown client and a duplicate name', async () => {
    expect(
      await cli(['policy', 'add', 'x', '--client', 'Gamma', '--window', 'daily 01:00-02:00']),
    ).toMatchObject({
      code: 2,
      stderr: "patchdeck: Unknown client 'Gamma'.\n",
    });
    expect(
      await cli(['policy', 'add', 'WEEKEND-servers', '--client', 'Beta', '--window', 'daily 01:00-02:00']),
    ).toMatchObject({
      code: 2,
      stderr: "patchdeck: A policy named 'weekend-servers' already exists.\n",
    });
  });

  it('shows a policy: its settings and its next 5 windows in its zone and in the technician zone', async () => {
    const show = (args: string[]) =>
      runPatchdeck(['--db', db, 'policy', 'show', ...args], { TZ: 'Asia/Tokyo' });
    const before = Date.now();
    const result = await show(['--json', 'weekend-servers']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const shown = JSON.parse(result.stdout) as {
      name: string;
      effectiveTimeZone: string;
      technicianTimeZone: string;
      nextWindows: {
        window: string;
        key: string;
        start: string;
        end: string;
        policyZone: { start: string; end: string };
        technicianZone: { start: string; end: string };
      }[];
    };
    expect(shown).toMatchObject({
      name: 'weekend-servers',
      effectiveTimeZone: 'Europe/Berlin',
      technicianTimeZone: 'Asia/Tokyo',
      approval: { mode: 'all' },
    });
    expect(shown.nextWindows).toHaveLength(5);
    const starts = shown.nextWindows.map((occurrence) => Date.parse(occurrence.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const occurrence of shown.nextWindows) {
      expect(Date.parse(occurrence.end)).toBeGreaterThan(before);
      // The same instants, written in each zone's wall-clock time with that zone's offset.
      for (const zone of [occurrence.policyZone, occurrence.technicianZone]) {
        expect(Date.parse(zone.start)).toBe(Date.parse(occurrence.start));
        expect(Date.parse(zone.end)).toBe(Date.parse(occurrence.end));
      }
      expect(occurrence.technicianZone.start).toMatch(/\+09:00$/);
      const [date, time] = occurrence.policyZone.start.split('T') as [string, string];
      expect(occurrence.key).toBe(`${date}@Europe/Berlin`);
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (occurrence.window === 'Wed 12:00-13:00') {
        expect(weekday).toBe(3);
        expect(time).toMatch(/^12:00:00\+0[12]:00$/);
      } else {
        expect(occurrence.window).toBe('weekends 22:00-02:00');
        expect([0, 6]).toContain(weekday);
        expect(time).toMatch(/^22:00:00\+0[12]:00$/);
      }
    }

    const text = (await show(['weekend-servers'])).stdout.trimEnd().split('\n');
    expect(text.slice(0, 3)).toEqual([
      'Policy        weekend-servers (enabled)',
      'Client        Acme',
      'Scope         devices web-01; tags server',
    ]);
    expect(text).toContain(
      "Windows       weekends 22:00-02:00, Wed 12:00-13:00 (Europe/Berlin, the client's)",
    );
    const table = text.indexOf('Next maintenance windows:');
    expect(text[table + 1]).toMatch(/^WINDOW\s+POLICY ZONE \(Europe\/Berlin\)\s+YOUR ZONE \(Asia\/Tokyo\)$/);
    expect(text.slice(table + 2)).toHaveLength(5);
    for (const row of text.slice(table + 2))
      expect(row).toMatch(
        /^(weekends 22:00-02:00|Wed 12:00-13:00)\s+\w{3} \d{4}-\d{2}-\d{2} (22|12):00 - (\w{3} 02|13):00\s+\w{3} \d{4}-\d{2}-\d{2} \d{2}:00 - .*\d{2}:00( \(open now\))?$/,
      );
  });

  it('keeps pre- and post-commands as argument lists, split as a shell splits words but never run by one', async () => {
    const added = await cli([
      'policy',
      'add',
      'with-commands',
      '--client',
      'Beta',
      '--window',
      'daily 01:00-02:00',
      '--pre-command',
      'systemctl stop "acme app"',
      '--post-command',
      `/usr/local/bin/notify 'patched; ok' && reboot`,
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const shown = JSON.parse((await cli(['--json', 'policy', 'show', 'with-commands'])).stdout) as {
      preCommand: string[];
      postCommand: string[];
    };
    expect(shown.preCommand).toEqual(['systemctl', 'stop', 'acme app']);
    expect(shown.postCommand).toEqual(['/usr/local/bin/notify', 'patched; ok', '&&', 'reboot']);
    // Written back so that it reads back the same.
    const text = (await cli(['policy', 'show', 'with-commands'])).stdout.split('\n');
    expect(text).toContainEqual(expect.stringMatching(/^Pre-command\s+systemctl stop 'acme app'$/));
    expect(text).toContainEqual(
      expect.stringMatching(/^Post-command\s+\/usr\/local\/bin\/notify 'patched; ok' '&&' reboot$/),
    );
    expect((await cli(['policy', 'remove', 'with-commands'])).code).toBe(0);
  });

  it.each([
    [['nope'], "patchdeck: Unknown policy 'nope'."],
    [[], 'patchdeck: Missing argument: policy.'],
    [['weekend-servers', 'beta-nightly'], "patchdeck: Unexpected argument 'beta-nightly'."],
  ])('policy show refuses %j with exit 2 and one line', async (args, message) => {
    const result = await cli(['policy', 'show', ...args]);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('policy show says how to use it with --help', async () => {
    const help = await cli(['policy', 'show', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.split('\n')[0]).toBe('patchdeck policy show <policy>');
  });

  it('removes a policy', async () => {
    expect((await cli(['policy', 'remove', 'beta-nightly'])).stdout).toBe('Removed policy beta-nightly.\n');
    expect((JSON.parse((await cli(['--json', 'policy', 'list'])).stdout) as unknown[]).length).toBe(1);
  });
});
