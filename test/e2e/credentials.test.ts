import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { dialogNamed, fieldError, rowWith, waitForToast } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');

describe('Settings → Credentials: each device sign-in, replace and forget, never a secret in the page', () => {
  let keyPath: string;
  const ids = new Map<string, number>();

  const ui = consoleFixture({
    setup: async ({ bridge }) => {
      fs.mkdirSync(screenshots, { recursive: true });
      keyPath = path.join(bridge.fileFolder, 'id_ed25519');
      fs.writeFileSync(keyPath, 'not a real key: the engine only checks that it can read the file\n', {
        mode: 0o600,
      });
      const acme = bridge.engine.clients.add({ name: 'Acme Logistics', timeZone: 'Europe/Berlin' });
      const birch = bridge.engine.clients.add({ name: 'Birch & Co', timeZone: 'Europe/London' });
      const base = { host: '127.0.0.1', port: 22, tags: [], ring: 'broad' as const };
      for (const device of [
        {
          ...base,
          clientId: acme.id,
          name: 'web-01',
          user: 'tech',
          auth: { kind: 'password' as const, password: 'login-secret-4711' },
          sudo: true,
        },
        {
          ...base,
          clientId: acme.id,
          name: 'db-01',
          user: 'patchdeck',
          auth: { kind: 'key' as const, keyPath },
          sudo: true,
          sudoPassword: 'sudo-secret-0815',
        },
        {
          ...base,
          clientId: birch.id,
          name: 'ts-01',
          user: 'BIRCH\\patch',
          auth: { kind: 'agent' as const },
          sudo: false,
        },
      ]) {
        ids.set(device.name, (await bridge.engine.devices.add(device)).id);
      }
    },
  });

  it('lists sign-ins, replaces a login password, forgets a sudo password after a confirm', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const section = page.getByRole('region', { name: 'Credentials' });
    const table = section.getByRole('table', { name: 'Stored credentials' });
    await table.waitFor();
    const web = rowWith(page, 'Stored credentials', 'web-01');
    const db = rowWith(page, 'Stored credentials', 'db-01');
    const ts = rowWith(page, 'Stored credentials', 'ts-01');
    await web.getByText('password in the vault').waitFor();
    expect(await web.textContent()).toContain('Acme Logistics');
    expect(await db.textContent()).toContain(`key file ${keyPath}`);
    expect(await ts.textContent()).toContain('ssh-agent');
    // The test bridge's vault is the passphrase vault; every stored password says so.
    expect(await web.getByText('passphrase vault').count()).toBe(1);
    expect(await db.getByText('passphrase vault').count()).toBe(1);
    expect(await ts.getByText('not stored').count()).toBe(2);
    // Nothing secret reached the page, sealed or not.
    const html = await page.content();
    expect(html).not.toContain('login-secret-4711');
    expect(html).not.toContain('sudo-secret-0815');
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.waitForTimeout(250);
      await section.screenshot({ path: path.join(screenshots, `settings-credentials-${theme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Replace login password of web-01' }).click();
    const replace = dialogNamed(page, 'New login password for web-01');
    await replace.getByRole('button', { name: 'Store password' }).click();
    expect(await fieldError(replace, 'New login password')).toBe('Type the new login password.');
    await replace.getByLabel('New login password', { exact: true }).fill('fresh-login-2026');
    await replace.getByRole('button', { name: 'Store password' }).click();
    await waitForToast(page, 'Login password for web-01 replaced.');
    expect((await ui.bridge.engine.devices.secrets(ids.get('web-01') ?? 0)).password).toBe(
      'fresh-login-2026',
    );

    await page.getByRole('button', { name: 'Forget sudo password of db-01' }).click();
    const confirm = dialogNamed(page, 'Forget the sudo password of db-01?');
    await confirm.getByRole('button', { name: 'Forget password' }).click();
    await waitForToast(page, 'Sudo password for db-01 forgotten.');
    await db.getByText('not stored').nth(1).waitFor();
    expect(await db.getByRole('button', { name: 'Forget sudo password of db-01' }).count()).toBe(0);
    expect(await ui.bridge.engine.devices.secrets(ids.get('db-01') ?? 0)).toEqual({
      password: null,
      sudoPassword: null,
    });
    // Only web-01's login password is left in the database.
    expect(ui.bridge.engine.database.statement('SELECT count(*) AS n FROM credentials').get()).toEqual({
      n: 1,
    });

    // A key login has no login password to set; its sudo password can be set again.
    expect(await db.getByRole('button', { name: 'Replace login password of db-01' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Replace sudo password of db-01' }).click();
    const sudo = dialogNamed(page, 'New sudo password for db-01');
    await sudo.getByLabel('New sudo password', { exact: true }).fill('sudo-again');
    await sudo.getByRole('button', { name: 'Store password' }).click();
    await waitForToast(page, 'Sudo password for db-01 replaced.');
    expect((await ui.bridge.engine.devices.secrets(ids.get('db-01') ?? 0)).sudoPassword).toBe('sudo-again');
    await db.getByText('passphrase vault').waitFor();
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('keeps the separate sudo password of a password login when its device is edited', async () => {
    const id = ids.get('web-01') ?? 0;
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    await page.getByRole('button', { name: 'Replace sudo password of web-01' }).click();
    const sudo = dialogNamed(page, 'New sudo password for web-01');
    await sudo.getByLabel('New sudo password', { exact: true }).fill('web-sudo-1234');
    await sudo.getByRole('button', { name: 'Store password' }).click();
    await waitForToast(page, 'Sudo password for web-01 replaced.');
    // Unlike the login password, so that sudo falling back to the login password would not pass.
    expect((await ui.bridge.engine.devices.secrets(id)).sudoPassword).toBe('web-sudo-1234');

    await page.getByRole('link', { name: 'Devices' }).click();
    await rowWith(page, 'Devices', 'web-01').click();
    const editForm = dialogNamed(page, 'Edit web-01');
    await editForm.getByLabel('Tags', { exact: true }).fill('frontend');
    await editForm.getByRole('button', { name: 'Save device' }).click();
    await waitForToast(page, "Device 'web-01' saved.");
    expect(ui.bridge.engine.devices.get(id).tags).toEqual(['frontend']);
    expect((await ui.bridge.engine.devices.secrets(id)).sudoPassword).toBe('web-sudo-1234');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it("lists a retired device's stored password, marked retired, and forgets it", async () => {
    const acme = ui.bridge.engine.clients.list().find((client) => client.name === 'Acme Logistics');
    const old = await ui.bridge.engine.devices.add({
      clientId: acme?.id ?? 0,
      name: 'old-01',
      host: '127.0.0.1',
      port: 22,
      user: 'tech',
      auth: { kind: 'password', password: 'retired-secret-1234' },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    ui.bridge.engine.devices.retire(old.id);
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, {
      viewport: { width: 1280, height: 1400 },
    });
    const { page } = tab;
    const row = rowWith(page, 'Stored credentials', 'old-01');
    await row.getByText('Retired', { exact: true }).waitFor();
    expect(await row.getByText('passphrase vault').count()).toBe(1);
    // Nothing signs in to it any more: no new password for it, only forgetting the one stored.
    expect(await row.getByRole('button', { name: 'Replace login password of old-01' }).count()).toBe(0);
    await row.getByRole('button', { name: 'Forget login password of old-01' }).click();
    await dialogNamed(page, 'Forget the login password of old-01?')
      .getByRole('button', { name: 'Forget password' })
      .click();
    await waitForToast(page, 'Login password for old-01 forgotten.');
    await row.getByText('not stored').first().waitFor();
    expect((await ui.bridge.engine.devices.secrets(old.id)).password).toBeNull();
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
