import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Device } from '../../../shared/domain/fleet';
import { contract } from '../../../shared/ipc/contract';
import { createHandlers } from '../../../electron/engine/api/handlers';
import { aptUpdate, debianBookworm, dpkgPackage, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

const RETIRED_AT = '2026-11-22T09:00:00.000Z';
const refusal = {
  code: 'conflict',
  message:
    "Device 'Acme/old-01' is retired (since 2026-11-22): reinstate it to scan, patch or plan it again.",
};

/**
 * A retired device's page and its Settings row read it back as it was: its facts, packages and history, and its
 * stored passwords, which can still be forgotten. What would work on it stays refused.
 */
describe('what can still be seen of a retired device', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let handlers: ReturnType<typeof createHandlers>;
  let old: Device;

  beforeEach(async () => {
    const clock = fixedClock('2026-11-01T09:00:00.000Z');
    temp = createTempEngine({ clock });
    handlers = createHandlers(temp.engine, { version: 'test' });
    const clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
    old = await addUnreachableDevice(temp.engine, clientId, 'old-01');
    const scanned = (at: string, openssl: string) =>
      storeScan(temp.engine.database, {
        deviceId: old.id,
        at,
        os: debianBookworm,
        packages: [dpkgPackage('openssl', openssl)],
        updates: [aptUpdate('openssl', openssl, '3.0.3-1', true)],
      });
    scanned('2026-11-01T09:00:00.000Z', '3.0.1-1');
    scanned('2026-11-08T09:00:00.000Z', '3.0.2-1');
    clock.set(RETIRED_AT);
    temp.engine.devices.retire(old.id);
  });
  afterEach(() => temp.close());

  it('answers its device page: the device with its facts, its packages at retirement and its history', async () => {
    const device = contract['device:get'].response.parse(await handlers['device:get']({ id: old.id }));
    expect(device).toMatchObject({
      name: 'old-01',
      retiredAt: RETIRED_AT,
      os: { name: debianBookworm.name },
    });
    const packages = await handlers['inventory:packages']({ deviceId: old.id });
    expect(packages.map((pkg) => `${pkg.name} ${pkg.version}`)).toEqual(['openssl 3.0.2-1']);
    const changes = await handlers['inventory:changes']({ deviceId: old.id });
    expect(changes).toEqual([
      expect.objectContaining({ name: 'openssl', fromVersion: '3.0.1-1', toVersion: '3.0.2-1' }),
    ]);
    // An unknown device is still named as unknown, not shown empty.
    await expect(handlers['inventory:packages']({ deviceId: old.id + 1 })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('lists its stored password in Settings, marked retired and after the managed devices, and forgets it', async () => {
    const clientId = old.clientId;
    const retiredWithPassword = await temp.engine.devices.add({
      clientId,
      name: 'old-02',
      host: '127.0.0.1',
      port: 1,
      user: 'tech',
      auth: { kind: 'password', password: 'retired-secret-1234' },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    temp.engine.devices.retire(retiredWithPassword.id);
    await addUnreachableDevice(temp.engine, clientId, 'web-01');
    const listed = contract['credential:list'].response.parse(await handlers['credential:list']({}));
    expect(listed.map((entry) => [entry.deviceName, entry.retiredAt, entry.password])).toEqual([
      ['web-01', null, null],
      ['old-01', RETIRED_AT, null],
      ['old-02', RETIRED_AT, 'passphrase'],
    ]);
    await handlers['credential:forget']({ deviceId: retiredWithPassword.id, secret: 'password' });
    expect((await temp.engine.devices.secrets(retiredWithPassword.id)).password).toBeNull();
    expect(temp.engine.database.statement('SELECT count(*) FROM credentials').pluck().get()).toBe(0);
  });

  it('still refuses to scan it, list its patches or hand it to work through get', async () => {
    expect(() => temp.engine.devices.get(old.id)).toThrow(expect.objectContaining(refusal));
    await expect(handlers['patch:list']({ deviceId: old.id })).rejects.toMatchObject(refusal);
    await expect(handlers['scan:run']({ deviceIds: [old.id], depth: 'quick' })).rejects.toMatchObject(
      refusal,
    );
  });
});
