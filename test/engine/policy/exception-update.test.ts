import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addFleet } from './policy-fleet';

describe('renewing an exception after review', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let clock: ReturnType<typeof fixedClock>;
  let heldId: number;

  beforeEach(async () => {
    clock = fixedClock('2026-11-22T09:00:00Z');
    temp = createTempEngine({ clock });
    const { deviceIds } = await addFleet(temp.engine, { name: 'Acme', timeZone: 'UTC' }, [
      { name: 'web-01' },
    ]);
    heldId = temp.engine.exceptions.add({
      package: 'openssl',
      target: { kind: 'device', deviceId: deviceIds.get('web-01')! },
      reason: 'vendor certification pending',
      expiresAt: '2026-11-25T00:00:00Z',
    }).id;
  });
  afterEach(() => temp.close());

  it('extends an expired exception: it holds again, keeps its id, package and target, and is audited', () => {
    clock.set('2026-11-26T00:00:00Z');
    expect(temp.engine.exceptions.expired().map((exception) => exception.id)).toEqual([heldId]);
    const renewed = temp.engine.exceptions.update({ id: heldId, expiresAt: '2026-12-31T23:59:00+01:00' });
    expect(renewed).toMatchObject({
      id: heldId,
      package: 'openssl',
      targetName: 'web-01',
      reason: 'vendor certification pending',
      expiresAt: '2026-12-31T22:59:00.000Z',
      expired: false,
    });
    expect(temp.engine.exceptions.expired()).toEqual([]);
    const [entry] = listAudit(temp.engine.database, { subjectType: 'exception' });
    expect(entry).toMatchObject({
      action: 'exception.updated',
      subjectId: heldId,
      subjectName: 'openssl',
      details: {
        before: { reason: 'vendor certification pending', expiresAt: '2026-11-25T00:00:00.000Z' },
        after: { reason: 'vendor certification pending', expiresAt: '2026-12-31T22:59:00.000Z' },
      },
    });
  });

  it('changes the reason alone and leaves the expiry', () => {
    const renewed = temp.engine.exceptions.update({ id: heldId, reason: 'certified for 3.0.23 only' });
    expect(renewed).toMatchObject({
      reason: 'certified for 3.0.23 only',
      expiresAt: '2026-11-25T00:00:00.000Z',
    });
  });

  it('refuses a past expiry, an empty reason and an unknown id, and changes nothing', () => {
    expect(() => temp.engine.exceptions.update({ id: heldId, expiresAt: '2026-11-01T00:00:00Z' })).toThrow(
      'The expiry 2026-11-01T00:00:00Z has already passed.',
    );
    expect(() => temp.engine.exceptions.update({ id: heldId, reason: '  ' })).toThrow(
      'an exception needs a reason',
    );
    expect(() => temp.engine.exceptions.update({ id: 999, expiresAt: '2027-01-01T00:00:00Z' })).toThrow(
      'There is no exception with id 999.',
    );
    expect(temp.engine.exceptions.list()).toEqual([
      expect.objectContaining({
        reason: 'vendor certification pending',
        expiresAt: '2026-11-25T00:00:00.000Z',
      }),
    ]);
    expect(
      listAudit(temp.engine.database, { subjectType: 'exception' }).map((entry) => entry.action),
    ).toEqual(['exception.added']);
  });
});
