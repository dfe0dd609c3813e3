import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../electron/engine/audit/audit-log';
import { createEngine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { addFleet, debianUpdate, recordMissingUpdates } from '../engine/policy/policy-fleet';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

describe('patchdeck approvals, approve, defer, exclude, approval withdraw', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  // The technician sits in Tokyo: a deferral "until 2027-01-05" ends at midnight there.
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args], { TZ: 'Asia/Tokyo' });
  const withEngine = <T>(use: (engine: ReturnType<typeof createEngine>) => T): T => {
    const engine = createEngine({ dbPath: db, vault: createPassphraseVault('x') });
    try {
      return use(engine);
    } finally {
      engine.close();
    }
  };
  /** What a refused command must leave untouched: the decisions and the audit log. */
  const written = () =>
    withEngine((engine) => ({
      decisions: engine.approvals.decisions(),
      audit: listAudit(engine.database, { limit: 10_000 }).length,
    }));

  beforeAll(async () => {
    // Missing updates as a scan would have stored them; nothing here connects anywhere.
    const engine = createEngine({ dbPath: db, vault: createPassphraseVault('x') });
    const acme = await addFleet(engine, { name: 'Acme', timeZone: 'Europe/Berlin' }, [
      { name: 'web-01' },
      { name: 'web-02' },
    ]);
    const beta = await addFleet(engine, { name: 'Beta', timeZone: 'America/New_York' }, [
      { name: 'desk-01' },
    ]);
    recordMissingUpdates(engine, acme.deviceIds.get('web-01')!, [
      debianUpdate('openssl'),
      debianUpdate('curl', { security: false, classification: 'bugfix' }),
    ]);
    recordMissingUpdates(engine, acme.deviceIds.get('web-02')!, [
      debianUpdate('openssl', { availableVersion: '1.0-3' }),
    ]);
    recordMissingUpdates(engine, beta.deviceIds.get('desk-01')!, [
      debianUpdate('openssl'),
      debianUpdate('2024-01 Cumulative Update', {
        manager: 'winget',
        advisoryIds: ['KB5034441'],
        security: false,
      }),
    ]);
    engine.close();
  }, 60_000);
  afterAll(() => temp.cleanup());

  it('lists the queue fleet-wide by package, with devices, severity and decision, in JSON and aligned text', async () => {
    const result = await cli(['--json', 'approvals']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const queue = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(queue.map((entry) => [entry.package, entry.devices, entry.clients, entry.versions])).toEqual([
      ['openssl', 3, ['Acme', 'Beta'], ['1.0-2', '1.0-3']],
      ['2024-01 Cumulative Update', 1, ['Beta'], ['1.0-2']],
      ['curl', 1, ['Acme'], ['1.0-2']],
    ]);
    expect(queue[0]).toEqual({
      package: 'openssl',
      versions: ['1.0-2', '1.0-3'],
      devices: 3,
      clients: ['Acme', 'Beta'],
      security: true,
      kev: false,
      // Security updates without feed data are yellow: due after the client's yellow SLA days.
      worstColour: 'yellow',
      colours: { red: 0, yellow: 3, green: 0, unrated: 0 },
      dueAt: expect.stringMatching(/^2026-12-04T08:00:00(\.000)?Z$/),
      cves: [],
      firstSeenAt: '2026-11-20T08:00:00.000Z',
      decision: null,
    });

    const text = await cli(['approvals']);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^PACKAGE\s+VERSION\s+DEVICES\s+SECURITY\s+SEVERITY\s+DUE\s+FIRST SEEN\s+DECISION$/,
    );
    expect(lines).toHaveLength(4);
    // Aligned: every row's DEVICES column starts where its header does.
    const column = lines[0]!.indexOf('DEVICES');
    for (const line of lines.slice(1)) expect(line.slice(column)).toMatch(/^\d+\s/);
    // The due date in the technician's zone: 08:00 UTC is 17:00 in Tokyo.
    expect(lines[1]).toMatch(
      /^openssl\s+1\.0-2, 1\.0-3\s+3\s+yes\s+3 yellow\s+Fri 2026-12-04 17:00\s+2026-11-20\s+waiting$/,
    );
  });

  it('narrows the queue to one client', async () => {
    const result = await cli(['--json', 'approvals', '--client', 'beta']);
    expect(
      (JSON.parse(result.stdout) as { package: string; devices: number }[]).map((entry) => [
        entry.package,
        entry.devices,
      ]),
    ).toEqual([
      ['openssl', 1],
      ['2024-01 Cumulative Update', 1],
    ]);
  });

  it('approves many packages at once, fleet-wide, and the queue shows the decision', async () => {
    const result = await cli(['--json', 'approve', 'OpenSSL', 'curl', '--note', 'patch Tuesday']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ package: 'openssl', decision: 'approve', note: 'patch Tuesday', devices: 3 }),
      expect.objectContaining({ package: 'curl', decision: 'approve', until: null, devices: 1 }),
    ]);
    expect(await cli(['approve', 'curl'])).toMatchObject({
      code: 0,
      stdout: 'Approved curl fleet-wide: 1 device misses it.\n',
    });
    const queue = JSON.parse((await cli(['--json', 'approvals'])).stdout) as {
      package: string;
      decision: { decision: string } | null;
    }[];
    expect(queue.map((entry) => [entry.package, entry.decision?.decision ?? null])).toEqual([
      ['openssl', 'approve'],
      ['2024-01 Cumulative Update', null],
      ['curl', 'approve'],
    ]);
  });

  it('defers a KB by its id until a day in the technician zone, excludes, and withdraws', async () => {
    const deferred = await cli(['--json', 'defer', 'kb5034441', '--until', '2027-01-05']);
    expect(deferred.code).toBe(0);
    // Midnight in Tokyo (UTC+9) is 15:00 UTC the day before.
    expect(JSON.parse(deferred.stdout)).toEqual([
      expect.objectContaining({
        package: 'KB5034441',
        decision: 'defer',
        until: '2027-01-04T15:00:00.000Z',
        devices: 1,
      }),
    ]);
    const text = await cli(['approvals', '--client', 'Beta']);
    expect(text.stdout).toMatch(/2024-01 Cumulative Update .* deferred until Tue 2027-01-05 00:00\n/);

    expect((await cli(['exclude', 'curl'])).stdout).toBe('Excluded curl fleet-wide: 1 device misses it.\n');
    expect(await cli(['approval', 'withdraw', 'CURL'])).toMatchObject({
      code: 0,
      stdout: "Withdrew the decision on CURL: the policies' own approval rules apply to it again.\n",
    });
    expect(written().decisions.map((decision) => decision.package)).toEqual(['KB5034441', 'openssl']);
    expect(JSON.parse((await cli(['--json', 'approval', 'withdraw', 'KB5034441'])).stdout)).toEqual({
      withdrawn: 'KB5034441',
    });
  });

  it.each([
    [
      ['approve', 'nosuch'],
      "patchdeck: No device misses 'nosuch': `patchdeck approvals` lists the packages and KBs waiting.",
    ],
    // One unknown name refuses the whole command: openssl is not approved either.
    [
      ['exclude', 'openssl', 'opensssl', 'libfoo'],
      "patchdeck: No device misses 'opensssl', 'libfoo': `patchdeck approvals` lists the packages and KBs waiting.",
    ],
    [['approve'], 'patchdeck: Missing argument: package or KB.'],
    [
      ['approve', 'openssl', '--client', 'Acme'],
      "patchdeck: A decision is fleet-wide, not per client: to keep a package off one client's devices, use `patchdeck exception add --package <name> --client <client>`.",
    ],
    [['approve', 'openssl', '--until', '2027-01-01'], "patchdeck: Unknown option '--until'."],
    [['defer', 'openssl'], 'patchdeck: --until is required.'],
    [
      ['defer', 'openssl', '--until', 'next week'],
      "patchdeck: --until 'next week' is not a date: write it like 2026-12-31 (a day in your time zone) or 2026-12-31T18:00:00+01:00.",
    ],
    [
      ['defer', 'openssl', '--until', '2027-02-30'],
      "patchdeck: --until '2027-02-30' is not a day on the calendar.",
    ],
    [['defer', 'openssl', '--until', '2026-01-01'], 'patchdeck: --until 2026-01-01 has already passed.'],
    [
      ['defer', 'openssl', '--until', '2026-01-01T10:00:00Z'],
      'patchdeck: --until 2026-01-01T10:00:00Z has already passed.',
    ],
    [['defer', 'nosuch', '--until', '2027-01-01'], /^patchdeck: No device misses 'nosuch'/],
    [['approvals', '--client', 'Gamma'], "patchdeck: Unknown client 'Gamma'."],
    [['approval', 'withdraw', 'curl'], "patchdeck: There is no decision on 'curl'."],
    [['approval', 'withdraw'], 'patchdeck: Missing argument: package or KB.'],
  ])('refuses %j with exit 2, one line naming the problem, and nothing written', async (args, message) => {
    const before = written();
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const line = result.stderr.trimEnd();
    expect(line.split('\n')).toHaveLength(1);
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
    expect(written()).toEqual(before);
  });

  it('says how to use each command with --help', async () => {
    for (const [args, usage] of [
      [['approvals', '--help'], 'patchdeck approvals [--client <client>]'],
      [['approve', '--help'], 'patchdeck approve <package|KB>... [--note <text>]'],
      [['defer', '--help'], 'patchdeck defer <package|KB>... --until <date> [--note <text>]'],
      [['exclude', '--help'], 'patchdeck exclude <package|KB>... [--note <text>]'],
      [['approval', 'withdraw', '--help'], 'patchdeck approval withdraw <package|KB>'],
    ] as const) {
      const result = await cli([...args]);
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe(usage);
    }
  });
});
