import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { runPatchdeck } from '../support/cli';
import { seedDeviceHistory } from '../support/report-device-history';
import { fixedClock, makeTempDir } from '../support/temp-engine';

describe('patchdeck report for a past period whose device was removed since', () => {
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
    await seedDeviceHistory(engine, clock);
    engine.close();
  });
  afterAll(() => temp.cleanup());

  it('still lists the removed device’s changes in the CSV change log', async () => {
    const out = path.join(temp.dir, 'acme-november.csv');
    const run = await runPatchdeck([
      '--db',
      db,
      'report',
      '--client',
      'Acme Dental',
      '--format',
      'csv',
      '--out',
      out,
      '--from',
      '2026-11-01',
      '--to',
      '2026-11-30',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const changeLog = fs
      .readFileSync(out, 'utf8')
      .split('\r\n\r\n')
      .find((table) => table.startsWith('when,who,action,subject,detail'));
    expect(changeLog?.trimEnd().split('\r\n').slice(1)).toEqual([
      '2026-11-05T10:00:00.000Z,tester,device.updated,web-02,',
      '2026-11-06T10:00:00.000Z,tester,exception.added,openssl on web-02,reason: the lab software pins openssl; expires 31 Jan 2027 00:00',
      '2026-11-08T10:00:00.000Z,tester,device.updated,web-01,',
      '2026-11-20T10:00:00.000Z,tester,device.retired,web-01,',
      '2026-11-25T10:00:00.000Z,tester,client.updated,Acme Dental,',
    ]);
  });
});
