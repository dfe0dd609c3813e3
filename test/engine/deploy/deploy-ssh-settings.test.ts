import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { aptUpdate, storeScan } from '../../support/stored-scan';
import { createTempEngine } from '../../support/temp-engine';

describe("a deployment's connections", () => {
  let temp: ReturnType<typeof createTempEngine> | undefined;
  let silent: net.Server | undefined;
  afterEach(() => {
    temp?.close();
    silent?.close();
  });

  it("sign in within the SSH settings' timeout, as a scan does", async () => {
    // A TCP server that accepts and never speaks SSH: only the sign-in timeout ends the attempt.
    silent = net.createServer(() => undefined);
    const server = silent;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    temp = createTempEngine();
    const { engine } = temp;
    engine.settings.update({ ssh: { handshakeTimeoutMs: 1000 } });
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await engine.devices.add({
      clientId: client.id,
      name: 'web-01',
      host: '127.0.0.1',
      port,
      user: 'tech',
      auth: { kind: 'password', password: 'not-used-the-server-never-asks' },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    storeScan(engine.database, {
      deviceId: device.id,
      at: new Date().toISOString(),
      updates: [aptUpdate('openssl', '3.0.15-1~deb12u1', '3.0.16-1~deb12u1', true)],
    });

    const started = Date.now();
    const summary = await engine.deploy.preflight({
      deviceIds: [device.id],
      selection: { kind: 'packages', packages: ['openssl'] },
    });
    // The built-in sign-in timeout is 10 s; the technician's 1 s must be the one that ended it.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(summary.devices[0]?.status).not.toBe('ready');
    expect(summary.devices[0]?.error).toMatch(/time/i);
  }, 20_000);
});
