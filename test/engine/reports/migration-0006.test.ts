import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/engine/db/database';

describe('migration 6 (reports)', () => {
  it('creates the stored priorities, device summaries and daily snapshots, tied to their devices and clients', () => {
    const database = openDatabase(':memory:');
    expect(database.pragma('user_version')).toBeGreaterThanOrEqual(6);
    database.exec(`
      INSERT INTO clients (id, name, time_zone, created_at) VALUES (1, 'Acme', 'UTC', '2026-11-01T00:00:00Z');
      INSERT INTO devices (id, client_id, name, host, port, user, auth_kind, created_at)
        VALUES (1, 1, 'web-01', '127.0.0.1', 22, 'u', 'agent', '2026-11-01T00:00:00Z');
      INSERT INTO patch_status VALUES (1, 'dpkg', 'openssl', 'amd64', 1, 'red', 1, '2026-11-03T00:00:00Z');
      INSERT INTO device_compliance VALUES (1, 1, 1, 0, 0, 0, 1, '2026-11-03T00:00:00Z', '2026-11-01T00:00:00Z');
      INSERT INTO compliance_snapshots VALUES (1, '2026-11-01', 1, 0, 1, 0, 0, 0, 1, '2026-11-01T00:00:00Z');
    `);
    expect(() =>
      database.exec(`INSERT INTO patch_status VALUES (1, 'dpkg', 'curl', '', 1, 'purple', 0, NULL)`),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      database.exec(
        `INSERT INTO compliance_snapshots VALUES (1, '2026-11-01', 1, 1, 0, 0, 0, 0, 0, '2026-11-01T01:00:00Z')`,
      ),
    ).toThrow(/UNIQUE constraint failed/);
    database.exec('DELETE FROM devices WHERE id = 1');
    expect(database.statement('SELECT count(*) FROM patch_status').pluck().get()).toBe(0);
    expect(database.statement('SELECT count(*) FROM device_compliance').pluck().get()).toBe(0);
    database.exec('DELETE FROM clients WHERE id = 1');
    expect(database.statement('SELECT count(*) FROM compliance_snapshots').pluck().get()).toBe(0);
    database.close();
  });
});
