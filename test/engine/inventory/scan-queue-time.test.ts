import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../electron/engine/inventory/scan-service';
import { startSilentListener } from '../ssh/local-sshd';
import { createTempEngine } from '../../support/temp-engine';

/**
 * With `--concurrency 1`, the second device waits in line while the first one's sign-in stalls (a host that accepts
 * TCP and never speaks SSH). The wait is not the second device's scan: its duration, its stored start and the
 * console's "connecting" must begin when its turn comes, or a refused connection reads as a scan of seconds.
 */
describe('a device that waits for a free session', () => {
  let stalled: Awaited<ReturnType<typeof startSilentListener>>;
  let temp: ReturnType<typeof createTempEngine>;
  const agentSocket = process.env['SSH_AUTH_SOCK'];

  beforeAll(async () => {
    // Signing in with ssh-agent needs one named; neither device gets as far as asking it.
    process.env['SSH_AUTH_SOCK'] = '/nonexistent/agent.sock';
    stalled = await startSilentListener();
    temp = createTempEngine({ clock: { now: () => new Date() } });
  });
  afterAll(async () => {
    if (agentSocket === undefined) delete process.env['SSH_AUTH_SOCK'];
    else process.env['SSH_AUTH_SOCK'] = agentSocket;
    await stalled?.stop();
    temp?.close();
  });

  it('is timed and shown as connecting from its turn on, not from the start of the fleet scan', async () => {
    const client = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const add = (name: string, port: number) =>
      temp.engine.devices.add({
        clientId: client.id,
        name,
        host: '127.0.0.1',
        port,
        user: 'tech',
        auth: { kind: 'agent' },
        sudo: false,
        tags: [],
        ring: 'broad',
      });
    const first = await add('slow-01', stalled.port);
    // Port 1: nothing listens, the connection is refused at once.
    const second = await add('off-02', 1);
    const progress: (ScanProgress & { atMs: number })[] = [];
    const stop = temp.engine.events.on('scan:progress', (event) =>
      progress.push({ ...event, atMs: performance.now() }),
    );

    const outcomes = await temp.engine.scans.scan({
      deviceIds: [first.id, second.id],
      depth: 'quick',
      concurrency: 1,
      connect: { handshakeTimeoutMs: 1_500 },
    });
    stop();

    expect(outcomes.map((outcome) => [outcome.device, outcome.status])).toEqual([
      ['slow-01', 'timeout'],
      ['off-02', 'unreachable'],
    ]);
    const [slow, off] = outcomes;
    expect(slow!.durationMs).toBeGreaterThanOrEqual(1_400);
    expect(off!.durationMs).toBeLessThan(500);
    // The console sees off-02 queued while slow-01 holds the one session, and connecting only once it is free.
    const at = (device: string, stage: ScanProgress['stage']) =>
      progress.find((event) => event.device === device && event.stage === stage)!.atMs;
    expect(at('off-02', 'connecting') - at('slow-01', 'connecting')).toBeGreaterThanOrEqual(1_400);
    // The stored scan of off-02 starts when slow-01 gave up its session, not with the fleet scan.
    const startedAt = (deviceId: number) =>
      Date.parse(
        temp.engine.database
          .statement('SELECT started_at FROM scans WHERE device_id = ?')
          .pluck()
          .get(deviceId) as string,
      );
    expect(startedAt(second.id) - startedAt(first.id)).toBeGreaterThanOrEqual(1_400);
  }, 30_000);
});
