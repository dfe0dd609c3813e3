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

  it('schedule run starts nothing when nothing is due now, and says so', async () => {
    // The real clock: this test runs on 2026-11-22 or later, and the only window is weekend nights in New York,
    // so check first whether one is open now and skip the claim if it is (the deploy engine would connect).
    const now = await cli(['--json', 'schedule', 'due', '--at', new Date().toISOString()]);
    if (JSON.parse(now.stdout).length > 0) return;
    expect(await cli(['--json', 'schedule', 'run'])).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(await cli(['schedule', 'run'])).toMatchObject({ code: 0, stdout: 'Nothing is due now.\n' });
  });
});
