import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceInput, type DeviceInput as DeviceInputType } from '../../../shared/domain/fleet';
import { parseInput } from '../../../electron/engine/api/parse-input';
import { findBrokenAuditEntry, listAudit } from '../../../electron/engine/audit/audit-log';
import { createTempEngine } from '../../support/temp-engine';

describe('devices', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let clientId: number;
  let keyPath: string;
  beforeEach(() => {
    temp = createTempEngine();
    clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'Europe/Berlin' }).id;
    keyPath = path.join(temp.dir, 'id_ed25519');
    fs.writeFileSync(keyPath, 'not really a key, only readable', { mode: 0o600 });
  });
  afterEach(() => temp.close());

  const add = async (input: Partial<DeviceInputType> & Record<string, unknown>) =>
    temp.engine.devices.add(
      parseInput(DeviceInput, {
        clientId,
        name: 'web-01',
        host: 'web01.acme.lan',
        user: 'tech',
        auth: { kind: 'key', keyPath },
        ...input,
      }),
    );

  it('gives a device added after a removal an id no device had, so its audit history is its own', async () => {
    await add({ name: 'web-01' });
    const removed = await add({ name: 'web-02' });
    temp.engine.devices.remove(removed.id);
    const added = await add({ name: 'web-03' });
    expect(added.id).toBe(removed.id + 1);
    expect(
      listAudit(temp.engine.database, { subjectType: 'device', subjectId: added.id }).map(
        (entry) => entry.action,
      ),
    ).toEqual(['device.added']);
    expect(
      listAudit(temp.engine.database, { subjectType: 'device', subjectId: removed.id }).map(
        (entry) => `${entry.action} ${entry.subjectName}`,
      ),
    ).toEqual(['device.removed web-02', 'device.added web-02']);
  });

  it('adds a device with defaults (port 22, ring broad) and tags', async () => {
    const device = await add({ tags: ['server', 'web'], sudo: true });
    expect(device).toMatchObject({
      clientName: 'Acme',
      name: 'web-01',
      port: 22,
      ring: 'broad',
      sudo: true,
      tags: ['server', 'web'],
      auth: { kind: 'key', keyPath },
    });
    expect(temp.engine.devices.list({ search: 'SERV' }).map((d) => d.name)).toEqual(['web-01']);
  });

  it.each([
    ['300.1.1.1', "host '300.1.1.1' is neither a hostname nor an IP address"],
    ['web_01.acme', "host 'web_01.acme' is neither a hostname nor an IP address"],
    ['-web', "host '-web' is neither a hostname nor an IP address"],
    ['', 'host must not be empty'],
  ])('rejects the host %j', async (host, message) => {
    await expect(add({ host })).rejects.toMatchObject({ code: 'invalid-input', field: 'host', message });
  });

  it.each([
    '10.0.0.5',
    '::1',
    'fe80::1%eth0',
    '2001:db8::8a2e:370:7334',
    '::ffff:192.0.2.1',
    'WEB-01.acme.example.',
  ])('accepts the host %j', async (host) => {
    await expect(add({ host })).resolves.toMatchObject({ host });
  });

  it.each([[0], [65536], ['abc'], [22.5]])('rejects the port %j', async (port) => {
    await expect(add({ port: port as number })).rejects.toMatchObject({
      code: 'invalid-input',
      field: 'port',
    });
  });

  it('refuses a duplicate device name within the client, but allows it in another client', async () => {
    await add({});
    await expect(add({ host: 'other' })).rejects.toMatchObject({
      code: 'conflict',
      field: 'name',
      message: "Client 'Acme' already has a device named 'web-01'.",
    });
    const beta = temp.engine.clients.add({ name: 'Beta', timeZone: 'UTC' });
    await expect(add({ clientId: beta.id })).resolves.toMatchObject({ clientName: 'Beta' });
    expect(() => temp.engine.devices.resolve('web-01')).toThrow(
      /used by several clients \(Acme\/web-01, Beta\/web-01\): name it as client\/device/,
    );
    expect(temp.engine.devices.resolve('beta/web-01').clientName).toBe('Beta');
  });

  it('refuses an unreadable key file', async () => {
    await expect(
      add({ auth: { kind: 'key', keyPath: path.join(temp.dir, 'missing') } }),
    ).rejects.toMatchObject({ field: 'auth.keyPath' });
    expect(temp.engine.devices.list()).toEqual([]);
  });

  it('stores passwords sealed, never in plain text, and opens them for the SSH layer', async () => {
    const device = await add({ auth: { kind: 'password', password: 'Sup3r-Secret-Passw0rd' }, sudo: true });
    temp.engine.database.pragma('wal_checkpoint(FULL)');
    const bytes = fs.readFileSync(temp.dbPath);
    expect(bytes.includes(Buffer.from('Sup3r-Secret-Passw0rd'))).toBe(false);
    expect(JSON.stringify(listAudit(temp.engine.database))).not.toContain('Sup3r');
    expect(await temp.engine.devices.secrets(device.id)).toEqual({
      password: 'Sup3r-Secret-Passw0rd',
      sudoPassword: 'Sup3r-Secret-Passw0rd',
    });
  });

  it('stores nothing when the vault cannot seal a password', async () => {
    temp.close();
    temp = createTempEngine({ passphrase: undefined });
    clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
    await expect(add({ auth: { kind: 'password', password: 'x' } })).rejects.toMatchObject({
      code: 'vault-unavailable',
    });
    expect(temp.engine.devices.list()).toEqual([]);
    expect(temp.engine.database.statement('SELECT count(*) AS n FROM credentials').get()).toEqual({ n: 0 });
  });

  it('updates fields, replaces credentials, and removes the device with its secrets; the audit chain holds', async () => {
    const device = await add({ auth: { kind: 'password', password: 'first' } });
    const updated = await temp.engine.devices.update({
      id: device.id,
      host: '10.0.0.9',
      ring: 'pilot',
      tags: ['db'],
      auth: { kind: 'password', password: 'second' },
    });
    expect(updated).toMatchObject({ host: '10.0.0.9', ring: 'pilot', tags: ['db'] });
    expect((await temp.engine.devices.secrets(device.id)).password).toBe('second');
    expect(temp.engine.database.statement('SELECT count(*) AS n FROM credentials').get()).toEqual({ n: 1 });
    temp.engine.devices.remove(device.id);
    expect(temp.engine.devices.list()).toEqual([]);
    expect(temp.engine.database.statement('SELECT count(*) AS n FROM credentials').get()).toEqual({ n: 0 });
    expect(listAudit(temp.engine.database).map((entry) => entry.action)).toEqual([
      'device.removed',
      'device.updated',
      'device.added',
      'client.added',
    ]);
    expect(findBrokenAuditEntry(temp.engine.database)).toBeNull();
  });
});
