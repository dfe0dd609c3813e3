import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { seedReportFleet } from '../engine/reports/report-fleet';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');
const unexpected = 'Something went wrong inside Patchdeck; the details are in the log.';

/**
 * Each page whose list could not be read: the table the list is read from (hidden for a moment to make the read
 * fail), what the page says it could not read, and what shows once the list is read again.
 */
const pages = [
  { route: 'clients', table: 'clients', what: 'the clients', loaded: { role: 'table', name: 'Clients' } },
  { route: 'jobs', table: 'jobs', what: 'the jobs', loaded: { role: 'table', name: 'Jobs' } },
  {
    route: 'policies',
    table: 'policies',
    what: 'the policies',
    loaded: { role: 'table', name: 'Policies' },
  },
  {
    route: 'patches',
    table: 'approval_decisions',
    what: 'the missing patches',
    loaded: { role: 'table', name: 'Missing patches' },
  },
  {
    route: 'vulnerabilities',
    table: 'advisories',
    what: 'the vulnerabilities',
    loaded: { role: 'region', name: 'No known vulnerabilities' },
  },
] as const;

describe('a page whose list could not be read says so and reads it again on request', () => {
  const ui = consoleFixture({
    setup: ({ bridge }) => {
      seedReportFleet(bridge.engine, {
        clients: 1,
        devicesPerClient: 3,
        packages: 6,
        maxUpdates: 3,
        now: new Date(),
      });
      fs.mkdirSync(screenshots, { recursive: true });
    },
  });

  for (const { route, table, what, loaded } of pages) {
    it(`${route}: names what failed and offers Try again`, async () => {
      const unexpectedBefore = ui.bridge.unexpectedErrors.length;
      ui.bridge.engine.database.exec(`ALTER TABLE ${table} RENAME TO ${table}_away`);
      let hidden = true;
      try {
        const tab = await openConsole(ui.browser, `${ui.bridge.url}#/${route}`);
        const { page } = tab;
        const alert = page
          .getByRole('alert')
          .filter({ hasText: `Patchdeck could not read ${what}: ${unexpected}` });
        await alert.waitFor();
        if (route === 'clients')
          await page.screenshot({ path: path.join(screenshots, 'load-failure-light.png') });

        ui.bridge.engine.database.exec(`ALTER TABLE ${table}_away RENAME TO ${table}`);
        hidden = false;
        await page.getByRole('button', { name: 'Try again' }).click();
        await page.getByRole(loaded.role, { name: loaded.name }).waitFor();
        expect(await alert.count()).toBe(0);
        // The failed read is the engine bug the bridge logs; nothing else went wrong.
        expect(ui.bridge.unexpectedErrors.slice(unexpectedBefore).length).toBeGreaterThan(0);
        expect(tab.problems).toEqual([]);
        await tab.close();
      } finally {
        if (hidden) ui.bridge.engine.database.exec(`ALTER TABLE ${table}_away RENAME TO ${table}`);
      }
    });
  }
});
