import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');

describe('pages that need a client say so on a fresh install, and lead to the Clients page', () => {
  const ui = consoleFixture({ setup: () => fs.mkdirSync(screenshots, { recursive: true }) });

  for (const { route, title, screenshot } of [
    { route: 'reports', title: 'No clients to report on', screenshot: 'reports-no-clients-light.png' },
    { route: 'policies', title: 'No clients yet', screenshot: 'policies-no-clients-light.png' },
  ]) {
    it(`${route}: names the missing client and goes to Clients`, async () => {
      const tab = await openConsole(ui.browser, `${ui.bridge.url}#/${route}`);
      const { page } = tab;
      const empty = page.getByRole('region', { name: title });
      await empty.waitFor();
      await page.screenshot({ path: path.join(screenshots, screenshot) });
      await empty.getByRole('button', { name: 'Go to Clients' }).click();
      await page
        .getByRole('region', { name: 'No clients yet' })
        .getByRole('button', { name: 'Add client' })
        .waitFor();
      expect(page.url()).toContain('#/clients');
      expect(tab.problems).toEqual([]);
      await tab.close();
    });
  }

  it('once a client exists, Reports asks to choose it and Policies offers New policy', async () => {
    ui.bridge.engine.clients.add({ name: 'Acme Logistics', timeZone: 'Europe/Berlin' });
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/reports`);
    const { page } = tab;
    await page.getByRole('region', { name: 'Choose a client' }).waitFor();
    await page.goto(`${ui.bridge.url}#/policies`);
    const empty = page.getByRole('region', { name: 'No policies yet' });
    await empty.waitFor();
    expect(await empty.getByRole('button', { name: 'New policy' }).isEnabled()).toBe(true);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
