import { describe, expect, it } from 'vitest';
import { addUnreachableDevice } from '../support/unreachable-device';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { aptUpdate, osOf, storeScan } from '../support/stored-scan';

const MINUTE = 60_000;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();

describe('the dashboard review widgets', () => {
  const ui = consoleFixture({ timeout: 60_000 });

  const addDevice = async (clientId: number, name: string) =>
    (await addUnreachableDevice(ui.bridge.engine, clientId, name)).id;

  it('"Due next" keeps one row per missing update across refreshes, even where names repeat', async () => {
    // Device names are unique only within a client, and one device can miss a package for two architectures.
    const acme = ui.bridge.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const birch = ui.bridge.engine.clients.add({ name: 'Birch', timeZone: 'UTC' });
    const acmeWeb = await addDevice(acme.id, 'web-01');
    const birchWeb = await addDevice(birch.id, 'web-01');
    const openssl = aptUpdate('openssl', '3.0.15-1~deb12u1', '3.0.16-1~deb12u1', true);
    storeScan(ui.bridge.engine.database, {
      deviceId: acmeWeb,
      at: minutesAgo(30),
      updates: [openssl, { ...openssl, arch: 'i386' }],
    });
    storeScan(ui.bridge.engine.database, { deviceId: birchWeb, at: minutesAgo(20), updates: [openssl] });

    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/dashboard`);
    const dueNext = tab.page.getByRole('region', { name: 'Due next' }).getByRole('listitem');
    const rowsShown = async (count: number) => {
      await dueNext.nth(count - 1).waitFor();
      return (await dueNext.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    };
    const shown = await rowsShown(3);
    expect(shown).toHaveLength(3);
    expect(shown.filter((row) => row.includes('(Acme)'))).toHaveLength(2);
    expect(shown.filter((row) => row.includes('(Birch)'))).toHaveLength(1);
    // The two Acme rows differ only by architecture: each says which one it is.
    expect(shown.some((row) => row.includes('amd64'))).toBe(true);
    expect(shown.some((row) => row.includes('i386'))).toBe(true);

    // A scan of another device adds a row that is due sooner; the dashboard then reloads its list.
    const acmeDb = await addDevice(acme.id, 'db-01');
    storeScan(ui.bridge.engine.database, {
      deviceId: acmeDb,
      at: minutesAgo(40),
      updates: [aptUpdate('curl', '7.88.1-10+deb12u7', '7.88.1-10+deb12u8', true)],
    });
    await tab.page.goto(`${ui.bridge.url}#/devices`);
    await tab.page.getByRole('heading', { name: 'Devices' }).first().waitFor();
    await tab.page.goto(`${ui.bridge.url}#/dashboard`);
    await tab.page.getByRole('region', { name: 'Due next' }).getByText('curl').waitFor();

    const expected = ui.bridge.engine.reports.dashboard().dueSoon;
    expect(expected).toHaveLength(4);
    const after = await rowsShown(4);
    expect(after).toHaveLength(4);
    expect(after[0]).toContain('curl on db-01');
    expect(after.slice(1).filter((row) => /^openssl( \((amd64|i386)\))? on web-01/.test(row))).toHaveLength(
      3,
    );
    expect(after.filter((row) => row.includes('(Acme)'))).toHaveLength(3);
    expect(tab.problems).toEqual([]);
    await tab.close();
  }, 60_000);

  it('shows calendar days (end of life, trend) as the same day west of UTC', async () => {
    const cedar = ui.bridge.engine.clients.add({ name: 'Cedar', timeZone: 'America/New_York' });
    storeScan(ui.bridge.engine.database, {
      deviceId: await addDevice(cedar.id, 'dc-01'),
      at: minutesAgo(10),
      os: { ...osOf('windows', 'Microsoft Windows Server 2016 Standard'), version: '10.0.14393.8000' },
    });
    ui.bridge.engine.reports.recordComplianceSnapshot('2026-11-20');

    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`);
    // A technician in New York: the console's dates are formatted in the browser's zone.
    const devtools = await tab.page.context().newCDPSession(tab.page);
    await devtools.send('Emulation.setTimezoneOverride', { timezoneId: 'America/New_York' });
    await tab.page.goto(`${ui.bridge.url}#/dashboard`);
    await tab.page.reload();
    const localDay = (year: number, month: number, day: number) =>
      tab.page.evaluate(
        ([y, m, d]) =>
          new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' }).format(
            new Date(y!, m! - 1, d!),
          ),
        [year, month, day],
      );
    const review = tab.page.getByRole('region', { name: 'For review' });
    const server2016 = review.getByRole('listitem').filter({ hasText: 'Windows Server 2016' });
    await server2016.waitFor();
    expect(await server2016.textContent()).toContain(`ends ${await localDay(2027, 1, 12)}`);
    const trend = tab.page.getByRole('region', { name: 'Compliance trend' });
    await trend.getByRole('img').waitFor();
    expect(await trend.textContent()).toContain(await localDay(2026, 11, 20));
    expect(tab.problems).toEqual([]);
    await tab.close();
  }, 60_000);

  it('"For review" warns of exceptions expiring within 14 days, soonest first, a device with its client', async () => {
    const dune = ui.bridge.engine.clients.add({ name: 'Dune', timeZone: 'UTC' });
    const elm = ui.bridge.engine.clients.add({ name: 'Elm', timeZone: 'UTC' });
    const duneWeb = await addDevice(dune.id, 'web-01');
    const elmWeb = await addDevice(elm.id, 'web-01');
    const daysAhead = (days: number) => new Date(Date.now() + days * 24 * 60 * MINUTE).toISOString();
    const except = (pkg: string, deviceId: number, expiresAt: string) =>
      ui.bridge.engine.exceptions.add({
        package: pkg,
        target: { kind: 'device', deviceId },
        reason: 'vendor certifies the new version first',
        expiresAt,
      });
    except('nginx', elmWeb, daysAhead(10));
    except('openssh-server', duneWeb, daysAhead(3));
    except('postgresql-15', duneWeb, daysAhead(20));

    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/dashboard`);
    const expiring = tab.page
      .getByRole('region', { name: 'For review' })
      .getByRole('listitem')
      .filter({ hasText: 'expires' });
    await expiring.nth(1).waitFor();
    const shown = (await expiring.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(shown).toHaveLength(2);
    expect(shown[0]).toContain('Exception for openssh-server on device web-01 (Dune)');
    expect(shown[1]).toContain('Exception for nginx on device web-01 (Elm)');
    expect(tab.problems).toEqual([]);
    await tab.close();
  }, 60_000);
});
