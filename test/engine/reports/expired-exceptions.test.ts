import { afterAll, describe, expect, it } from 'vitest';
import { createTempEngine, fixedClock } from '../../support/temp-engine';

describe('expired exceptions on the dashboard', () => {
  const clock = fixedClock('2026-11-22T09:00:00.000Z');
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  afterAll(() => temp.close());

  it('lists an exception from its expiry instant on, as the exception rules stop honouring it', () => {
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const held = engine.exceptions.add({
      package: 'openssl',
      target: { kind: 'client', clientId: client.id },
      reason: 'vendor certifies the new version first',
      expiresAt: '2026-11-30T23:59:59.000Z',
    });
    clock.set('2026-11-30T23:59:58.999Z');
    expect(engine.exceptions.expired()).toEqual([]);
    expect(engine.reports.dashboard().expiredExceptions).toEqual([]);

    clock.set(held.expiresAt);
    expect(engine.exceptions.expired().map((exception) => exception.id)).toEqual([held.id]);
    expect(engine.reports.dashboard().expiredExceptions.map((exception) => exception.id)).toEqual([held.id]);
  });
});
