import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addFleet } from './policy-fleet';

describe('policy service', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let clientId: number;
  let deviceIds: Map<string, number>;

  beforeEach(async () => {
    temp = createTempEngine({ clock: fixedClock('2026-11-22T09:00:00Z') });
    ({ clientId, deviceIds } = await addFleet(temp.engine, { name: 'Acme', timeZone: 'Europe/Berlin' }, [
      { name: 'web-01', tags: ['server'], ring: 'test' },
      { name: 'web-02', tags: ['server'] },
    ]));
    await addFleet(temp.engine, { name: 'Beta', timeZone: 'UTC' }, [{ name: 'pc-01' }]);
  });
  afterEach(() => temp.close());

  it('adds a policy with defaults, normalised windows and the client zone, and audits it', () => {
    const policy = temp.engine.policies.add({
      name: 'weekend-servers',
      clientId,
      scope: { tags: ['SERVER'] },
      windows: ['Sat,sun 22:00 - 2:00', 'wed 12:00-13:00'],
      preCommand: ['systemctl', 'stop', 'app; rm -rf /'],
    });
    expect(policy).toMatchObject({
      name: 'weekend-servers',
      clientName: 'Acme',
      windows: ['weekends 22:00-02:00', 'Wed 12:00-13:00'],
      timeZone: null,
      effectiveTimeZone: 'Europe/Berlin',
      approval: { mode: 'security', deferDays: 0 },
      reboot: 'if-required',
      // Kept word for word as a list: the deploy engine quotes each word, nothing is ever run through a shell here.
      preCommand: ['systemctl', 'stop', 'app; rm -rf /'],
    });
    const [entry] = listAudit(temp.engine.database, { subjectType: 'policy' });
    expect(entry).toMatchObject({ action: 'policy.added', subjectName: 'weekend-servers', actor: 'tester' });
    expect(entry?.details).toMatchObject({ windows: ['weekends 22:00-02:00', 'Wed 12:00-13:00'] });
  });

  it('updates and removes with before and after in the audit log', () => {
    const policy = temp.engine.policies.add({ name: 'p', clientId, windows: ['daily 01:00-03:00'] });
    const updated = temp.engine.policies.update({
      id: policy.id,
      reboot: 'always',
      timeZone: 'America/New_York',
    });
    expect(updated).toMatchObject({
      reboot: 'always',
      effectiveTimeZone: 'America/New_York',
      windows: ['daily 01:00-03:00'],
    });
    temp.engine.policies.remove(policy.id);
    expect(temp.engine.policies.list()).toEqual([]);
    const actions = listAudit(temp.engine.database, { subjectType: 'policy' }).map((entry) => entry.action);
    expect(actions).toEqual(['policy.removed', 'policy.updated', 'policy.added']);
    const updateEntry = listAudit(temp.engine.database, { subjectType: 'policy' })[1];
    expect(updateEntry?.details).toMatchObject({
      before: { reboot: 'if-required' },
      after: { reboot: 'always' },
    });
  });

  it('refuses with a sentence naming the problem, and writes nothing', () => {
    const engine = temp.engine;
    const base = { name: 'p', clientId, windows: ['daily 01:00-03:00'] };
    expect(() => engine.policies.add({ ...base, windows: ['someday 01:00-03:00'] })).toThrow(
      /unknown day 'someday'/,
    );
    expect(() => engine.policies.add({ ...base, windows: [] })).toThrow(
      'a policy needs at least one maintenance window',
    );
    expect(() => engine.policies.add({ ...base, timeZone: 'Mars/Olympus' })).toThrow(
      /'Mars\/Olympus' is not an IANA time zone/,
    );
    expect(() => engine.policies.add({ ...base, clientId: 999 })).toThrow('There is no client with id 999.');
    expect(() => engine.policies.add({ ...base, scope: { tags: ['desktop'] } })).toThrow(
      "No device of client 'Acme' has the tag 'desktop'.",
    );
    const foreign = engine.devices.resolve('pc-01').id;
    expect(() => engine.policies.add({ ...base, scope: { deviceIds: [foreign] } })).toThrow(
      "Device 'pc-01' belongs to client 'Beta', not 'Acme'.",
    );
    expect(() => engine.policies.add({ ...base, preCommand: ['sh -c', 'x'] })).toThrow(/program name/);
    expect(() => engine.policies.add({ ...base, postCommand: ['echo', 'a\nb'] })).toThrow(/one line/);
    expect(() => engine.policies.add({ ...base, maxFailPercent: 101 })).toThrow();
    engine.policies.add(base);
    expect(() => engine.policies.add({ ...base, name: 'P' })).toThrow("A policy named 'p' already exists.");
    expect(engine.policies.list()).toHaveLength(1);
    expect(listAudit(engine.database, { subjectType: 'policy' })).toHaveLength(1);
    expect(deviceIds.size).toBe(2);
  });

  it('takes a removed device out of the policies naming it, so a device added later with its id is not covered', async () => {
    const engine = temp.engine;
    const addDevice = async (name: string) =>
      (
        await engine.devices.add({
          clientId,
          name,
          host: '127.0.0.1',
          port: 22,
          user: 'tech',
          auth: { kind: 'agent' },
          sudo: true,
          tags: [],
          ring: 'broad',
        })
      ).id;
    const web01 = deviceIds.get('web-01')!;
    const web03 = await addDevice('web-03');
    const both = engine.policies.add({
      name: 'two-servers',
      clientId,
      scope: { deviceIds: [web01, web03] },
      windows: ['Sat 22:00-02:00'],
    });
    const onlyWeb03 = engine.policies.add({
      name: 'web-03-only',
      clientId,
      scope: { deviceIds: [web03] },
      windows: ['Sun 22:00-02:00'],
    });
    engine.devices.remove(web03);
    // A device added later never gets web-03's id (see insertDevice), and the policies no longer name that id.
    const fresh = await addDevice('fresh-01');
    expect(fresh).toBeGreaterThan(web03);
    expect(engine.policies.get(both.id)).toMatchObject({ scope: { deviceIds: [web01] }, enabled: true });
    // Emptied, the device list would mean every device of the client: the policy is switched off instead.
    expect(engine.policies.get(onlyWeb03.id)).toMatchObject({ scope: { deviceIds: [] }, enabled: false });
    const covered = engine.scheduler
      .due(new Date('2026-11-28T22:30:00Z'))
      .filter((entry) => entry.device === 'fresh-01');
    expect(covered).toEqual([]);
    // Editing works as before, and each change is in the audit log with the device it took out.
    expect(engine.policies.update({ id: both.id, windows: ['Sun 22:00-02:00'] }).windows).toEqual([
      'Sun 22:00-02:00',
    ]);
    const removals = listAudit(engine.database, { subjectType: 'policy' }).filter(
      (entry) => entry.action === 'policy.updated' && JSON.stringify(entry.details).includes('web-03'),
    );
    expect(removals.map((entry) => entry.subjectName).sort()).toEqual(['two-servers', 'web-03-only']);
  });

  it('previews the next occurrences in the policy zone, across the end of summer time', () => {
    const policy = temp.engine.policies.add({
      name: 'p',
      clientId,
      windows: ['Sat 22:00-02:00'],
      timeZone: 'America/New_York',
    });
    const occurrences = temp.engine.policies.preview(policy.id, new Date('2026-10-25T00:00:00Z'), 14);
    expect(occurrences.map((occurrence) => [occurrence.start, occurrence.end])).toEqual([
      // The one that opened on Saturday 24 October (EDT, UTC-4) still overlaps the start of the range.
      ['2026-10-25T02:00:00.000Z', '2026-10-25T06:00:00.000Z'],
      // Clocks go back at 02:00 EDT on 1 November: the window ends at 02:00 EST, five hours after it opened.
      ['2026-11-01T02:00:00.000Z', '2026-11-01T07:00:00.000Z'],
    ]);
  });
});
