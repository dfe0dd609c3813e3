import { describe, expect, it } from 'vitest';
import { openConsole, type ConsoleTab } from './chromium';
import { consoleFixture } from './console-fixture';
import { makeKeyFile } from './key-file';
import { dialogNamed, fieldError } from './fields';

describe('form validation: every problem shows next to its field', () => {
  let tab: ConsoleTab;
  let keyFile: string;

  const ui = consoleFixture({
    setup: async ({ bridge, browser }) => {
      keyFile = makeKeyFile();
      const acme = bridge.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
      await bridge.engine.devices.add({
        clientId: acme.id,
        name: 'web-01',
        host: '10.0.0.1',
        port: 22,
        user: 'patchdeck',
        auth: { kind: 'agent' },
        sudo: false,
        tags: [],
        ring: 'broad',
      });
      tab = await openConsole(browser, `${bridge.url}#/clients`);
    },
  });

  it('client form: empty name and SLA, then a duplicate name from the engine', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: 'Add client' }).first().click();
    const form = dialogNamed(page, 'Add client');
    await form.getByLabel('Green', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Add client' }).click();
    await expect.poll(() => fieldError(form, 'Name')).toBe('client name must not be empty');
    expect(await fieldError(form, 'Green')).toBe('green SLA: whole days from 0 to 3650');
    expect(await fieldError(form, 'Red')).toBeNull();

    await form.getByLabel('Name', { exact: true }).fill('acme');
    // The message belongs to the old value: it goes as soon as the field changes.
    expect(await fieldError(form, 'Name')).toBeNull();
    await form.getByLabel('Green', { exact: true }).fill('30');
    await form.getByRole('button', { name: 'Add client' }).click();
    await expect.poll(() => fieldError(form, 'Name')).toBe("A client named 'Acme' already exists.");
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    expect(ui.bridge.engine.clients.list()).toHaveLength(1);
  });

  it('device form: missing client, empty name, host 300.1.1.1, port 70000, empty user, missing key file', async () => {
    const { page } = tab;
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('button', { name: 'Add device' }).first().click();
    const form = dialogNamed(page, 'Add device');
    await form.getByLabel('Host', { exact: true }).fill('300.1.1.1');
    await form.getByLabel('Port', { exact: true }).fill('70000');
    await form.getByRole('button', { name: 'Add device' }).click();

    await expect.poll(() => fieldError(form, 'Client')).toBe('client is required');
    expect(await fieldError(form, 'Name')).toBe('device name must not be empty');
    expect(await fieldError(form, 'Host')).toBe("host '300.1.1.1' is neither a hostname nor an IP address");
    expect(await fieldError(form, 'Port')).toBe('port must be between 1 and 65535');
    expect(await fieldError(form, 'User')).toBe('user must not be empty');
    expect(await fieldError(form, 'Key file')).toBe('key file is required');

    await form.getByLabel('Port', { exact: true }).fill('22x');
    await form.getByRole('button', { name: 'Add device' }).click();
    await expect.poll(() => fieldError(form, 'Port')).toBe('port must be a number');
    expect(ui.bridge.engine.devices.list()).toHaveLength(1);
  });

  it('device form: the engine refuses an unreadable key file and a duplicate name, next to those fields', async () => {
    const { page } = tab;
    const form = dialogNamed(page, 'Add device');
    await form.getByLabel('Client', { exact: true }).selectOption({ label: 'Acme' });
    await form.getByLabel('Name', { exact: true }).fill('web-02');
    await form.getByLabel('Host', { exact: true }).fill('10.0.0.2');
    await form.getByLabel('Port', { exact: true }).fill('22');
    await form.getByLabel('User', { exact: true }).fill('patchdeck');
    await form.getByLabel('Key file', { exact: true }).fill('/nonexistent/id_ed25519');
    await form.getByRole('button', { name: 'Add device' }).click();
    await expect
      .poll(() => fieldError(form, 'Key file'))
      .toBe('The key file /nonexistent/id_ed25519 cannot be read.');
    for (const field of ['Client', 'Name', 'Host', 'Port', 'User'])
      expect(await fieldError(form, field)).toBeNull();

    await form.getByLabel('Key file', { exact: true }).fill(keyFile);
    await form.getByLabel('Name', { exact: true }).fill('WEB-01');
    await form.getByRole('button', { name: 'Add device' }).click();
    await expect
      .poll(() => fieldError(form, 'Name'))
      .toBe("Client 'Acme' already has a device named 'web-01'.");

    await form.getByLabel('Name', { exact: true }).fill('web-02');
    await form.getByLabel('Tags', { exact: true }).fill('ok -bad');
    await form.getByRole('button', { name: 'Add device' }).click();
    await expect
      .poll(() => fieldError(form, 'Tags'))
      .toBe('a tag starts with a letter or digit and may contain letters, digits and : _ . / -');
    expect(ui.bridge.engine.devices.list()).toHaveLength(1);

    await form.getByLabel('Tags', { exact: true }).fill('ok');
    await form.getByRole('button', { name: 'Add device' }).click();
    await form.waitFor({ state: 'detached' });
    expect(ui.bridge.engine.devices.list().map((device) => device.name)).toEqual(['web-01', 'web-02']);
  });

  it('left the console clean: no console errors, no CSP violations, no engine bugs', () => {
    expect(tab.problems).toEqual([]);
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
