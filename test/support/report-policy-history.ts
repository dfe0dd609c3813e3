import type { Engine } from '../../electron/engine/create-engine';
import { debianUpdate, recordMissingUpdates } from '../engine/policy/policy-fleet';
import { addUnreachableDevice } from './unreachable-device';

type MovableClock = { set(iso: string): void };

export interface PolicyHistory {
  readonly acmeId: number;
  readonly globexId: number;
  readonly labHotfixId: number;
  /** The policy Globex gets on 2 December, after lab-hotfix was removed. */
  readonly globexNightlyId: number;
}

/**
 * Two clients' policies through November 2026, written through the engine's services and scheduler (so the audit
 * log holds what a technician's actions and the night runs leave): Acme's weekend-servers policy (added 1 October)
 * runs on Saturday 7 November, is moved to Globex on 16 November and runs there on Saturday 21 November; Acme's
 * lab-hotfix policy is changed on 4 November and removed on 2 December, when Globex gets globex-nightly. Each
 * client has one unreachable server, so a run is claimed and its job fails without reaching anything.
 */
export async function seedPolicyHistory(engine: Engine, clock: MovableClock): Promise<PolicyHistory> {
  clock.set('2026-10-01T08:00:00.000Z');
  const acmeId = engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
  const globexId = engine.clients.add({ name: 'Globex', timeZone: 'UTC' }).id;
  for (const clientId of [acmeId, globexId]) {
    const device = await addUnreachableDevice(engine, clientId, `server-${clientId}`, { tags: ['server'] });
    recordMissingUpdates(engine, device.id, [debianUpdate('openssl')], '2026-10-01T08:00:00.000Z');
  }
  const weekendServers = engine.policies.add({
    name: 'weekend-servers',
    clientId: acmeId,
    scope: { tags: ['server'] },
    windows: ['weekends 22:00-02:00'],
  });
  const labHotfixId = engine.policies.add({
    name: 'lab-hotfix',
    clientId: acmeId,
    windows: ['Wed 12:00-13:00'],
  }).id;

  clock.set('2026-11-04T10:00:00.000Z');
  engine.policies.update({ id: labHotfixId, reboot: 'always' });
  clock.set('2026-11-07T22:30:00.000Z');
  await engine.scheduler.runDue();
  clock.set('2026-11-16T10:00:00.000Z');
  engine.policies.update({ id: weekendServers.id, clientId: globexId });
  clock.set('2026-11-21T22:30:00.000Z');
  await engine.scheduler.runDue();

  clock.set('2026-12-02T10:00:00.000Z');
  engine.policies.remove(labHotfixId);
  const globexNightlyId = engine.policies.add({
    name: 'globex-nightly',
    clientId: globexId,
    windows: ['daily 01:00-03:00'],
  }).id;
  return { acmeId, globexId, labHotfixId, globexNightlyId };
}
