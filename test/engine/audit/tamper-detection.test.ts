import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBrokenAuditEntry, listAudit } from '../../../electron/engine/audit/audit-log';
import { openDatabase } from '../../../electron/engine/db/database';
import { createTempEngine } from '../../support/temp-engine';

/**
 * The triggers stop the engine's own SQL from changing the log; someone editing the file with another SQLite client
 * can drop them. The hash chain must then show where the log was changed.
 */
describe('audit log tampering, on a real database file', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let ids: number[];
  beforeEach(() => {
    temp = createTempEngine();
    for (const name of ['Acme', 'Beta', 'Gamma']) temp.engine.clients.add({ name, timeZone: 'UTC' });
    ids = listAudit(temp.engine.database)
      .map((entry) => entry.id)
      .reverse();
    expect(findBrokenAuditEntry(temp.engine.database)).toBeNull();
    temp.engine.close();
  });
  afterEach(() => temp.close());

  /** Edit the file as an outsider would: drop the triggers, run the SQL, and look at the chain afresh. */
  const tamper = (sql: string) => {
    const outsider = openDatabase(temp.dbPath);
    outsider.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    outsider.exec(sql);
    const broken = findBrokenAuditEntry(outsider);
    outsider.close();
    return broken;
  };

  it('finds an entry whose recorded change was rewritten', () => {
    expect(tamper(`UPDATE audit_log SET details = '{"timeZone":"Europe/Berlin"}' WHERE id = ${ids[1]}`)).toBe(
      ids[1],
    );
  });

  it('finds the entry after one that was deleted', () => {
    expect(tamper(`DELETE FROM audit_log WHERE id = ${ids[1]}`)).toBe(ids[2]);
  });
});
