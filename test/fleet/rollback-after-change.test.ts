import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempEngine } from '../support/temp-engine';
import { addFleetDevices, installedVersion, vaultPassphrase } from '../engine/deploy/fleet-support';
import { startFleet, type Fleet } from './harness/fleet';

/**
 * A deployment upgraded pd-hello; afterwards a technician upgraded it again by hand, and no scan has seen that yet.
 * Rolling back the deployment must not downgrade the hand-installed version: the device's own pre-flight finds
 * pd-hello no longer at the version the job left, and leaves it alone.
 */
describe('rolling back a deployment on a real host changed by hand since', () => {
  let fleet: Fleet;
  let temp: ReturnType<typeof createTempEngine>;
  let id = 0;
  const fast = {
    connect: { keepaliveIntervalMs: 1000, keepaliveCountMax: 3, handshakeTimeoutMs: 5000 },
    commandTimeoutMs: 60_000,
  };

  beforeAll(async () => {
    fleet = await startFleet({ count: 1, prefix: 'pdrbchg' });
    temp = createTempEngine({ passphrase: vaultPassphrase, clock: { now: () => new Date() } });
    [id] = (await addFleetDevices(temp.engine, fleet.hosts)) as [number];
    const [scan] = await temp.engine.scans.scan({ deviceIds: [id], depth: 'full', concurrency: 1 });
    expect(scan?.status).toBe('ok');
  }, 180_000);
  afterAll(async () => {
    await fleet?.stop();
    temp?.close();
  });

  it('leaves the hand-upgraded package alone and says why', async () => {
    const host = fleet.hosts[0]!;
    const deployed = await temp.engine.deploy.start(
      { deviceIds: [id], selection: { kind: 'packages', packages: ['pd-hello'] } },
      fast,
    ).done;
    expect(deployed.devices[0]?.changes).toEqual([
      expect.objectContaining({ package: 'pd-hello', from: '1.0-1', to: '1.1-1' }),
    ]);
    await fleet.repository.publish({ name: 'pd-hello', version: '1.2-1', suite: 'bookworm-security' });
    await host.exec(['apt-get', 'update', '-q']);
    await host.exec(['apt-get', 'install', '-y', 'pd-hello=1.2-1']);
    expect(await installedVersion(host, 'pd-hello')).toBe('1.2-1');

    const rollback = await temp.engine.deploy.rollback(deployed.job, undefined, fast).done;
    expect(rollback.devices[0]).toMatchObject({ status: 'succeeded', changes: [] });
    expect(rollback.devices[0]?.warnings).toContain(
      'Not rolled back: pd-hello is at 1.2-1 now, not at 1.1-1 as the job left it: it changed since (a later job or by hand), and reinstalling 1.0-1 would undo that change too.',
    );
    expect(await installedVersion(host, 'pd-hello')).toBe('1.2-1');
  }, 300_000);
});
