import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../electron/engine/db/database';

describe('migration 0001: fleet and audit', () => {
  let database: Database;
  afterEach(() => database?.close());

  it('creates the fleet tables and sets user_version 1', () => {
    database = openDatabase(':memory:');
    expect(database.pragma('user_version')).toBeGreaterThanOrEqual(1);
    const tables = (
      database.statement("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining(['audit_log', 'clients', 'credentials', 'device_tags', 'devices', 'settings']),
    );
  });

  it('keeps device names unique within a client, case-insensitively, but not across clients', () => {
    database = openDatabase(':memory:');
    const client = database.statement(
      "INSERT INTO clients (name, time_zone, created_at) VALUES (?, 'UTC', 'now')",
    );
    client.run('Acme');
    client.run('Beta');
    const device = database.statement(
      "INSERT INTO devices (client_id, name, host, port, user, auth_kind, created_at) VALUES (?, ?, 'h', 22, 'u', 'agent', 'now')",
    );
    device.run(1, 'web-01');
    device.run(2, 'web-01');
    expect(() => device.run(1, 'WEB-01')).toThrow(/UNIQUE/);
  });

  it('refuses ports out of range and unknown auth kinds at the schema level', () => {
    database = openDatabase(':memory:');
    database
      .statement("INSERT INTO clients (name, time_zone, created_at) VALUES ('Acme', 'UTC', 'now')")
      .run();
    const insert = (port: number, auth: string) =>
      database
        .statement(
          "INSERT INTO devices (client_id, name, host, port, user, auth_kind, created_at) VALUES (1, ?, 'h', ?, 'u', ?, 'now')",
        )
        .run(`d${port}${auth}`, port, auth);
    expect(() => insert(0, 'agent')).toThrow(/CHECK/);
    expect(() => insert(65536, 'agent')).toThrow(/CHECK/);
    expect(() => insert(22, 'telnet')).toThrow(/CHECK/);
  });

  it('makes the audit log append-only', () => {
    database = openDatabase(':memory:');
    database
      .statement(
        "INSERT INTO audit_log (at, actor, action, subject_type, details, prev_hash, hash) VALUES ('t', 'a', 'x', 'client', '{}', '0', '1')",
      )
      .run();
    expect(() => database.exec("UPDATE audit_log SET actor = 'mallory'")).toThrow(/append-only/);
    expect(() => database.exec('DELETE FROM audit_log')).toThrow(/append-only/);
  });
});
