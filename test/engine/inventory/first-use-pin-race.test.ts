import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { startLocalSshd, testUsers, type LocalSshd } from '../ssh/local-sshd';
import { startHostKeyRaceProxy, type HostKeyRaceProxy } from '../../support/host-key-race-proxy';
import { createTempEngine } from '../../support/temp-engine';

/**
 * Two operations reach a device nobody pinned yet at the same time (a cron `patchdeck scan` and the console): both
 * read "no key pinned", both pin on first use. The first pin must stand: the later operation carries on when it met
 * the same key and is refused as a host-key mismatch when it met another, never replacing the first's key. The
 * device's address is a loopback forwarder in front of two real sshds with different host keys; the later
 * operation's connection is held there until the first has pinned.
 */
describe('first-use host-key pins of two operations at once', () => {
  let machine: LocalSshd;
  let impostor: LocalSshd;
  let proxy: HostKeyRaceProxy;
  let temp: ReturnType<typeof createTempEngine>;
  let clientId = 0;

  beforeAll(async () => {
    machine = await startLocalSshd();
    impostor = await startLocalSshd();
    await impostor.authorize(machine.clientKeyPath);
    proxy = await startHostKeyRaceProxy(machine);
    temp = createTempEngine({ clock: { now: () => new Date() } });
    clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
  });
  afterAll(async () => {
    await proxy?.stop();
    await machine?.stop();
    await impostor?.stop();
    temp?.close();
  });

  const addDevice = async (name: string) =>
    (
      await temp.engine.devices.add({
        clientId,
        name,
        host: proxy.host,
        port: proxy.port,
        user: testUsers.plain,
        tags: [],
        ring: 'broad',
        auth: { kind: 'key', keyPath: machine.clientKeyPath },
        sudo: false,
      })
    ).id;
  // A held connection waits for the other scan in its handshake: room enough for that on a busy machine.
  const scan = (deviceId: number) =>
    temp.engine.scans.scan({
      deviceIds: [deviceId],
      depth: 'quick',
      concurrency: 1,
      connect: { handshakeTimeoutMs: 60_000 },
    });
  const pinAudits = (deviceId: number) =>
    listAudit(temp.engine.database, { subjectType: 'device', subjectId: deviceId }).filter(
      (entry) => entry.action === 'device.host-key-pinned',
    );

  /**
   * Start a scan whose connection waits at the forwarder on its way to `late` (it read "no key pinned" already),
   * then scan to the end through `early`; answers both outcomes once the held connection was let through.
   */
  const race = async (deviceId: number, late: LocalSshd, early: LocalSshd) => {
    proxy.forwardTo(late);
    proxy.holdNext();
    const lateScan = scan(deviceId);
    await expect.poll(() => proxy.held(), { timeout: 5_000 }).toBe(1);
    proxy.forwardTo(early);
    const earlyOutcomes = await scan(deviceId);
    const pinnedBetween = temp.engine.devices.get(deviceId).hostKey;
    proxy.release();
    return { early: earlyOutcomes, pinnedBetween, late: await lateScan };
  };

  it('refuses the later operation that met a different key, keeping the first pin', async () => {
    const deviceId = await addDevice('raced');
    const { early, pinnedBetween, late } = await race(deviceId, machine, impostor);
    const firstPin = await impostor.hostKeyFingerprint();
    expect(early).toMatchObject([{ status: 'ok' }]);
    expect(pinnedBetween).toBe(firstPin);

    const [outcome] = late;
    expect(outcome?.status).toBe('host-key-mismatch');
    expect(outcome?.error).toContain(firstPin);
    expect(outcome?.error).toContain(await machine.hostKeyFingerprint());
    // The first pin stands, pinned once.
    expect(temp.engine.devices.get(deviceId)).toMatchObject({
      hostKey: firstPin,
      lastScanStatus: 'host-key-mismatch',
    });
    expect(pinAudits(deviceId).map((entry) => entry.details)).toEqual([
      { previous: null, current: firstPin },
    ]);
  });

  it('lets the later operation carry on when it met the same key, pinned once', async () => {
    const deviceId = await addDevice('same-key');
    const { early, pinnedBetween, late } = await race(deviceId, machine, machine);
    const pinned = await machine.hostKeyFingerprint();
    expect(early).toMatchObject([{ status: 'ok' }]);
    expect(pinnedBetween).toBe(pinned);
    expect(late).toMatchObject([{ status: 'ok' }]);
    expect(temp.engine.devices.get(deviceId).hostKey).toBe(pinned);
    expect(pinAudits(deviceId)).toHaveLength(1);
  });
});
