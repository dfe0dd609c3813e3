import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { findJob, listSteps } from '../../../electron/engine/db/repositories/jobs';
import { scheduledDeployment } from '../../../electron/engine/deploy/deploy-service';
import type { ScheduledDeployment } from '../../../electron/engine/jobs/scheduler';
import { createTempEngine } from '../../support/temp-engine';

/** A local port nothing listens on: a connect to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a policy window’s deployment carries its commands and its end into the job', () => {
  let temp: ReturnType<typeof createTempEngine> | undefined;
  afterEach(() => temp?.close());

  async function setUp() {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await engine.devices.add({
      clientId: client.id,
      name: 'web-01',
      host: '127.0.0.1',
      port: await closedPort(),
      user: 'tech',
      tags: [],
      ring: 'broad',
      auth: { kind: 'password', password: 'secret' },
      sudo: true,
    });
    // As a scan would have found it: the deploy engine plans only for devices whose platform it knows.
    engine.database.statement("UPDATE devices SET platform = 'debian' WHERE id = ?").run(device.id);
    const deployment = (windowEnd: string): ScheduledDeployment => ({
      policyId: null,
      policyName: 'weekend-servers',
      occurrenceKey: 'k',
      windowStart: new Date('2026-11-22T08:00:00Z'),
      windowEnd: new Date(windowEnd),
      devices: [{ deviceId: device.id, device: 'web-01', packages: ['pd-hello'] }],
      reboot: 'always',
      concurrency: 4,
      maxFailPercent: 100,
      preCommand: ['systemctl', 'stop', 'app; reboot'],
      postCommand: ['systemctl', 'start', 'app'],
    });
    return { engine, device, deployment };
  }

  it('skips a device whose window already closed, without connecting, and keeps commands and end with the job', async () => {
    const { engine, device, deployment } = await setUp();
    // The temp engine's clock stands at 09:00 UTC.
    const started = await scheduledDeployment(engine.deploy)(deployment('2026-11-22T08:30:00Z'));
    const outcome = await started.finished;
    expect(outcome.jobId).toBe(started.jobId);
    expect(outcome.status).toBe('failed');
    const view = engine.deploy.get(outcome.jobId!);
    expect(view.devices).toMatchObject([
      {
        deviceId: device.id,
        status: 'skipped',
        error: 'Not started: the maintenance window closed at 2026-11-22T08:30:00.000Z.',
      },
    ]);
    expect(listSteps(engine.database, outcome.jobId!)).toEqual([]);
    expect(JSON.parse(findJob(engine.database, outcome.jobId!)!.settings)).toMatchObject({
      reboot: 'always',
      preCommand: ['systemctl', 'stop', 'app; reboot'],
      postCommand: ['systemctl', 'start', 'app'],
      notAfter: '2026-11-22T08:30:00.000Z',
    });
    const created = listAudit(engine.database, { subjectType: 'job' }).find(
      (entry) => entry.action === 'job.deploy-created',
    );
    expect(created?.details).toMatchObject({
      preCommand: ['systemctl', 'stop', 'app; reboot'],
      notAfter: '2026-11-22T08:30:00.000Z',
    });
  });

  it('starts a device while its window is open (here it then fails to connect); a retry is not held by the old end', async () => {
    const { engine, deployment } = await setUp();
    const started = await scheduledDeployment(engine.deploy)(deployment('2026-11-22T10:00:00Z'));
    // Resolved once the job runs, before it ends: the scheduler's next tick is not held back by it.
    expect(engine.deploy.get(started.jobId!).status).toBe('running');
    const outcome = await started.finished;
    const view = engine.deploy.get(outcome.jobId!);
    expect(view.devices[0]!.status).toBe('failed');
    expect(view.devices[0]!.error).toMatch(/cannot be reached|refused/);
    // It was started: it tried to connect (a closed window would have skipped it with no attempt).
    expect(view.devices[0]!.error).not.toMatch(/window/);
    const retry = engine.deploy.retry(outcome.jobId!);
    await retry.done;
    expect(JSON.parse(findJob(engine.database, retry.jobId)!.settings)).toMatchObject({
      preCommand: ['systemctl', 'stop', 'app; reboot'],
      notAfter: null,
    });
  });

  it('refuses a command that is not an argument list before anything is written', async () => {
    const { engine, device } = await setUp();
    expect(() =>
      engine.deploy.start({
        deviceIds: [device.id],
        selection: { kind: 'packages', packages: ['pd-hello'] },
        preCommand: ['systemctl stop app; reboot'],
      }),
    ).toThrow(/program name/);
    expect(engine.deploy.list()).toEqual([]);
  });
});
