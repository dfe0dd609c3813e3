import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { findJob } from '../../../electron/engine/db/repositories/jobs';
import { fixedClock, createTempEngine } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';
import { debianUpdate, recordMissingUpdates } from '../policy/policy-fleet';

/**
 * A policy's night run is started by the scheduler, not by the technician at the console: its audit entries and
 * its job must say so, while what the technician does by hand stays theirs.
 */
describe('who the audit trail names for a scheduled run', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let clock: ReturnType<typeof fixedClock>;
  let deviceId: number;
  beforeEach(async () => {
    // Saturday 21 November 2026, 21:00 UTC: the policy's window opens at 22:00.
    clock = fixedClock('2026-11-21T21:00:00Z');
    temp = createTempEngine({ clock });
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    deviceId = (await addUnreachableDevice(engine, client.id, 'web-01', { tags: ['server'] })).id;
    recordMissingUpdates(engine, deviceId, [debianUpdate('openssl')]);
    engine.policies.add({
      name: 'weekend-servers',
      clientId: client.id,
      scope: { tags: ['server'] },
      windows: ['weekends 22:00-02:00'],
      approval: { mode: 'security' },
    });
  });
  afterEach(() => temp.close());

  it('names the scheduler for the claim and the job it starts; a retry by hand names the technician', async () => {
    const { engine } = temp;
    clock.set('2026-11-21T22:30:00Z');
    const [run] = await engine.scheduler.runDue();
    expect(run).toMatchObject({ outcome: 'started', status: 'failed' });
    const jobId = run!.jobId!;

    const claim = listAudit(engine.database, { subjectType: 'policy' }).find(
      (entry) => entry.action === 'schedule.run-claimed',
    );
    expect(claim?.actor).toBe('scheduler');
    expect(listAudit(engine.database, { subjectType: 'job', subjectId: jobId })).toMatchObject([
      { action: 'job.deploy-created', actor: 'scheduler' },
    ]);
    expect(findJob(engine.database, jobId)?.actor).toBe('scheduler');

    const retry = await engine.deploy.retry(jobId).done;
    expect(listAudit(engine.database, { subjectType: 'job', subjectId: retry.job })).toMatchObject([
      { action: 'job.deploy-created', actor: 'tester' },
    ]);
  });
});
