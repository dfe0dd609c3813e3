import { afterAll, describe, expect, it } from 'vitest';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

const NOW = '2026-11-22T09:00:00.000Z';

describe('exceptions about to expire on the dashboard', () => {
  const clock = fixedClock('2026-11-01T09:00:00.000Z');
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  afterAll(() => temp.close());

  it('lists those expiring within 14 days soonest first, a device with its client', async () => {
    const acme = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const birch = engine.clients.add({ name: 'Birch', timeZone: 'Pacific/Auckland' });
    const acmeWeb = await addUnreachableDevice(engine, acme.id, 'web-01');
    const birchWeb = await addUnreachableDevice(engine, birch.id, 'web-01');
    const add = (target: Parameters<typeof engine.exceptions.add>[0]['target'], expiresAt: string) =>
      engine.exceptions.add({ package: 'openssl', target, reason: 'vendor certifies first', expiresAt }).id;
    const lastDay = add({ kind: 'device', deviceId: birchWeb.id }, '2026-12-06T09:00:00.000Z');
    const soonest = add({ kind: 'client', clientId: acme.id }, '2026-11-25T00:00:00.000Z');
    add({ kind: 'client', clientId: birch.id }, '2026-12-06T09:00:00.001Z');
    const expiredNow = add({ kind: 'device', deviceId: acmeWeb.id }, NOW);
    clock.set(NOW);

    const summary = engine.reports.dashboard();
    expect(summary.expiringExceptions).toEqual([
      { id: soonest, package: 'openssl', target: 'client Acme', expiresAt: '2026-11-25T00:00:00.000Z' },
      {
        id: lastDay,
        package: 'openssl',
        target: 'device web-01 (Birch)',
        expiresAt: '2026-12-06T09:00:00.000Z',
      },
    ]);
    // At its expiry instant it is expired, not expiring: it moves from one list to the other.
    expect(summary.expiredExceptions).toEqual([
      { id: expiredNow, package: 'openssl', target: 'device web-01 (Acme)', expiresAt: NOW },
    ]);
  });
});
