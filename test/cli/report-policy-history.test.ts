import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { runPatchdeck } from '../support/cli';
import { seedPolicyHistory } from '../support/report-policy-history';
import { fixedClock, makeTempDir } from '../support/temp-engine';

describe('patchdeck report for a past period whose policies were moved or removed since', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');

  beforeAll(async () => {
    const clock = fixedClock();
    const engine = createEngine({
      dbPath: db,
      vault: createPassphraseVault(undefined),
      clock,
      actor: 'tester',
    });
    await seedPolicyHistory(engine, clock);
    engine.close();
  });
  afterAll(() => temp.cleanup());

  it('lists the policy changes and runs of the month on the client the policies served then', async () => {
    const out = path.join(temp.dir, 'acme-november.csv');
    const run = await runPatchdeck(
      ['--db', db, 'report', '--client', 'Acme', '--format', 'csv', '--out', out].concat([
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-30',
      ]),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const changeLog = fs
      .readFileSync(out, 'utf8')
      .split('\r\n\r\n')
      .find((table) => table.startsWith('when,who,action,subject,detail'));
    expect(changeLog?.trimEnd().split('\r\n').slice(1)).toEqual([
      '2026-11-04T10:00:00.000Z,tester,policy.updated,lab-hotfix,',
      '2026-11-07T22:30:00.000Z,scheduler,schedule.run-claimed,weekend-servers,',
      '2026-11-16T10:00:00.000Z,tester,policy.updated,weekend-servers,',
    ]);
  });
});
