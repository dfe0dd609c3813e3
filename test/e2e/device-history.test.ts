import { describe, expect, it } from 'vitest';
import type { InstalledPackage } from '../../shared/domain/inventory';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { rowWith } from './fields';
import { debianBookworm, dpkgPackage as pkg, storeScan } from '../support/stored-scan';

const os = { ...debianBookworm, arch: 'x86_64', hostname: 'web-01' };

describe('device page history', () => {
  const ui = consoleFixture({ timeout: 60_000 });

  it('shows what later scans saw change: upgrades, installs and removals', async () => {
    const client = ui.bridge.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await ui.bridge.engine.devices.add({
      clientId: client.id,
      name: 'web-01',
      host: 'web01',
      port: 22,
      user: 'tech',
      auth: { kind: 'agent' },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    const stored = (packages: InstalledPackage[], at: string) =>
      storeScan(ui.bridge.engine.database, { deviceId: device.id, at, os, packages });
    stored([pkg('openssl', '3.0.15-1~deb12u1'), pkg('telnet', '0.17-44')], '2026-11-01T09:00:00Z');
    stored([pkg('openssl', '3.0.16-1~deb12u1'), pkg('curl', '7.88.1-10+deb12u8')], '2026-11-08T09:00:00Z');

    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices/${device.id}`);
    const history = (text: string) => rowWith(tab.page, 'Package history', text).first();
    await history('openssl').waitFor();
    expect(await history('openssl').textContent()).toContain('3.0.15-1~deb12u1 → 3.0.16-1~deb12u1');
    expect(await history('curl').textContent()).toContain('installed 7.88.1-10+deb12u8');
    expect(await history('telnet').textContent()).toContain('removed (was 0.17-44)');
    expect(tab.problems).toEqual([]);
    await tab.close();
  }, 60_000);
});
