import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/engine/db/database';

// Migration 5's test sits with the policy work that owns it (test/engine/db is another engineer's folder).
describe('migration 5: policies', () => {
  const seeded = () => {
    const database = openDatabase(':memory:');
    database.exec(`INSERT INTO clients (name, time_zone, created_at) VALUES ('Acme', 'UTC', '2026-11-22');
      INSERT INTO devices (client_id, name, host, port, user, auth_kind, created_at) VALUES (1, 'web-01', 'h', 22, 'u', 'agent', 'x');
      INSERT INTO policies (name, client_id, settings, created_at, updated_at) VALUES ('p', 1, '{}', 'x', 'x');`);
    return database;
  };

  it('records each policy window occurrence once: the ledger key refuses a second claim', () => {
    const database = seeded();
    const claim = database.statement(
      `INSERT INTO policy_runs (policy_id, occurrence_key, window_start, window_end, status, claimed_by, claimed_at, devices)
       VALUES (1, ?, 'a', 'b', 'starting', 'me', 'now', '[]') ON CONFLICT DO NOTHING`,
    );
    expect(claim.run('2026-11-21@UTC daily 01:00-03:00').changes).toBe(1);
    expect(claim.run('2026-11-21@UTC daily 01:00-03:00').changes).toBe(0);
    expect(claim.run('2026-11-22@UTC daily 01:00-03:00').changes).toBe(1);
    database.close();
  });

  it('keeps policy names unique without regard to case, and a client with policies cannot go', () => {
    const database = seeded();
    expect(() =>
      database.exec(
        "INSERT INTO policies (name, client_id, settings, created_at, updated_at) VALUES ('P', 1, '{}', 'x', 'x')",
      ),
    ).toThrow(/UNIQUE/);
    expect(() => database.exec('DELETE FROM clients WHERE id = 1')).toThrow(/FOREIGN KEY/);
    database.close();
  });

  it('an exception names exactly one kind of target', () => {
    const database = seeded();
    const insert = (kind: string, deviceId: number | null, tag: string | null) =>
      database
        .statement(
          `INSERT INTO patch_exceptions (package, target_kind, device_id, tag, client_id, reason, expires_at, created_at, actor)
           VALUES ('openssl', ?, ?, ?, NULL, 'r', 'e', 'c', 'a')`,
        )
        .run(kind, deviceId, tag);
    expect(insert('device', 1, null).changes).toBe(1);
    expect(() => insert('device', 1, 'web')).toThrow(/CHECK/);
    expect(() => insert('tag', null, null)).toThrow(/CHECK/);
    expect(() => insert('fleet', null, null)).toThrow(/CHECK/);
    // Removing the device removes its exceptions with it.
    database.exec('DELETE FROM devices WHERE id = 1');
    expect(database.statement('SELECT count(*) AS n FROM patch_exceptions').get()).toEqual({ n: 0 });
    database.close();
  });
});
