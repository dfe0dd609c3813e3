import type { Engine } from '../../electron/engine/create-engine';

type MovableClock = { set(iso: string): void };

export interface DeviceHistory {
  readonly acmeId: number;
  readonly globexId: number;
  /** The client added in December under Acme's old name. */
  readonly newAcmeId: number;
}

/**
 * A client whose devices change in November 2026 and are retired or removed after it, written through the engine's
 * services (so the audit log holds what a technician's actions leave): Acme's web-01 is changed on 8 November and
 * retired on 20 November; its web-02 is changed on 5 November, held back from openssl on 6 November and removed on
 * 2 December. Acme is renamed Acme Dental on 25 November, and a new client takes the name Acme in December. Globex
 * has a device of its own throughout.
 */
export async function seedDeviceHistory(engine: Engine, clock: MovableClock): Promise<DeviceHistory> {
  const addDevice = (clientId: number, name: string) =>
    engine.devices.add({
      clientId,
      name,
      host: '127.0.0.1',
      port: 22,
      user: 'patchdeck',
      auth: { kind: 'agent' },
      sudo: true,
      tags: [],
      ring: 'broad',
    });
  clock.set('2026-10-01T08:00:00.000Z');
  const acmeId = engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
  const globexId = engine.clients.add({ name: 'Globex', timeZone: 'UTC' }).id;
  const web01 = await addDevice(acmeId, 'web-01');
  const web02 = await addDevice(acmeId, 'web-02');
  await addDevice(globexId, 'kiosk-01');

  clock.set('2026-11-05T10:00:00.000Z');
  await engine.devices.update({ id: web02.id, ring: 'pilot' });
  clock.set('2026-11-06T10:00:00.000Z');
  engine.exceptions.add({
    package: 'openssl',
    target: { kind: 'device', deviceId: web02.id },
    reason: 'the lab software pins openssl',
    expiresAt: '2027-01-31T00:00:00.000Z',
  });
  clock.set('2026-11-08T10:00:00.000Z');
  await engine.devices.update({ id: web01.id, ring: 'test' });
  clock.set('2026-11-20T10:00:00.000Z');
  engine.devices.retire(web01.id);
  clock.set('2026-11-25T10:00:00.000Z');
  engine.clients.update({ id: acmeId, name: 'Acme Dental' });

  clock.set('2026-12-02T10:00:00.000Z');
  engine.devices.remove(web02.id);
  clock.set('2026-12-03T10:00:00.000Z');
  const newAcmeId = engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
  await addDevice(newAcmeId, 'web-02');
  return { acmeId, globexId, newAcmeId };
}
