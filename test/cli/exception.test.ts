import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../electron/engine/audit/audit-log';
import { createEngine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import type { PatchException } from '../../shared/domain/policies';
import { addFleet, debianUpdate, recordMissingUpdates } from '../engine/policy/policy-fleet';
import { runPatchdeck } from '../support/cli';
import { fixedClock, makeTempDir } from '../support/temp-engine';

describe('patchdeck exception add, list, remove, extend', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  // The technician sits in Berlin (UTC+1 in winter): "until 2027-01-31" holds until 23:59:59 there.
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args], { TZ: 'Europe/Berlin' });
  const openEngine = () => createEngine({ dbPath: db, vault: createPassphraseVault('x') });
  /** What a refused command must leave untouched: the exceptions and the audit log. */
  const written = () => {
    const engine = openEngine();
    try {
      return {
        exceptions: engine.exceptions.list(),
        audit: listAudit(engine.database, { limit: 10_000 }).length,
      };
    } finally {
      engine.close();
    }
  };
  const list = async (...flags: string[]) =>
    JSON.parse((await cli(['--json', 'exception', 'list', ...flags])).stdout) as PatchException[];
  let expiredId = 0;

  beforeAll(async () => {
    // Missing updates as a scan would have stored them; nothing here connects anywhere.
    const engine = openEngine();
    const acme = await addFleet(engine, { name: 'Acme', timeZone: 'Europe/Berlin' }, [
      { name: 'web-01', tags: ['server'] },
      { name: 'desk-01' },
    ]);
    const beta = await addFleet(engine, { name: 'Beta', timeZone: 'UTC' }, [{ name: 'laptop-01' }]);
    recordMissingUpdates(engine, acme.deviceIds.get('web-01')!, [debianUpdate('openssl')]);
    recordMissingUpdates(engine, acme.deviceIds.get('desk-01')!, [debianUpdate('curl')]);
    recordMissingUpdates(engine, beta.deviceIds.get('laptop-01')!, [
      debianUpdate('2024-01 Cumulative Update', { manager: 'winget', advisoryIds: ['KB5034441'] }),
    ]);
    engine.close();
    // An exception that expired before today, as one added in January would have.
    const january = createEngine({
      dbPath: db,
      vault: createPassphraseVault('x'),
      clock: fixedClock('2026-01-10T09:00:00Z'),
    });
    expiredId = january.exceptions.add({
      package: 'curl',
      target: { kind: 'client', clientId: acme.clientId },
      reason: 'curl 8.5 broke the proxy',
      expiresAt: '2026-02-01T00:00:00Z',
    }).id;
    january.close();
  }, 60_000);
  afterAll(() => temp.cleanup());

  it('holds a package on a device until the end of a day in the technician zone', async () => {
    const result = await cli([
      '--json',
      'exception',
      'add',
      '--package',
      'openssl',
      '--device',
      'web-01',
      '--reason',
      'vendor certifies 3.0.22 first',
      '--expires',
      '2027-01-31',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({
      package: 'openssl',
      target: { kind: 'device' },
      targetName: 'web-01',
      reason: 'vendor certifies 3.0.22 first',
      expiresAt: '2027-01-31T22:59:59.000Z',
      expired: false,
    });
    const text = await cli([
      'exception',
      'add',
      '--package',
      'kb5034441',
      '--client',
      'Beta',
      '--reason',
      'breaks BitLocker recovery',
      '--expires',
      '2027-03-01T12:00:00Z',
    ]);
    expect(text.stdout).toMatch(
      /^Exception \d+: kb5034441 held on client Beta until Mon 2027-03-01 13:00 \(Europe\/Berlin\)\.\n$/,
    );
    expect(
      (
        await cli([
          'exception',
          'add',
          '--package',
          'openssl',
          '--tag',
          'SERVER',
          '--reason',
          'change freeze',
          '--expires',
          '2026-12-24',
        ])
      ).code,
    ).toBe(0);
  });

  it('lists every exception soonest expiry first, and the expired ones alone for review', async () => {
    const all = await list();
    expect(all.map((exception) => [exception.package, exception.targetName, exception.expired])).toEqual([
      ['curl', 'Acme', true],
      ['openssl', 'SERVER', false],
      ['openssl', 'web-01', false],
      ['kb5034441', 'Beta', false],
    ]);
    expect((await list('--expired')).map((exception) => exception.id)).toEqual([expiredId]);
    const text = await cli(['exception', 'list']);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+PACKAGE\s+HELD ON\s+EXPIRES \(Europe\/Berlin\)\s+REASON$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${expiredId}\\s+curl\\s+client Acme\\s+Sun 2026-02-01 01:00 \\(expired\\)\\s+curl 8.5 broke the proxy$`,
      ),
    );
    expect(lines[2]).toMatch(/\s+openssl\s+tag SERVER\s+Thu 2026-12-24 23:59\s+change freeze$/);
    // Aligned: the REASON column starts at the same place on every line.
    const reasonAt = lines[0]!.indexOf('REASON');
    expect(lines.slice(1).map((line) => line[reasonAt - 1] === ' ' && line[reasonAt] !== ' ')).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('extends an expired exception after review, then removes it', async () => {
    const extended = await cli([
      '--json',
      'exception',
      'extend',
      String(expiredId),
      '--expires',
      '2027-06-30',
      '--reason',
      'proxy fix ships in June',
    ]);
    expect(extended.code).toBe(0);
    expect(JSON.parse(extended.stdout)).toMatchObject({
      id: expiredId,
      package: 'curl',
      targetName: 'Acme',
      reason: 'proxy fix ships in June',
      // Summer time in Berlin: UTC+2.
      expiresAt: '2027-06-30T21:59:59.000Z',
      expired: false,
    });
    expect(await cli(['exception', 'list', '--expired'])).toMatchObject({
      code: 0,
      stdout: 'No expired exceptions to review.\n',
    });
    expect(await cli(['exception', 'remove', String(expiredId)])).toMatchObject({
      code: 0,
      stdout: `Removed exception ${expiredId} (curl on client Acme).\n`,
    });
    expect((await list()).map((exception) => exception.id)).not.toContain(expiredId);
    const engine = openEngine();
    const actions = listAudit(engine.database, { subjectType: 'exception', subjectId: expiredId }).map(
      (entry) => entry.action,
    );
    engine.close();
    expect(actions).toEqual(['exception.removed', 'exception.updated', 'exception.added']);
  });

  const add = ['exception', 'add', '--package', 'openssl'];
  const valid = ['--reason', 'freeze', '--expires', '2027-01-31'];
  it.each([
    [[...add, '--device', 'web-09', ...valid], "patchdeck: Unknown device 'web-09'."],
    [[...add, '--client', 'Gamma', ...valid], "patchdeck: Unknown client 'Gamma'."],
    [[...add, '--tag', 'nowhere', ...valid], "patchdeck: No device has the tag 'nowhere'."],
    [
      ['exception', 'add', '--package', 'opensssl', '--device', 'web-01', ...valid],
      "patchdeck: Unknown package or KB 'opensssl': device Acme/web-01 has it neither installed nor missing (as last scanned).",
    ],
    [
      ['exception', 'add', '--package', 'openssl', '--client', 'Beta', ...valid],
      "patchdeck: Unknown package or KB 'openssl': no device of client Beta has it installed or missing (as last scanned).",
    ],
    [
      [...add, ...valid],
      'patchdeck: Give one of --device, --tag or --client: what the exception holds the package on.',
    ],
    [
      [...add, '--device', 'web-01', '--client', 'Acme', ...valid],
      'patchdeck: Give only one of --device, --tag or --client.',
    ],
    [['exception', 'add', '--device', 'web-01', ...valid], 'patchdeck: --package is required.'],
    [[...add, '--device', 'web-01', '--expires', '2027-01-31'], 'patchdeck: --reason is required.'],
    [
      [...add, '--device', 'web-01', '--reason', '  ', '--expires', '2027-01-31'],
      'patchdeck: --reason must say why the package is held.',
    ],
    [[...add, '--device', 'web-01', '--reason', 'freeze'], 'patchdeck: --expires is required.'],
    [
      [...add, '--device', 'web-01', '--reason', 'freeze', '--expires', '31.01.2027'],
      "patchdeck: --expires '31.01.2027' is not a date: write it like 2026-12-31 (a day in your time zone) or 2026-12-31T18:00:00+01:00.",
    ],
    [
      [...add, '--device', 'web-01', '--reason', 'freeze', '--expires', '2026-11-01'],
      'patchdeck: --expires 2026-11-01 has already passed.',
    ],
    [
      ['exception', 'extend', '1', '--expires', '2026-11-01'],
      'patchdeck: --expires 2026-11-01 has already passed.',
    ],
    [['exception', 'extend', '1'], 'patchdeck: --expires is required.'],
    [
      ['exception', 'extend', '999', '--expires', '2027-01-31'],
      'patchdeck: There is no exception with id 999.',
    ],
    [
      ['exception', 'remove', 'abc'],
      "patchdeck: An exception id is a whole number as `patchdeck exception list` shows it, not 'abc'.",
    ],
    [['exception', 'remove', '999'], 'patchdeck: There is no exception with id 999.'],
    [['exception', 'remove'], 'patchdeck: Missing argument: exception id.'],
    [['exception', 'list', 'extra'], "patchdeck: Unexpected argument 'extra'."],
  ])('refuses %j with exit 2, one line naming the problem, and nothing written', async (args, message) => {
    const before = written();
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr.trimEnd()).toBe(message);
    expect(written()).toEqual(before);
  });

  it('says how to use each command with --help', async () => {
    for (const [args, usage] of [
      [
        ['exception', 'add', '--help'],
        'patchdeck exception add --package <name|KB> (--device <device> | --tag <tag> | --client <client>)',
      ],
      [['exception', 'list', '--help'], 'patchdeck exception list [--expired]'],
      [['exception', 'remove', '--help'], 'patchdeck exception remove <id>'],
      [
        ['exception', 'extend', '--help'],
        'patchdeck exception extend <id> --expires <date> [--reason <text>]',
      ],
    ] as const) {
      const result = await cli([...args]);
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe(usage);
    }
  });
});
