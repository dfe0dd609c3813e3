import { afterEach, describe, expect, it } from 'vitest';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import { createTempEngine } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';
import { frame } from '../platforms/macos/frame';
import { recordedWindowsScan } from '../platforms/windows/recorded-scan';

const windowsScan = frame('windows-scan', recordedWindowsScan());

/** A session that answers with the recorded Windows scan, after running what the test does meanwhile. */
const sessionAnswering = (meanwhile: () => void = () => undefined) =>
  ({
    run: () => {
      meanwhile();
      return Promise.resolve({ stdout: windowsScan, stderr: '', exitCode: 0 });
    },
  }) as unknown as SshSession;

describe('a device removed while a fleet scan runs', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp?.close());

  it('is reported as removed, and the devices scanned with it are stored', async () => {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const kept = await addUnreachableDevice(engine, client.id, 'desk-01');
    const removed = await addUnreachableDevice(engine, client.id, 'desk-02');
    for (const device of [kept, removed]) {
      engine.database.statement("UPDATE devices SET platform = 'windows' WHERE id = ?").run(device.id);
    }
    const [keptScan, removedScan] = await Promise.allSettled([
      engine.scans.scanThroughSession(sessionAnswering(), engine.devices.get(kept.id), 'quick'),
      // The technician removes desk-02 (on the Devices page, or with the CLI) while its scan runs.
      engine.scans.scanThroughSession(
        sessionAnswering(() => engine.devices.remove(removed.id)),
        engine.devices.get(removed.id),
        'quick',
      ),
    ]);
    expect(keptScan).toMatchObject({ status: 'fulfilled', value: { status: 'ok' } });
    expect(engine.devices.get(kept.id).lastScanStatus).toBe('ok');
    expect(removedScan).toMatchObject({
      status: 'rejected',
      reason: {
        code: 'not-found',
        message: `The device with id ${removed.id} was removed during its scan; its scan was not stored.`,
      },
    });
  });

  it('is left out of a fleet scan, whose other devices come back with their outcome', async () => {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const kept = await addUnreachableDevice(engine, client.id, 'desk-01');
    const removed = await addUnreachableDevice(engine, client.id, 'desk-02');
    // Removed as soon as its scan is queued, before the (failed) connection's outcome is written.
    const stop = engine.events.on('scan:progress', (event) => {
      if (event.deviceId === removed.id && event.stage === 'queued') engine.devices.remove(removed.id);
    });
    const outcomes = await engine.scans.scan({ deviceIds: [kept.id, removed.id], depth: 'quick' });
    stop();
    expect(outcomes.map((outcome) => outcome.deviceId)).toEqual([kept.id]);
    // Nothing answers at 127.0.0.1:1: the kept device's failed scan is stored all the same.
    expect(outcomes[0]?.status).not.toBe('ok');
    expect(engine.devices.get(kept.id).lastScanStatus).toBe(outcomes[0]?.status);
    expect(engine.devices.list().map((device) => device.id)).toEqual([kept.id]);
  });
});
