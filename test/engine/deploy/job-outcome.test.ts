import { afterEach, describe, expect, it } from 'vitest';
import { insertJob } from '../../../electron/engine/db/repositories/jobs';
import { createTempEngine } from '../../support/temp-engine';

describe('job outcome', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp?.close());

  it('never calls a job succeeded while one of its devices did not run', async () => {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await engine.devices.add({
      clientId: client.id,
      name: 'web-01',
      host: '127.0.0.1',
      port: 22,
      user: 'tech',
      auth: { kind: 'agent' },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    // A job recorded without its run settings (as an old or damaged record could be): its device cannot run.
    const jobId = engine.database.transaction(() =>
      insertJob(engine.database, {
        kind: 'deploy',
        settings: '{}',
        rollbackOf: null,
        actor: 'tester',
        createdAt: '2026-11-22T09:00:00Z',
        devices: [{ deviceId: device.id, packages: '[]' }],
      }),
    );
    const view = await engine.deploy.resume(jobId);
    const deviceStatus = view.devices[0]?.status;
    if (deviceStatus === 'queued' || deviceStatus === 'running') expect(view.status).toBe('failed');
    else expect(view.status).not.toBe('succeeded');
  });
});
