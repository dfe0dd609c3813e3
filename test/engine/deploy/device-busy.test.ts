import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { debianUpdate, recordMissingUpdates } from '../policy/policy-fleet';

/**
 * A device that accepts TCP and then says nothing: an SSH connect to it stays "under way" until its handshake
 * timeout, like a device in the middle of a long install. Counts the connections made to it.
 */
async function silentDevice() {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('two jobs on one device', () => {
  const clock = fixedClock('2026-11-21T22:30:00Z');
  let temp: ReturnType<typeof createTempEngine>;
  let device: Awaited<ReturnType<typeof silentDevice>>;
  let web01: number;
  let clientId: number;
  const connect = { connectTimeoutMs: 2_000, handshakeTimeoutMs: 2_000 };

  beforeEach(async () => {
    device = await silentDevice();
    temp = createTempEngine({ clock });
    const { engine } = temp;
    ({ id: clientId } = engine.clients.add({ name: 'Acme', timeZone: 'UTC' }));
    web01 = (
      await engine.devices.add({
        clientId,
        name: 'web-01',
        host: '127.0.0.1',
        port: device.port,
        user: 'tech',
        auth: { kind: 'password', password: 'tech' },
        sudo: true,
        tags: ['server'],
        ring: 'broad',
      })
    ).id;
    recordMissingUpdates(engine, web01, [debianUpdate('openssl')]);
  });
  afterEach(async () => {
    // The device hangs up, so every job still connecting to it ends before the database closes.
    await device.close();
    await vi.waitFor(
      () => expect(temp.engine.deploy.list().filter((job) => job.status === 'running')).toEqual([]),
      { timeout: 15_000 },
    );
    temp.close();
  });

  it('does not start a manual deployment on a device a scheduled job is working on, and says which job', async () => {
    const { engine } = temp;
    engine.policies.add({ name: 'nightly', clientId, windows: ['daily 22:00-02:00'] });
    const [scheduled] = await engine.scheduler.runDue({ wait: false });
    expect(scheduled).toMatchObject({ outcome: 'started', status: 'running' });
    const first = scheduled!.jobId!;
    // The scheduled job is connecting to web-01 (its device row says running) when the technician deploys by hand.
    await vi.waitFor(() => expect(device.connections()).toBe(1));

    const manual = engine.deploy.start(
      { deviceIds: [web01], selection: { kind: 'packages', packages: ['openssl'] } },
      { connect },
    );
    const view = await manual.done;
    expect(view.devices).toEqual([
      expect.objectContaining({
        device: 'web-01',
        status: 'skipped',
        error: `Not started: job ${first} is already working on web-01, and a second job would collide with it at the package manager. Retry this device when job ${first} has finished.`,
      }),
    ]);
    expect(view.status).toBe('failed');
    // web-01 was never contacted a second time.
    expect(device.connections()).toBe(1);

    // Once the first job has ended, the device is free again for a new job.
    await device.close();
    await vi.waitFor(() => expect(engine.deploy.get(first).status).toBe('failed'), { timeout: 15_000 });
    const retried = engine.deploy.retry(manual.jobId);
    const again = await retried.done;
    expect(again.devices[0]?.error ?? '').not.toContain('already working on');
  });

  it('lets two policies covering one device start only one job on it at a time', async () => {
    const { engine } = temp;
    engine.policies.add({
      name: 'servers',
      clientId,
      scope: { tags: ['server'] },
      windows: ['daily 22:00-02:00'],
    });
    engine.policies.add({ name: 'everything', clientId, windows: ['daily 21:00-03:00'] });
    const results = await engine.scheduler.runDue({ wait: false });
    expect(results.map((result) => result.outcome)).toEqual(['started', 'started']);
    const jobs = results.map((result) => engine.deploy.get(result.jobId!));
    await vi.waitFor(() =>
      expect(jobs.map((job) => engine.deploy.get(job.job).devices[0]?.status).sort()).toEqual([
        'running',
        'skipped',
      ]),
    );
    // Only the job that has web-01 connects to it.
    await vi.waitFor(() => expect(device.connections()).toBe(1));
  });
});
