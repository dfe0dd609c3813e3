import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/engine/api/dispatch';
import { createHandlers } from '../../../electron/engine/api/handlers';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { silentLog } from '../../../electron/engine/log';
import type { Channel } from '../../../shared/ipc/contract';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addFleet, debianUpdate, recordMissingUpdates } from './policy-fleet';

describe('exceptions and the approvals queue', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let clock: ReturnType<typeof fixedClock>;
  let ids: Map<string, number>;
  let clientId: number;

  beforeEach(async () => {
    clock = fixedClock('2026-11-22T09:00:00Z');
    temp = createTempEngine({ clock });
    ({ clientId, deviceIds: ids } = await addFleet(temp.engine, { name: 'Acme', timeZone: 'UTC' }, [
      { name: 'web-01', tags: ['server'] },
      { name: 'web-02', tags: ['server'] },
      { name: 'desk-01' },
    ]));
    recordMissingUpdates(temp.engine, ids.get('web-01')!, [
      debianUpdate('openssl'),
      debianUpdate('curl', { security: false }),
    ]);
    recordMissingUpdates(temp.engine, ids.get('web-02')!, [
      debianUpdate('openssl', { availableVersion: '1.0-3' }),
    ]);
    recordMissingUpdates(temp.engine, ids.get('desk-01')!, [
      debianUpdate('KB5034441', { manager: 'hotfix', advisoryIds: ['KB5034441'], security: false }),
    ]);
  });
  afterEach(() => temp.close());

  it('queues every missing package fleet-wide, security first, with versions and device counts', () => {
    expect(temp.engine.approvals.queue()).toEqual([
      expect.objectContaining({
        package: 'openssl',
        versions: ['1.0-2', '1.0-3'],
        devices: 2,
        security: true,
        decision: null,
      }),
      expect.objectContaining({ package: 'curl', versions: ['1.0-2'], devices: 1, security: false }),
      expect.objectContaining({ package: 'KB5034441', devices: 1 }),
    ]);
  });

  it('decides once for many packages and devices, replaces a decision, withdraws it, audits each', () => {
    const made = temp.engine.approvals.decide({
      packages: ['openssl', 'curl'],
      decision: 'approve',
      note: 'patch Tuesday',
    });
    expect(made.map((decision) => [decision.package, decision.decision, decision.actor])).toEqual([
      ['openssl', 'approve', 'tester'],
      ['curl', 'approve', 'tester'],
    ]);
    temp.engine.approvals.decide({
      packages: ['OPENSSL'],
      decision: 'defer',
      until: '2026-12-01T00:00:00+01:00',
    });
    expect(temp.engine.approvals.queue()[0]?.decision).toMatchObject({
      decision: 'defer',
      until: '2026-11-30T23:00:00.000Z',
    });
    temp.engine.approvals.withdraw('curl');
    expect(temp.engine.approvals.decisions().map((decision) => decision.package)).toEqual(['openssl']);
    expect(() => temp.engine.approvals.withdraw('curl')).toThrow("There is no decision on 'curl'.");
    expect(() => temp.engine.approvals.decide({ packages: ['x'], decision: 'defer' })).toThrow(
      /a deferral needs --until/,
    );
    expect(() =>
      temp.engine.approvals.decide({ packages: ['x'], decision: 'defer', until: '2026-11-01T00:00:00Z' }),
    ).toThrow('The deferral date 2026-11-01T00:00:00Z has already passed.');
    expect(listAudit(temp.engine.database, { subjectType: 'approval' }).map((entry) => entry.action)).toEqual(
      ['approval.withdrawn', 'approval.defer', 'approval.approve'],
    );
  });

  it('holds a package on a device, a tag or a client until it expires, then lists it for review', () => {
    const onTag = temp.engine.exceptions.add({
      package: 'openssl',
      target: { kind: 'tag', tag: 'server' },
      reason: 'waiting for the vendor to certify OpenSSL 3.0.22',
      expiresAt: '2026-11-25T00:00:00Z',
    });
    expect(onTag).toMatchObject({ targetName: 'server', expired: false, actor: 'tester' });
    temp.engine.exceptions.add({
      package: 'kb5034441',
      target: { kind: 'client', clientId },
      reason: 'breaks BitLocker recovery on these laptops',
      expiresAt: '2027-01-01T00:00:00Z',
    });
    expect(() =>
      temp.engine.exceptions.add({
        package: 'x',
        target: { kind: 'tag', tag: 'nowhere' },
        reason: 'r',
        expiresAt: '2027-01-01T00:00:00Z',
      }),
    ).toThrow("No device has the tag 'nowhere'.");
    expect(() =>
      temp.engine.exceptions.add({
        package: 'x',
        target: { kind: 'device', deviceId: 999 },
        reason: 'r',
        expiresAt: '2027-01-01T00:00:00Z',
      }),
    ).toThrow('There is no device with id 999.');
    expect(() =>
      temp.engine.exceptions.add({
        package: 'x',
        target: { kind: 'client', clientId },
        reason: ' ',
        expiresAt: '2027-01-01T00:00:00Z',
      }),
    ).toThrow('an exception needs a reason');
    expect(temp.engine.exceptions.expired()).toEqual([]);
    clock.set('2026-11-26T00:00:00Z');
    expect(temp.engine.exceptions.expired().map((exception) => exception.id)).toEqual([onTag.id]);
    temp.engine.exceptions.remove(onTag.id);
    expect(() => temp.engine.exceptions.remove(onTag.id)).toThrow(
      `There is no exception with id ${onTag.id}.`,
    );
    expect(
      listAudit(temp.engine.database, { subjectType: 'exception' }).map((entry) => entry.action),
    ).toEqual(['exception.removed', 'exception.added', 'exception.added']);
  });

  it('answers the console through the IPC contract: parsed input, errors as values', async () => {
    const handlers = createHandlers(temp.engine, { version: 'test' });
    const call = <C extends Channel>(channel: C, raw: unknown) =>
      dispatch(channel, raw, (name, request) => handlers[name](request), silentLog);
    const added = await call('policy:add', { name: 'p', clientId, windows: ['daily 01:00-03:00'] });
    expect(added).toMatchObject({ ok: true, value: { name: 'p', effectiveTimeZone: 'UTC' } });
    const bad = await call('policy:add', { name: 'q', clientId, windows: ['daily 1-3'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const preview = await call('schedule:preview', { policyId: 1, from: '2026-11-22T00:00:00Z', days: 2 });
    expect(preview).toEqual({
      ok: true,
      value: [
        {
          window: 'daily 01:00-03:00',
          start: '2026-11-22T01:00:00.000Z',
          end: '2026-11-22T03:00:00.000Z',
          key: '2026-11-22@UTC',
        },
        {
          window: 'daily 01:00-03:00',
          start: '2026-11-23T01:00:00.000Z',
          end: '2026-11-23T03:00:00.000Z',
          key: '2026-11-23@UTC',
        },
      ],
    });
    const due = await call('schedule:due', { at: '2026-11-22T02:00:00Z' });
    expect(due.ok && due.value.map((entry) => [entry.device, entry.action])).toEqual([
      ['desk-01', 'nothing'],
      ['web-01', 'deploy'],
      ['web-02', 'deploy'],
    ]);
    expect(await call('approval:decide', { packages: ['curl'], decision: 'exclude' })).toMatchObject({
      ok: true,
    });
    expect(await call('exception:list', {})).toEqual({ ok: true, value: [] });
  });
});
