import { expect } from 'vitest';
import { startLocalSshd, testPassword, testUsers, type LocalSshd } from '../engine/ssh/local-sshd';
import { createTempEngine } from './temp-engine';

export interface ScannedSshdDevice {
  readonly sshd: LocalSshd;
  readonly temp: ReturnType<typeof createTempEngine>;
  readonly deviceId: number;
}

/**
 * This machine as a device of the client Acme, through a real local sshd, signed in as the account without sudo
 * (nothing can be installed), and scanned once, so its host key is pinned. The host-key tests rotate the key next.
 */
export async function scannedSshdDevice(name: string, sign: 'key' | 'password'): Promise<ScannedSshdDevice> {
  const sshd = await startLocalSshd();
  const temp = createTempEngine({ clock: { now: () => new Date() } });
  const client = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
  const { id: deviceId } = await temp.engine.devices.add({
    clientId: client.id,
    name,
    host: sshd.host,
    port: sshd.port,
    user: testUsers.plain,
    tags: [],
    ring: 'broad',
    auth:
      sign === 'key'
        ? { kind: 'key', keyPath: sshd.clientKeyPath }
        : { kind: 'password', password: testPassword },
    sudo: false,
  });
  const [scan] = await temp.engine.scans.scan({ deviceIds: [deviceId], depth: 'quick', concurrency: 1 });
  expect(scan?.status).toBe('ok');
  return { sshd, temp, deviceId };
}
