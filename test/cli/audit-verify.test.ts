import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/db/database';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

describe('patchdeck audit verify', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args]);
  afterAll(() => temp.cleanup());

  it('says the trail holds, then names the entry an outsider edited, with exit 1', async () => {
    for (const name of ['Acme', 'Beta', 'Gamma']) expect((await cli(['client', 'add', name])).code).toBe(0);
    const intact = await cli(['audit', 'verify']);
    expect(intact).toEqual({
      code: 0,
      stdout: 'The audit trail holds: 3 entries, each chained to the one before.\n',
      stderr: '',
    });

    // Another SQLite client can drop the triggers that stop Patchdeck's own SQL, and rewrite what Beta was.
    const outsider = openDatabase(db);
    outsider.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    const beta = outsider.statement("SELECT id, at FROM audit_log WHERE subject_name = 'Beta'").get() as {
      id: number;
      at: string;
    };
    outsider.exec(`UPDATE audit_log SET details = '{"timeZone":"Europe/Berlin"}' WHERE id = ${beta.id}`);
    outsider.close();

    const broken = await cli(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe(
      `The audit trail was changed outside Patchdeck: entry ${beta.id} (${beta.at}, client.added) does not ` +
        'match the chain, so it or an entry before it was edited or deleted. Restore a backup from before that ' +
        'time to compare.\n',
    );
    expect(JSON.parse((await cli(['--json', 'audit', 'verify'])).stdout)).toEqual({
      entries: 3,
      intact: false,
      brokenAt: { id: beta.id, at: beta.at, action: 'client.added' },
    });
  });

  it('takes no arguments', async () => {
    const refused = await cli(['audit', 'verify', 'now']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
  });
});
