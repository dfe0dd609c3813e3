import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempEngine } from '../../support/temp-engine';

/**
 * A host that accepts TCP and never says a word of SSH: every scan of it ends at the sign-in timeout, which
 * makes the timeout and the number of devices worked on at once visible from outside.
 */
describe('scans use the SSH settings when a request does not override them', () => {
  const temp = createTempEngine();
  const sockets = new Set<net.Socket>();
  const accepted: number[] = [];
  const server = net.createServer((socket) => {
    accepted.push(performance.now());
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  const deviceIds: number[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const client = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    for (let n = 1; n <= 6; n += 1) {
      const device = await temp.engine.devices.add({
        clientId: client.id,
        name: `silent-${n}`,
        host: '127.0.0.1',
        port,
        user: 'tech',
        auth: { kind: 'password', password: 'not-used' },
        sudo: false,
        tags: [],
        ring: 'broad',
      });
      deviceIds.push(device.id);
    }
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    temp.close();
  });

  const spread = () => Math.max(...accepted) - Math.min(...accepted);

  it('takes concurrency and the sign-in timeout from the settings', async () => {
    temp.engine.settings.update({ ssh: { concurrency: 2, handshakeTimeoutMs: 1_000 } });
    accepted.length = 0;
    const outcomes = await temp.engine.scans.scan({ deviceIds, depth: 'quick' });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(6).fill('timeout'));
    for (const outcome of outcomes) {
      expect(outcome.durationMs).toBeGreaterThanOrEqual(900);
      expect(outcome.durationMs).toBeLessThan(5_000);
    }
    // Two at a time: the third pair connects only after two rounds of one-second timeouts.
    expect(accepted).toHaveLength(6);
    expect(spread()).toBeGreaterThanOrEqual(1_800);
  });

  it('lets the request override them', async () => {
    accepted.length = 0;
    const outcomes = await temp.engine.scans.scan({
      deviceIds,
      depth: 'quick',
      concurrency: 6,
      connect: { handshakeTimeoutMs: 1_500 },
    });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(6).fill('timeout'));
    for (const outcome of outcomes) expect(outcome.durationMs).toBeGreaterThanOrEqual(1_400);
    expect(spread()).toBeLessThan(1_000);
  });
});
