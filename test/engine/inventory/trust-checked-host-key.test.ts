import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/engine/api/dispatch';
import { createHandlers } from '../../../electron/engine/api/handlers';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import type { Log } from '../../../electron/engine/log';
import { AppError } from '../../../shared/errors';
import type { LocalSshd } from '../ssh/local-sshd';
import { scannedSshdDevice, type ScannedSshdDevice } from '../../support/scanned-sshd-device';

const quietLog: Log = { info() {}, warn() {}, error() {} };

/**
 * "Trust new key" pins the key the technician checked, not whatever answers at the moment of the click: the device
 * is reinstalled (a new key, which the technician compares with the machine's own), then another key appears before
 * they trust it, as when someone steps in between. The device is this machine through a real local sshd whose host
 * key is rotated.
 */
describe('trusting a checked host key', () => {
  let sshd: LocalSshd;
  let temp: ScannedSshdDevice['temp'];
  let deviceId = 0;
  let firstPin = '';

  beforeAll(async () => {
    ({ sshd, temp, deviceId } = await scannedSshdDevice('acc', 'key'));
    firstPin = await sshd.hostKeyFingerprint();
  });
  afterAll(async () => {
    await sshd?.stop();
    temp?.close();
  });

  const trustAudits = () =>
    listAudit(temp.engine.database, { subjectType: 'device', subjectId: deviceId }).filter(
      (entry) => entry.action === 'device.host-key-trusted',
    );

  it('refuses to pin when the device presents another key than the one checked, pinning nothing', async () => {
    await sshd.rotateHostKey();
    const [refused] = await temp.engine.scans.scan({ deviceIds: [deviceId], depth: 'quick', concurrency: 1 });
    const checked = await sshd.hostKeyFingerprint();
    expect(refused?.error).toContain(checked);
    // Between the technician's check and the click, another key answers.
    await sshd.rotateHostKey();
    const now = await sshd.hostKeyFingerprint();

    const error = await temp.engine.scans.trustHostKey(deviceId, { expected: checked }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'host-key-mismatch' });
    expect((error as AppError).message).toContain(checked);
    expect((error as AppError).message).toContain(now);
    expect(temp.engine.devices.get(deviceId).hostKey).toBe(firstPin);
    expect(trustAudits()).toEqual([]);

    // The console's channel refuses the same way.
    const handlers = createHandlers(temp.engine, { version: 'test' });
    const call = ((channel: keyof typeof handlers, request: never) =>
      handlers[channel](request)) as Parameters<typeof dispatch>[2];
    const answer = await dispatch('device:trust', { id: deviceId, expected: checked }, call, quietLog);
    expect(answer).toMatchObject({ ok: false, error: { code: 'host-key-mismatch' } });
    expect(temp.engine.devices.get(deviceId).hostKey).toBe(firstPin);
  });

  it('reads the presented key without pinning it, then pins exactly that key', async () => {
    const presented = await sshd.hostKeyFingerprint();
    const handlers = createHandlers(temp.engine, { version: 'test' });
    const call = ((channel: keyof typeof handlers, request: never) =>
      handlers[channel](request)) as Parameters<typeof dispatch>[2];

    expect(await dispatch('device:host-key', { id: deviceId }, call, quietLog)).toEqual({
      ok: true,
      value: { pinned: firstPin, presented },
    });
    expect(temp.engine.devices.get(deviceId).hostKey).toBe(firstPin);

    expect(await dispatch('device:trust', { id: deviceId, expected: presented }, call, quietLog)).toEqual({
      ok: true,
      value: { previous: firstPin, current: presented },
    });
    expect(temp.engine.devices.get(deviceId).hostKey).toBe(presented);
    expect(trustAudits().map((entry) => entry.details)).toEqual([{ previous: firstPin, current: presented }]);
    const [scan] = await temp.engine.scans.scan({ deviceIds: [deviceId], depth: 'quick', concurrency: 1 });
    expect(scan?.status).toBe('ok');
  });

  it('takes from the console only a well-formed fingerprint, and always one', async () => {
    const handlers = createHandlers(temp.engine, { version: 'test' });
    const call = ((channel: keyof typeof handlers, request: never) =>
      handlers[channel](request)) as Parameters<typeof dispatch>[2];
    for (const request of [
      { id: deviceId },
      { id: deviceId, expected: 'SHA256:short' },
      { id: deviceId, expected: 'MD5:ab:cd' },
    ]) {
      expect(await dispatch('device:trust', request, call, quietLog)).toMatchObject({
        ok: false,
        error: { code: 'invalid-input', field: 'expected' },
      });
    }
  });
});
