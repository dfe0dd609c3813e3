import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { runPatchdeck } from '../support/cli';
import { seedDeviceHistory } from '../support/report-device-history';
import { seedPolicyHistory } from '../support/report-policy-history';
import { fixedClock, makeTempDir } from '../support/temp-engine';

type MovableClock = ReturnType<typeof fixedClock>;

describe('patchdeck report for a past period whose devices and policies changed since', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  /** A database seeded through the engine's services, as a technician's actions would leave it. */
  async function seeded(name: string, seed: (engine: Engine, clock: MovableClock) => Promise<unknown>) {
    const db = path.join(temp.dir, `${name}.db`);
    const clock = fixedClock();
    const engine = createEngine({
      dbPath: db,
      vault: createPassphraseVault(undefined),
      clock,
      actor: 'tester',
    });
    await seed(engine, clock);
    engine.close();
    return db;
  }

  /** The rows of the CSV's change log of the client's November report. */
  async function novemberChangeLog(db: string, client: string): Promise<string[] | undefined> {
    const out = path.join(temp.dir, `${path.basename(db)}-november.csv`);
    const run = await runPatchdeck(
      ['--db', db, 'report', '--client', client, '--format', 'csv', '--out', out].concat([
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
    return changeLog?.trimEnd().split('\r\n').slice(1);
  }

  it('still lists a removed device’s changes in the CSV change log', async () => {
    const db = await seeded('devices', seedDeviceHistory);
    expect(await novemberChangeLog(db, 'Acme Dental')).toEqual([
      '2026-11-05T10:00:00.000Z,tester,device.updated,web-02,',
      '2026-11-06T10:00:00.000Z,tester,exception.added,openssl on web-02,reason: the lab software pins openssl; expires 31 Jan 2027 00:00',
      '2026-11-08T10:00:00.000Z,tester,device.updated,web-01,',
      '2026-11-20T10:00:00.000Z,tester,device.retired,web-01,',
      '2026-11-25T10:00:00.000Z,tester,client.updated,Acme Dental,',
    ]);
  });

  it('lists the policy changes and runs of the month on the client the policies served then', async () => {
    const db = await seeded('policies', seedPolicyHistory);
    expect(await novemberChangeLog(db, 'Acme')).toEqual([
      '2026-11-04T10:00:00.000Z,tester,policy.updated,lab-hotfix,',
      '2026-11-07T22:30:00.000Z,scheduler,schedule.run-claimed,weekend-servers,',
      '2026-11-16T10:00:00.000Z,tester,policy.updated,weekend-servers,',
    ]);
  });
});
