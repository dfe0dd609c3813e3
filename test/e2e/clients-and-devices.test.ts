import { describe, expect, it } from 'vitest';
import { formatCountOf } from '../../renderer/src/format';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { makeKeyFile } from './key-file';
import { deviceRowAction, dialogNamed, rowWith, waitForToast } from './fields';

describe('clients and devices, end to end through the console', () => {
  let keyFile: string;

  const ui = consoleFixture({
    setup: () => {
      keyFile = makeKeyFile();
    },
  });

  it('adds a client and a device through the forms, and finds both after a reload', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/clients`);
    const { page } = tab;

    await page.getByRole('button', { name: 'Add client' }).first().click();
    const clientForm = dialogNamed(page, 'Add client');
    await clientForm.getByLabel('Name', { exact: true }).fill('Acme Logistics');
    await clientForm.getByLabel('Time zone').selectOption('Europe/Berlin');
    await clientForm.getByLabel('Red', { exact: true }).fill('3');
    await clientForm.getByRole('button', { name: 'Add client' }).click();
    await waitForToast(page, "Client 'Acme Logistics' added.");
    await rowWith(page, 'Clients', 'Acme Logistics', 'Europe/Berlin').waitFor();
    expect(await clientForm.count()).toBe(0);
    const [client] = ui.bridge.engine.clients.list();
    expect(client).toMatchObject({
      name: 'Acme Logistics',
      timeZone: 'Europe/Berlin',
      slaDays: { red: 3, yellow: 14, green: 30 },
    });

    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('button', { name: 'Add device' }).first().click();
    const deviceForm = dialogNamed(page, 'Add device');
    await deviceForm.getByLabel('Client', { exact: true }).selectOption({ label: 'Acme Logistics' });
    await deviceForm.getByLabel('Name', { exact: true }).fill('web-01');
    await deviceForm.getByLabel('Host', { exact: true }).fill('10.0.4.21');
    await deviceForm.getByLabel('Port', { exact: true }).fill('2222');
    await deviceForm.getByLabel('User', { exact: true }).fill('patchdeck');
    await deviceForm.getByLabel('Sign in with').selectOption('key');
    await deviceForm.getByLabel('Key file', { exact: true }).fill(keyFile);
    await deviceForm.getByLabel('Use sudo').check();
    await deviceForm.getByLabel('Sudo password (optional)').fill('s3cret sudo');
    await deviceForm.getByLabel('Tags', { exact: true }).fill('web, dmz web');
    await deviceForm.getByLabel('Ring', { exact: true }).selectOption('pilot');
    await deviceForm.getByRole('button', { name: 'Add device' }).click();
    await waitForToast(page, "Device 'web-01' added to Acme Logistics.");
    await rowWith(page, 'Devices', 'web-01', '10.0.4.21:2222', 'pilot').waitFor();

    const [device] = ui.bridge.engine.devices.list();
    expect(device).toMatchObject({
      clientName: 'Acme Logistics',
      name: 'web-01',
      host: '10.0.4.21',
      port: 2222,
      user: 'patchdeck',
      auth: { kind: 'key', keyPath: keyFile },
      sudo: true,
      ring: 'pilot',
    });
    expect([...(device?.tags ?? [])].sort()).toEqual(['dmz', 'web']);
    // The sudo password went to the vault, sealed, and comes back out intact.
    expect((await ui.bridge.engine.devices.secrets(device?.id ?? 0)).sudoPassword).toBe('s3cret sudo');

    await page.reload();
    await page.getByRole('searchbox', { name: 'Search devices' }).fill('web-0');
    await rowWith(page, 'Devices', 'web-01', 'Acme Logistics').waitFor();
    await page.getByRole('searchbox', { name: 'Search devices' }).fill('no-such-device');
    await page.getByText("No devices match 'no-such-device'.").waitFor();

    await page.getByRole('link', { name: 'Clients' }).click();
    await rowWith(page, 'Clients', 'Acme Logistics', 'Europe/Berlin').waitFor();
    expect(await rowWith(page, 'Clients', 'Acme Logistics').getByRole('cell').nth(3).textContent()).toBe('1');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('edits a device and a client, refuses to remove a client that still has devices, then removes both', async () => {
    const client = ui.bridge.engine.clients.add({ name: 'Birch & Co', timeZone: 'Europe/London' });
    const device = await ui.bridge.engine.devices.add({
      clientId: client.id,
      name: 'db-01',
      host: '192.168.10.4',
      port: 22,
      user: 'admin',
      auth: { kind: 'agent' },
      sudo: false,
      tags: ['postgres'],
      ring: 'broad',
    });
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`);
    const { page } = tab;

    await page.getByRole('combobox', { name: 'Client' }).selectOption({ label: 'Birch & Co' });
    await rowWith(page, 'Devices', 'db-01').click();
    const editForm = dialogNamed(page, 'Edit db-01');
    expect(await editForm.getByLabel('Client', { exact: true }).isDisabled()).toBe(true);
    await editForm.getByLabel('Host', { exact: true }).fill('db-01.birch.lan');
    await editForm.getByLabel('Sign in with').selectOption('password');
    await editForm.getByLabel('Password', { exact: true }).fill('hunter2!');
    await editForm.getByLabel('Tags', { exact: true }).fill('postgres backup');
    await editForm.getByLabel('Ring', { exact: true }).selectOption('test');
    await editForm.getByRole('button', { name: 'Save device' }).click();
    await waitForToast(page, "Device 'db-01' saved.");
    await rowWith(page, 'Devices', 'db-01', 'db-01.birch.lan', 'test').waitFor();
    const edited = ui.bridge.engine.devices.get(device.id);
    expect(edited).toMatchObject({ host: 'db-01.birch.lan', auth: { kind: 'password' }, ring: 'test' });
    expect([...edited.tags].sort()).toEqual(['backup', 'postgres']);
    expect((await ui.bridge.engine.devices.secrets(device.id)).password).toBe('hunter2!');

    await page.getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('button', { name: 'Edit Birch & Co' }).click();
    const clientForm = dialogNamed(page, 'Edit Birch & Co');
    await clientForm.getByLabel('Name', { exact: true }).fill('Birch & Co Accountants');
    await clientForm.getByRole('button', { name: 'Save client' }).click();
    await waitForToast(page, "Client 'Birch & Co Accountants' saved.");
    expect(ui.bridge.engine.clients.list().map((each) => each.name)).toContain('Birch & Co Accountants');

    await page.getByRole('button', { name: 'Remove Birch & Co Accountants' }).click();
    const confirmClient = dialogNamed(page, "Remove client 'Birch & Co Accountants'?");
    await confirmClient.getByRole('button', { name: 'Remove client' }).click();
    await confirmClient
      .getByRole('alert')
      .getByText("Client 'Birch & Co Accountants' still has 1 device: remove them first.")
      .waitFor();
    await confirmClient.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Devices' }).click();
    // The rename shows on the Devices page: it reloads on entry.
    await rowWith(page, 'Devices', 'db-01', 'Birch & Co Accountants').waitFor();
    await (await deviceRowAction(page, 'db-01', 'Remove')).click();
    const confirmDevice = dialogNamed(page, "Remove device 'db-01'?");
    await confirmDevice.getByRole('button', { name: 'Remove device' }).click();
    await waitForToast(page, "Device 'db-01' removed.");
    await rowWith(page, 'Devices', 'db-01').waitFor({ state: 'detached' });
    expect(ui.bridge.engine.devices.list().map((each) => each.name)).not.toContain('db-01');

    await page.getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('button', { name: 'Remove Birch & Co Accountants' }).click();
    await dialogNamed(page, "Remove client 'Birch & Co Accountants'?")
      .getByRole('button', { name: 'Remove client' })
      .click();
    await waitForToast(page, "Client 'Birch & Co Accountants' removed.");
    await rowWith(page, 'Clients', 'Birch & Co Accountants').waitFor({ state: 'detached' });
    expect(ui.bridge.engine.clients.list().map((each) => each.name)).not.toContain('Birch & Co Accountants');

    // The Devices page was still filtered on the removed client: it falls back to every client's devices.
    await page.getByRole('link', { name: 'Devices' }).click();
    const fleet = ui.bridge.engine.devices.list();
    expect(fleet.length).toBeGreaterThan(0);
    await page
      .locator('.toolbar__count')
      .getByText(formatCountOf(fleet.length, 'device'), { exact: true })
      .waitFor();
    expect(await page.getByRole('combobox', { name: 'Client' }).inputValue()).toBe('');
    await rowWith(page, 'Devices', fleet[0]?.name ?? 'no device').waitFor();

    expect(tab.problems).toEqual([]);
    expect(ui.bridge.unexpectedErrors).toEqual([]);
    await tab.close();
  });
});
