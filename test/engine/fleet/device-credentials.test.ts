import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeviceCredential } from '../../../shared/domain/credentials';
import { contract } from '../../../shared/ipc/contract';
import { createHandlers } from '../../../electron/engine/api/handlers';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { createTempEngine } from '../../support/temp-engine';

/** Every file SQLite keeps the database in: the main file and, in WAL mode, the log beside it. */
function databaseBytes(dbPath: string): Buffer {
  return Buffer.concat(
    [dbPath, `${dbPath}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)),
  );
}

describe('stored credentials: listed without secrets, forgotten for good', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let keyPath: string;
  let clientId: number;

  beforeEach(() => {
    temp = createTempEngine();
    keyPath = path.join(temp.dir, 'id_ed25519');
    fs.writeFileSync(keyPath, 'not really a key, only readable', { mode: 0o600 });
    clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'Europe/Berlin' }).id;
  });
  afterEach(() => temp.close());

  const addDevices = async () => {
    const base = { clientId, host: '10.0.0.1', port: 22, tags: [], ring: 'broad' as const };
    const web = await temp.engine.devices.add({
      ...base,
      name: 'web-01',
      user: 'tech',
      auth: { kind: 'password', password: 'login-secret-4711' },
      sudo: true,
    });
    const db = await temp.engine.devices.add({
      ...base,
      name: 'db-01',
      user: 'patchdeck',
      auth: { kind: 'key', keyPath },
      sudo: true,
      sudoPassword: 'sudo-secret-0815',
    });
    const dc = await temp.engine.devices.add({
      ...base,
      name: 'dc-01',
      user: 'ACME\\svc',
      auth: { kind: 'agent' },
      sudo: false,
    });
    return { web, db, dc };
  };

  it('lists every device sign-in and where its passwords live, through the channel, never a secret', async () => {
    await addDevices();
    const handlers = createHandlers(temp.engine, { version: 'test' });
    const answer = contract['credential:list'].response.parse(await handlers['credential:list']({}));
    expect(answer).toEqual([
      {
        deviceId: expect.any(Number),
        deviceName: 'db-01',
        clientName: 'Acme',
        user: 'patchdeck',
        authKind: 'key',
        keyPath,
        password: null,
        sudoPassword: 'passphrase',
        retiredAt: null,
      },
      {
        deviceId: expect.any(Number),
        deviceName: 'dc-01',
        clientName: 'Acme',
        user: 'ACME\\svc',
        authKind: 'agent',
        keyPath: null,
        password: null,
        sudoPassword: null,
        retiredAt: null,
      },
      {
        deviceId: expect.any(Number),
        deviceName: 'web-01',
        clientName: 'Acme',
        user: 'tech',
        authKind: 'password',
        keyPath: null,
        password: 'passphrase',
        sudoPassword: null,
        retiredAt: null,
      },
    ] satisfies DeviceCredential[]);
    const text = JSON.stringify(answer);
    expect(text).not.toContain('login-secret-4711');
    expect(text).not.toContain('sudo-secret-0815');
    // Nor the sealed form: only the scheme's meaning crosses.
    const sealed = temp.engine.database.statement('SELECT sealed FROM credentials').all() as {
      sealed: string;
    }[];
    for (const row of sealed) expect(text).not.toContain(row.sealed);
  });

  it('forgets a sudo password: row, reference and bytes on disk gone, audited, the login password kept', async () => {
    const { db, web } = await addDevices();
    const sealed = (
      temp.engine.database
        .statement(
          'SELECT c.sealed FROM credentials c JOIN devices d ON d.sudo_credential_id = c.id WHERE d.id = ?',
        )
        .get(db.id) as { sealed: string }
    ).sealed;
    expect(databaseBytes(temp.dbPath).includes(sealed)).toBe(true);

    await createHandlers(temp.engine, { version: 'test' })['credential:forget']({
      deviceId: db.id,
      secret: 'sudo',
    });

    expect(await temp.engine.devices.secrets(db.id)).toEqual({ password: null, sudoPassword: null });
    expect(
      temp.engine.devices.credentials().find((entry) => entry.deviceId === db.id)?.sudoPassword,
    ).toBeNull();
    expect(temp.engine.database.statement('SELECT count(*) AS n FROM credentials').get()).toEqual({ n: 1 });
    // secure_delete plus a checkpoint: the sealed text is in neither the database file nor its WAL.
    expect(databaseBytes(temp.dbPath).includes(sealed)).toBe(false);
    expect(await temp.engine.devices.secrets(web.id)).toEqual({
      password: 'login-secret-4711',
      sudoPassword: 'login-secret-4711',
    });
    const [entry] = listAudit(temp.engine.database, { subjectType: 'device' }).filter(
      (candidate) => candidate.action === 'device.secret-forgotten',
    );
    expect(entry).toMatchObject({ subjectName: 'db-01', details: { secret: 'sudo' } });
  });

  it('forgets a login password; forgetting what is not stored says so; a replaced one is stored anew', async () => {
    const { web, dc } = await addDevices();
    temp.engine.devices.forgetSecret(web.id, 'password');
    expect(await temp.engine.devices.secrets(web.id)).toEqual({ password: null, sudoPassword: null });
    expect(() => temp.engine.devices.forgetSecret(web.id, 'password')).toThrow(
      'No login password is stored for web-01.',
    );
    expect(() => temp.engine.devices.forgetSecret(dc.id, 'sudo')).toThrow(
      'No sudo password is stored for dc-01.',
    );
    expect(() => temp.engine.devices.forgetSecret(9999, 'sudo')).toThrow('There is no device with id 9999.');

    await temp.engine.devices.update({ id: web.id, auth: { kind: 'password', password: 'new-login-1' } });
    expect((await temp.engine.devices.secrets(web.id)).password).toBe('new-login-1');
    expect(temp.engine.devices.credentials().find((entry) => entry.deviceId === web.id)?.password).toBe(
      'passphrase',
    );
  });
});
