import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadDemoFleet } from '../../electron/engine/demo/demo-fleet';
import { findRepositoryRoot, startBridge } from '../bridge/start-bridge';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { dialogNamed } from './fields';

const pages = [
  'dashboard',
  'clients',
  'devices',
  'patches',
  'policies',
  'jobs',
  'reports',
  'settings',
] as const;
const themes = ['light', 'dark'] as const;
const titles: Readonly<Record<(typeof pages)[number], string>> = {
  dashboard: 'Dashboard',
  clients: 'Clients',
  devices: 'Devices',
  patches: 'Patches',
  policies: 'Policies',
  jobs: 'Jobs',
  reports: 'Reports',
  settings: 'Settings',
};

const root = findRepositoryRoot();
const screenshots = path.join(root, 'test-results/screenshots');

/** The page's real background colour, to tell light from dark without trusting the attribute alone. */
function bodyBackground(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

async function openPage(page: Page, name: (typeof pages)[number]): Promise<void> {
  await page.getByRole('link', { name: titles[name], exact: true }).click();
  await page
    .locator(`main[data-page="${name}"]`)
    .getByRole('heading', { level: 1, name: titles[name] })
    .waitFor();
}

describe('theme, every page, and a clean console', () => {
  const ui = consoleFixture({
    setup: async ({ bridge }) => {
      await loadDemoFleet(bridge.engine, new Date());
      fs.mkdirSync(screenshots, { recursive: true });
    },
  });

  for (const theme of themes) {
    it(`follows a ${theme} OS preference and screenshots every page`, async () => {
      const tab = await openConsole(ui.browser, `${ui.bridge.url}#/dashboard`, { colorScheme: theme });
      const { page } = tab;
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
      expect(await bodyBackground(page)).toBe(theme === 'light' ? 'rgb(246, 247, 249)' : 'rgb(15, 18, 22)');
      for (const name of pages) {
        await openPage(page, name);
        if (name === 'devices')
          await page
            .getByRole('table', { name: 'Devices' })
            .getByText(ui.bridge.engine.devices.list()[0]?.name ?? '', { exact: true })
            .waitFor();
        if (name === 'clients')
          await page.getByRole('table', { name: 'Clients' }).getByText('Northwind Dental').waitFor();
        if (name === 'settings') await page.getByText(ui.bridge.engine.database.path).waitFor();
        await page.screenshot({ path: path.join(screenshots, `${name}-${theme}.png`) });
      }

      // The device drawer with its validation messages, for a look at forms in both themes.
      await openPage(page, 'devices');
      await page.getByRole('button', { name: 'Add device' }).first().click();
      const form = dialogNamed(page, 'Add device');
      await form.getByLabel('Host', { exact: true }).fill('300.1.1.1');
      await form.getByRole('button', { name: 'Add device' }).click();
      await form.getByText("host '300.1.1.1' is neither a hostname nor an IP address").waitFor();
      await page.screenshot({ path: path.join(screenshots, `device-form-${theme}.png`) });
      await form.getByRole('button', { name: 'Cancel' }).click();

      expect(tab.problems).toEqual([]);
      await tab.close();
    });
  }

  it('Settings shows the app info', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`);
    const { page } = tab;
    const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
    const about = page.getByRole('region', { name: 'About' });
    await about.getByText(ui.bridge.engine.database.path).waitFor();
    expect(await about.locator('dd').first().textContent()).toBe(version);
    expect(await about.getByText('passphrase').count()).toBe(1);
    await about.getByText('available', { exact: true }).waitFor();
    // The bridge's vault has a passphrase, so there is nothing to warn about.
    expect(await about.getByRole('note').count()).toBe(0);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('without a vault passphrase, Settings warns and a password device is refused in the form', async () => {
    const lockedBridge = await startBridge({ vault: createPassphraseVault(undefined) });
    try {
      lockedBridge.engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
      const tab = await openConsole(ui.browser, `${lockedBridge.url}#/settings`);
      const { page } = tab;
      const about = page.getByRole('region', { name: 'About' });
      await about.getByText('unavailable', { exact: true }).waitFor();
      expect(await about.getByRole('note').textContent()).toBe(
        'PATCHDECK_VAULT_PASSPHRASE is not set: passwords cannot be stored or used.',
      );

      await openPage(page, 'devices');
      await page.getByRole('button', { name: 'Add device' }).first().click();
      const form = dialogNamed(page, 'Add device');
      await form.getByLabel('Client', { exact: true }).selectOption({ label: 'Acme' });
      await form.getByLabel('Name', { exact: true }).fill('web-01');
      await form.getByLabel('Host', { exact: true }).fill('web-01.acme.lan');
      await form.getByLabel('User', { exact: true }).fill('admin');
      await form.getByLabel('Sign in with').selectOption('password');
      await form.getByLabel('Password', { exact: true }).fill('hunter2!');
      await form.getByRole('button', { name: 'Add device' }).click();
      // The vault's refusal names no field, so it shows for the whole form.
      await form
        .getByRole('alert')
        .getByText(
          'Passwords are stored encrypted with a passphrase: set PATCHDECK_VAULT_PASSPHRASE, or use a key file or ssh-agent instead.',
        )
        .waitFor();
      expect(lockedBridge.engine.devices.list()).toEqual([]);
      expect(tab.problems).toEqual([]);
      await tab.close();
    } finally {
      await lockedBridge.close();
    }
  });

  it('the theme toggle overrides the OS preference and is remembered after a reload', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`, { colorScheme: 'light' });
    const { page } = tab;
    const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
    const choice = (name: string) =>
      page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name });

    expect(await choice('System').getAttribute('aria-checked')).toBe('true');
    await choice('Dark').click();
    expect(await theme()).toBe('dark');
    expect(await bodyBackground(page)).toBe('rgb(15, 18, 22)');
    expect(await page.evaluate(() => localStorage.getItem('patchdeck.theme'))).toBe('dark');

    await page.reload();
    await choice('Dark').waitFor();
    expect(await theme()).toBe('dark');
    expect(await choice('Dark').getAttribute('aria-checked')).toBe('true');

    await choice('System').click();
    expect(await theme()).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(theme).toBe('dark');
    await choice('Light').click();
    expect(await theme()).toBe('light');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('navigation works from the keyboard alone', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/dashboard`);
    const { page } = tab;
    await page.locator('main[data-page="dashboard"]').waitFor();
    let focused = '';
    for (let presses = 0; presses < 10 && focused !== 'Devices'; presses += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    }
    expect(focused).toBe('Devices');
    await page.keyboard.press('Enter');
    await page.locator('main[data-page="devices"]').waitFor();
    expect(await page.getByRole('link', { name: 'Devices' }).getAttribute('aria-current')).toBe('page');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
