import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnansweringPort } from '../engine/ssh/local-sshd';
import { runPatchdeck } from '../support/cli';
import { createTempEngine } from '../support/temp-engine';

/**
 * `scan --timeout S` is how long the technician lets each device take: a host that is off (its SYNs dropped, here a
 * port on 127.0.0.1 whose queue is full) must fail within S, whatever the console's SSH settings say.
 */
describe('patchdeck scan --timeout on a host that does not answer', () => {
  let dead: Awaited<ReturnType<typeof startUnansweringPort>>;
  let temp: ReturnType<typeof createTempEngine>;

  beforeAll(async () => {
    dead = await startUnansweringPort();
    temp = createTempEngine();
    // A patient console: 20 s to connect, as for devices behind a slow VPN.
    temp.engine.settings.update({ ssh: { connectTimeoutMs: 20_000 } });
    const client = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    await temp.engine.devices.add({
      clientId: client.id,
      name: 'off-01',
      host: '127.0.0.1',
      port: dead.port,
      user: 'tech',
      auth: { kind: 'agent' },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    temp.engine.close();
  });
  afterAll(async () => {
    await dead?.stop();
    temp?.close();
  });

  it('fails within --timeout, saying so, with exit 1', async () => {
    const started = performance.now();
    const run = await runPatchdeck(['--db', temp.dbPath, '--json', 'scan', 'off-01', '--timeout', '2'], {
      SSH_AUTH_SOCK: '/nonexistent/agent.sock',
    });
    const elapsedMs = performance.now() - started;
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject([
      {
        device: 'off-01',
        status: 'unreachable',
        error: `off-01 (127.0.0.1:${dead.port}) did not answer within 2 s: the host is off, or a firewall drops the connection.`,
      },
    ]);
    // Two seconds, plus the CLI's start-up: far from the settings' 20.
    expect(elapsedMs).toBeLessThan(8_000);
  }, 30_000);
});
