import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempEngine } from '../../support/temp-engine';
import { startLocalSshd, testPassword, testUsers, type LocalSshd } from './local-sshd';

describe('a device whose login password was forgotten', () => {
  let sshd: LocalSshd;
  let temp: ReturnType<typeof createTempEngine>;

  beforeAll(async () => {
    sshd = await startLocalSshd();
    temp = createTempEngine();
  });
  afterAll(async () => {
    temp.close();
    await sshd.stop();
  });

  it('is reported as having no stored password, not as one the technician left empty', async () => {
    const clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
    const device = await temp.engine.devices.add({
      clientId,
      name: 'web-01',
      host: sshd.host,
      port: sshd.port,
      user: testUsers.plain,
      auth: { kind: 'password', password: testPassword },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    const [signedIn] = await temp.engine.scans.scan({ deviceIds: [device.id], depth: 'quick' });
    expect(signedIn?.status).not.toBe('auth-failed');

    temp.engine.devices.forgetSecret(device.id, 'password');
    const [outcome] = await temp.engine.scans.scan({ deviceIds: [device.id], depth: 'quick' });
    expect(outcome).toMatchObject({
      status: 'auth-failed',
      error: `No SSH password is stored for web-01 (${sshd.host}:${sshd.port}): enter it again in the device's settings, or sign in with a key or ssh-agent.`,
    });
    // Nothing was offered to the device: no sign-in attempt after the one the first scan made.
    expect(sshd.log().match(/Accepted password|Failed password/g)).toHaveLength(1);
  });
});
