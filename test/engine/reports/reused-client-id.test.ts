import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { createTempEngine, fixedClock } from '../../support/temp-engine';

/**
 * An MSP offboards a client (removes its devices, then the client) and onboards another the same month. The new
 * client never gets the removed one's id, so the audit trail, which names clients by id, keeps their stories apart.
 */
describe('the change log of a client added after another client was removed', () => {
  const clock = fixedClock('2026-11-02T09:00:00.000Z');
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  let oldId = 0;
  let newId = 0;

  beforeAll(async () => {
    engine.clients.add({ name: 'Initech', timeZone: 'UTC' });
    oldId = engine.clients.add({ name: 'Old Dental', timeZone: 'UTC' }).id;
    const device = await engine.devices.add({
      clientId: oldId,
      name: 'reception-pc',
      host: '127.0.0.1',
      port: 22,
      user: 'patchdeck',
      auth: { kind: 'agent' },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    clock.set('2026-11-10T09:00:00.000Z');
    engine.devices.remove(device.id);
    engine.clients.remove(oldId);
    clock.set('2026-11-12T09:00:00.000Z');
    newId = engine.clients.add({ name: 'New Vision', timeZone: 'UTC' }).id;
    clock.set('2026-11-20T09:00:00.000Z');
  });
  afterAll(() => temp.close());

  it('gives the new client an id no client had, whose audit trail is its own', () => {
    expect(newId).toBe(oldId + 1);
    expect(
      listAudit(engine.database, { subjectType: 'client', subjectId: newId }).map(
        (entry) => `${entry.action} ${entry.subjectName}`,
      ),
    ).toEqual(['client.added New Vision']);
  });

  it('shows only the new client’s own entries in its report, never the removed client’s', () => {
    const report = engine.reports.build({ clientId: newId });
    expect(report.period).toMatchObject({ from: '2026-10-22', to: '2026-11-20' });
    expect(report.audit.map((row) => `${row.action} ${row.subject}`)).toEqual(['client.added New Vision']);
  });
});
