import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/engine/api/dispatch';
import { createHandlers } from '../../../electron/engine/api/handlers';
import type { Log } from '../../../electron/engine/log';
import type { LocalSshd } from '../ssh/local-sshd';
import { scannedSshdDevice, type ScannedSshdDevice } from '../../support/scanned-sshd-device';

const quietLog: Log = { info() {}, warn() {}, error() {} };

/**
 * A reinstalled device whose SSH password was also forgotten under Settings: the technician first trusts its new key,
 * then enters the password again. Reading and pinning a key needs no sign-in, so neither may be refused for the
 * missing password. The device is this machine through a real local sshd whose host key is rotated.
 */
describe('the host key of a device whose password was forgotten', () => {
  let sshd: LocalSshd;
  let temp: ScannedSshdDevice['temp'];
  let deviceId = 0;

  beforeAll(async () => {
    ({ sshd, temp, deviceId } = await scannedSshdDevice('web-01', 'password'));
    temp.engine.devices.forgetSecret(deviceId, 'password');
    await sshd.rotateHostKey();
  });
  afterAll(async () => {
    await sshd?.stop();
    temp?.close();
  });

  it('is read and trusted without a sign-in, and nothing is offered to the device', async () => {
    const pinned = temp.engine.devices.get(deviceId).hostKey;
    const presented = await sshd.hostKeyFingerprint();
    const signInsBefore = sshd.log().match(/Accepted password|Failed password/g)?.length ?? 0;
    const handlers = createHandlers(temp.engine, { version: 'test' });
    const call = ((channel: keyof typeof handlers, request: never) =>
      handlers[channel](request)) as Parameters<typeof dispatch>[2];

    expect(await dispatch('device:host-key', { id: deviceId }, call, quietLog)).toEqual({
      ok: true,
      value: { pinned, presented },
    });
    expect(await dispatch('device:trust', { id: deviceId, expected: presented }, call, quietLog)).toEqual({
      ok: true,
      value: { previous: pinned, current: presented },
    });
    expect(temp.engine.devices.get(deviceId).hostKey).toBe(presented);
    expect(sshd.log().match(/Accepted password|Failed password/g)?.length ?? 0).toBe(signInsBefore);

    // The scan still says what is missing: the password, not the key.
    const [scan] = await temp.engine.scans.scan({ deviceIds: [deviceId], depth: 'quick', concurrency: 1 });
    expect(scan).toMatchObject({ status: 'auth-failed' });
    expect(scan?.error).toContain('No SSH password is stored for web-01');
  });
});
