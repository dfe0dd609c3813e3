import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstalledPackage } from '../../shared/domain/inventory';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { addUnreachableDevice } from '../support/unreachable-device';
import { aptUpdate, debianBookworm, dpkgPackage as pkg, storeScan } from '../support/stored-scan';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { rowWith } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');

describe('the page of a retired device', () => {
  const ui = consoleFixture({ timeout: 60_000 });

  it('shows its facts, packages at retirement and history read-only, with when it was retired', async () => {
    const client = ui.bridge.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await addUnreachableDevice(ui.bridge.engine, client.id, 'old-01');
    const stored = (packages: InstalledPackage[], at: string) =>
      storeScan(ui.bridge.engine.database, {
        deviceId: device.id,
        at,
        os: debianBookworm,
        packages,
        updates: [aptUpdate('openssl', '3.0.15-1~deb12u1', '3.0.17-1~deb12u1', true)],
      });
    stored([pkg('openssl', '3.0.14-1~deb12u1'), pkg('telnet', '0.17-44')], '2026-11-01T09:00:00Z');
    stored([pkg('openssl', '3.0.15-1~deb12u1')], '2026-11-08T09:00:00Z');
    const retiredAt = ui.bridge.engine.devices.retire(device.id).retiredAt ?? '';

    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices/${device.id}`);
    const { page } = tab;
    const notice = page.getByRole('note').filter({ hasText: 'Retired on' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(String(new Date(retiredAt).getFullYear()));
    expect(await page.getByRole('region', { name: 'System' }).textContent()).toContain(debianBookworm.name);
    await rowWith(page, 'Installed packages', 'openssl', '3.0.15-1~deb12u1').waitFor();
    expect(await rowWith(page, 'Package history', 'openssl').first().textContent()).toContain(
      '3.0.14-1~deb12u1 → 3.0.15-1~deb12u1',
    );
    expect(await rowWith(page, 'Package history', 'telnet').textContent()).toContain('removed (was 0.17-44)');
    // Nothing to do to it from here: no scan, and no missing updates offered to deploy.
    expect(await page.getByRole('button', { name: 'Scan now' }).count()).toBe(0);
    expect(await page.getByRole('table', { name: 'Missing updates' }).count()).toBe(0);
    fs.mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, 'device-retired.png'), fullPage: true });
    expect(tab.problems).toEqual([]);
    expect(ui.bridge.unexpectedErrors).toEqual([]);
    await tab.close();
  }, 60_000);
});
