import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../electron/engine/db/database';

describe('migration 0002: inventory', () => {
  let database: Database;
  afterEach(() => database?.close());

  const seed = () => {
    database = openDatabase(':memory:');
    database.exec(`
      INSERT INTO clients (id, name, time_zone, created_at) VALUES (1, 'Acme', 'UTC', 'now');
      INSERT INTO devices (id, client_id, name, host, port, user, auth_kind, created_at) VALUES (1, 1, 'web-01', 'h', 22, 'u', 'agent', 'now');
      INSERT INTO package_builds (id, manager, name, arch, version, source_name, source_version)
        VALUES (1, 'dpkg', 'openssl', 'amd64', '3.0.15-1~deb12u1', 'openssl', '3.0.15-1~deb12u1');
      INSERT INTO installed_packages (device_id, build_id) VALUES (1, 1);
      INSERT INTO scans (id, device_id, depth, started_at, finished_at, status, duration_ms) VALUES (1, 1, 'quick', 'a', 'b', 'ok', 5);
      INSERT INTO available_updates (device_id, manager, name, arch, available_version, security, classification,
        advisory_ids, cves, first_seen_at) VALUES (1, 'dpkg', 'openssl', 'amd64', '3.0.16-1~deb12u1', 1, 'security', '[]', '[]', 'now');
    `);
  };

  it('stores each distinct package build once', () => {
    seed();
    expect(() =>
      database.exec(
        "INSERT INTO package_builds (manager, name, arch, version, source_name, source_version) VALUES ('dpkg', 'openssl', 'amd64', '3.0.15-1~deb12u1', 'openssl', '3.0.15-1~deb12u1')",
      ),
    ).toThrow(/UNIQUE/);
  });

  it("removes a device's inventory, scans and updates with the device, and keeps the shared builds", () => {
    seed();
    database.exec('DELETE FROM devices WHERE id = 1');
    for (const table of ['installed_packages', 'scans', 'available_updates']) {
      expect(database.statement(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
    expect(database.statement('SELECT count(*) AS n FROM package_builds').get()).toEqual({ n: 1 });
  });

  it('refuses a scan depth it does not know', () => {
    seed();
    expect(() =>
      database.exec(
        "INSERT INTO scans (device_id, depth, started_at, finished_at, status, duration_ms) VALUES (1, 'deep', 'a', 'b', 'ok', 1)",
      ),
    ).toThrow(/CHECK/);
  });
});
