import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUnreachableDevice } from '../support/unreachable-device';
import { runPatchdeck } from '../support/cli';
import { dpkgPackage, storeScan } from '../support/stored-scan';
import { createTempEngine } from '../support/temp-engine';

/**
 * A retired device keeps its history (the retire message says so, and its page in the console shows what it ran):
 * `patchdeck inventory` looks at it as well, while scanning and patching it stay refused.
 */
describe('patchdeck inventory of a retired device', () => {
  let temp: ReturnType<typeof createTempEngine>;
  const cli = (args: string[]) => runPatchdeck(['--db', temp.dbPath, ...args]);
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    temp = createTempEngine({ clock: { now: () => new Date() } });
    const client = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await addUnreachableDevice(temp.engine, client.id, 'old-01');
    storeScan(temp.engine.database, {
      deviceId: device.id,
      at: '2026-11-20T09:00:00Z',
      packages: [
        dpkgPackage('openssl', '3.0.20-1~deb12u2'),
        dpkgPackage('libssl3', '3.0.20-1~deb12u2', 'openssl'),
      ],
    });
    temp.engine.devices.retire(device.id);
    temp.engine.close();
  });
  afterAll(() => temp?.close());

  it('lists what it ran when it was retired, in JSON and as a table, exit 0', async () => {
    const json = await cli(['--json', 'inventory', 'old-01']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        name: 'libssl3',
        version: '3.0.20-1~deb12u2',
        arch: 'amd64',
        sourceName: 'openssl',
        sourceVersion: '3.0.20-1~deb12u2',
        manager: 'dpkg',
      },
      {
        name: 'openssl',
        version: '3.0.20-1~deb12u2',
        arch: 'amd64',
        sourceName: 'openssl',
        sourceVersion: '3.0.20-1~deb12u2',
        manager: 'dpkg',
      },
    ]);
    const text = await cli(['inventory', 'Acme/old-01']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^PACKAGE\s+VERSION\s+ARCH\s+SOURCE\s+MANAGER$/);
    expect(text.stdout).toContain('libssl3');
  });

  it('still refuses to scan it, exit 2', async () => {
    expect(await cli(['scan', 'old-01', '--quick'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `patchdeck: Device 'Acme/old-01' is retired (since ${today}): reinstate it to scan, patch or plan it again.\n`,
    });
  });

  it('names an unknown device, exit 2', async () => {
    expect(await cli(['inventory', 'nosuch'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "patchdeck: Unknown device 'nosuch'.\n",
    });
  });
});
