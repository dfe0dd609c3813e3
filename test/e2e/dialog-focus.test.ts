import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { dialogNamed, rowWith, waitForToast } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');

/** Whether the keyboard focus is on this element (not on <body>, not somewhere else). */
function hasFocus(control: Locator): Promise<boolean> {
  return control.evaluate((element) => element === document.activeElement);
}

/** What has the focus, for a readable failure: "BUTTON Add client", or "BODY" when the focus was lost. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'BODY';
    return `${element.tagName} ${element.getAttribute('aria-label') ?? element.textContent ?? ''}`.trim();
  });
}

describe('dialogs with the keyboard alone: the first field takes the typing, Escape and saving give the focus back', () => {
  const ui = consoleFixture({ setup: () => fs.mkdirSync(screenshots, { recursive: true }) });

  it('adds a client by typing into the form the Add client button opened, and lands back on that button', async () => {
    ui.bridge.engine.clients.add({ name: 'Harbor Dental', timeZone: 'Europe/Berlin' });
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/clients`);
    const { page } = tab;
    const addClient = page.getByRole('button', { name: 'Add client' });
    await rowWith(page, 'Clients', 'Harbor Dental').waitFor();

    await addClient.focus();
    await page.keyboard.press('Enter');
    const form = dialogNamed(page, 'Add client');
    await form.waitFor();
    // The Name field asks for the focus: the technician types the name straight away.
    await expect.poll(() => focused(page)).toBe('INPUT');
    expect(await hasFocus(form.getByLabel('Name', { exact: true }))).toBe(true);
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('BUTTON Add client');

    await page.keyboard.press('Enter');
    await form.waitFor();
    await expect.poll(() => focused(page)).toBe('INPUT');
    await page.keyboard.type('Acme Logistics');
    await page.screenshot({ path: path.join(screenshots, 'client-form-keyboard-light.png') });
    await page.keyboard.press('Enter');
    await waitForToast(page, "Client 'Acme Logistics' added.");
    await form.waitFor({ state: 'detached' });
    expect(ui.bridge.engine.clients.list().map((client) => client.name)).toContain('Acme Logistics');
    await expect.poll(() => focused(page)).toBe('BUTTON Add client');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it("returns the focus to a row's Edit and Remove buttons when their dialogs close", async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/clients`);
    const { page } = tab;
    const edit = page.getByRole('button', { name: 'Edit Harbor Dental' });
    await edit.focus();
    await page.keyboard.press('Enter');
    const form = dialogNamed(page, 'Edit Harbor Dental');
    await form.waitFor();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('BUTTON Edit Harbor Dental');

    const remove = page.getByRole('button', { name: 'Remove Harbor Dental' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const confirm = dialogNamed(page, "Remove client 'Harbor Dental'?");
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => focused(page)).toBe('BUTTON Remove Harbor Dental');
    expect(ui.bridge.engine.clients.list().map((client) => client.name)).toContain('Harbor Dental');
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
