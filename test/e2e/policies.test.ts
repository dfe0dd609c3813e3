import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../electron/engine/audit/audit-log';
import { loadDemoFleet } from '../../electron/engine/demo/demo-fleet';
import { formatCountOf } from '../../renderer/src/format';
import { findRepositoryRoot } from '../bridge/start-bridge';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { dialogNamed, fieldError, rowWith, waitForToast } from './fields';

const screenshots = path.join(findRepositoryRoot(), 'test-results/screenshots');

function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('Policies: automation profiles, the window calendar, rings and exceptions', () => {
  const ui = consoleFixture({
    setup: async ({ bridge }) => {
      await loadDemoFleet(bridge.engine, new Date());
      fs.mkdirSync(screenshots, { recursive: true });
    },
  });

  it('adds a policy with errors shown next to their fields, then previews its windows in both zones', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/policies`);
    const { page } = tab;
    await page.getByRole('region', { name: 'No policies yet' }).waitFor();
    await page.getByRole('button', { name: 'New policy' }).first().click();
    const form = dialogNamed(page, 'New policy');
    await form.getByLabel('Name', { exact: true }).fill('acme-weekly');
    await form.getByLabel('Client', { exact: true }).selectOption({ label: 'Acme Logistics' });
    await form.getByLabel('Tags', { exact: true }).fill('server');
    await form.getByLabel('Maintenance windows', { exact: true }).fill('Sat 25:00-05:00');
    await form.getByLabel('Devices at once', { exact: true }).fill('many');
    await form.getByLabel('Before installing', { exact: true }).fill('systemctl stop "acme app');
    await form.getByRole('button', { name: 'Add policy' }).click();
    // The schema answers in the browser; the window text is read by the engine, so it answers after the rest.
    expect(await fieldError(form, 'Devices at once')).not.toBeNull();
    expect(await fieldError(form, 'Before installing')).toBe('A double quote is not closed.');
    expect(ui.bridge.engine.policies.list()).toEqual([]);
    await form.getByLabel('Devices at once', { exact: true }).fill('4');
    await form.getByLabel('Before installing', { exact: true }).fill('systemctl stop "acme app"');
    // Shell operators are plain text: the list is never handed to a shell.
    await form
      .getByLabel('After installing', { exact: true })
      .fill('/usr/local/bin/notify "patched; ok" && reboot');
    await form.getByRole('button', { name: 'Add policy' }).click();
    await expect.poll(() => fieldError(form, 'Maintenance windows')).toBe('hour 25 is not a time of day');
    // The live preview said so already, while the technician typed.
    const draftPreview = form.getByRole('region', { name: 'Preview of the windows' });
    await draftPreview.getByRole('alert').getByText('hour 25 is not a time of day').waitFor();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      // Buttons fade between themes; let the fade end before the picture.
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshots, `policy-form-${theme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(ui.bridge.engine.policies.list()).toEqual([]);

    await form.getByLabel('Maintenance windows', { exact: true }).fill('Sat 01:00-05:00\nWed 22:00-23:30');
    // Unsaved, the windows are already laid out: the occurrences the engine would plan, in the client's zone.
    const acme = ui.bridge.engine.clients.list().find((candidate) => candidate.name === 'Acme Logistics');
    const draftWindows = { clientId: acme?.id ?? 0, windows: ['Sat 01:00-05:00', 'Wed 22:00-23:30'] };
    const berlin = ui.bridge.engine.policies.previewDraft(
      { ...draftWindows, timeZone: null },
      new Date(),
      28,
    );
    const draftGrid = draftPreview.getByRole('grid', { name: 'Maintenance windows, next 28 days' });
    await expect.poll(() => draftGrid.locator('.calendar__window').count()).toBe(berlin.length);
    expect(await draftGrid.locator('.calendar__client-time').first().textContent()).toMatch(
      /^(01:00–05:00|22:00–23:30)$/,
    );
    // Another zone typed: read there, and the technician's own hours follow.
    await form.getByLabel('Time zone', { exact: true }).fill('Asia/Tokyo');
    const tokyo = ui.bridge.engine.policies.previewDraft(
      { ...draftWindows, timeZone: 'Asia/Tokyo' },
      new Date(),
      28,
    );
    const ownHours = await page.evaluate(
      ({ start, end }) => {
        const clock = (instant: string) =>
          new Intl.DateTimeFormat(undefined, {
            timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          }).format(new Date(instant));
        return `you: ${clock(start)}–${clock(end)}`;
      },
      { start: tokyo[0]?.start ?? '', end: tokyo[0]?.end ?? '' },
    );
    await expect.poll(() => draftGrid.locator('.calendar__local-time').first().textContent()).toBe(ownHours);
    await page.screenshot({ path: path.join(screenshots, 'policy-form-preview-light.png') });
    await form.getByLabel('Time zone', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Add policy' }).click();
    await waitForToast(page, "Policy 'acme-weekly' saved.");
    const [policy] = ui.bridge.engine.policies.list();
    expect(policy).toMatchObject({
      name: 'acme-weekly',
      clientName: 'Acme Logistics',
      windows: ['Sat 01:00-05:00', 'Wed 22:00-23:30'],
      timeZone: null,
      effectiveTimeZone: 'Europe/Berlin',
      concurrency: 4,
      enabled: true,
    });
    expect(policy?.scope.tags).toEqual(['server']);
    expect(policy?.preCommand).toEqual(['systemctl', 'stop', 'acme app']);
    expect(policy?.postCommand).toEqual(['/usr/local/bin/notify', 'patched; ok', '&&', 'reboot']);

    // The calendar shows exactly the occurrences the engine plans, with hours in both zones.
    const occurrences = ui.bridge.engine.policies.preview(policy?.id ?? 0, new Date(), 28);
    const calendar = page.getByRole('grid', { name: 'Maintenance windows, next 28 days' });
    await calendar.waitFor();
    await expect.poll(() => calendar.locator('.calendar__window').count()).toBe(occurrences.length);
    const first = occurrences[0];
    const expected = await page.evaluate((start) => {
      const clock = (zone: string) =>
        new Intl.DateTimeFormat(undefined, {
          timeZone: zone,
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(new Date(start));
      return { client: clock('Europe/Berlin'), own: clock(Intl.DateTimeFormat().resolvedOptions().timeZone) };
    }, first?.start ?? '');
    const firstWindow = calendar.locator('.calendar__window').first();
    expect(await firstWindow.locator('.calendar__client-time').textContent()).toMatch(
      new RegExp(`^${expected.client}–`),
    );
    expect(await firstWindow.locator('.calendar__local-time').textContent()).toMatch(
      new RegExp(`^you: ${expected.own}–`),
    );
    const inTestRing = ui.bridge.engine.devices.list().filter((device) => device.ring === 'test').length;
    await page.getByLabel('Rings').getByText(formatCountOf(inTestRing, 'device')).first().waitFor();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      // Buttons fade between themes; let the fade end before the picture.
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshots, `policies-calendar-${theme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // Editing replaces the windows; the calendar follows what the engine now plans.
    await page.getByRole('button', { name: 'Edit acme-weekly' }).click();
    const edit = dialogNamed(page, "Edit policy 'acme-weekly'");
    expect(await edit.getByLabel('Tags', { exact: true }).inputValue()).toBe('server');
    expect(await edit.getByLabel('Before installing', { exact: true }).inputValue()).toBe(
      "systemctl stop 'acme app'",
    );
    await edit.getByLabel('Maintenance windows', { exact: true }).fill('Sun 03:00-04:00');
    await edit.getByLabel('Time zone', { exact: true }).fill('Asia/Tokyo');
    await edit.getByRole('button', { name: 'Save policy' }).click();
    await edit.waitFor({ state: 'detached' });
    const edited = ui.bridge.engine.policies.list()[0];
    expect(edited).toMatchObject({
      windows: ['Sun 03:00-04:00'],
      timeZone: 'Asia/Tokyo',
      effectiveTimeZone: 'Asia/Tokyo',
      // Saving the form keeps the commands it did not change.
      preCommand: ['systemctl', 'stop', 'acme app'],
      postCommand: ['/usr/local/bin/notify', 'patched; ok', '&&', 'reboot'],
    });
    const sundays = ui.bridge.engine.policies.preview(edited?.id ?? 0, new Date(), 28);
    await expect.poll(() => calendar.locator('.calendar__window').count()).toBe(sundays.length);
    expect(await calendar.locator('.calendar__client-time').first().textContent()).toBe('03:00–04:00');

    await rowWith(page, 'Policies', 'acme-weekly').getByRole('button', { name: 'Pause' }).click();
    await waitForToast(page, "Policy 'acme-weekly' paused.");
    expect(ui.bridge.engine.policies.list()[0]?.enabled).toBe(false);
    await rowWith(page, 'Policies', 'acme-weekly', 'paused').waitFor();
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('adds an exception with a reason and expiry, and marks expired ones for review', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/policies`);
    const { page } = tab;
    await page.getByRole('radio', { name: /^Exceptions/ }).click();
    await page.getByRole('region', { name: 'No exceptions' }).waitFor();
    await page.getByRole('button', { name: 'Add exception' }).first().click();
    const form = dialogNamed(page, 'Add exception');
    await form.getByLabel('Package or KB', { exact: true }).fill('postgresql-15');
    const database = ui.bridge.engine.devices
      .list()
      .find((device) => device.clientName === 'Acme Logistics' && device.name.includes('-db-'));
    const held = database?.name ?? 'no Acme database server in the demo fleet';
    await form.getByLabel('Target', { exact: true }).selectOption({ label: `${held} (Acme Logistics)` });
    await form.getByLabel('Expires', { exact: true }).fill(dayFromNow(30));
    await form.getByRole('button', { name: 'Add exception' }).click();
    expect(await fieldError(form, 'Reason')).toBe('an exception needs a reason');
    await form.getByLabel('Reason', { exact: true }).fill('The ERP vendor certifies 15.4 only');
    await form.getByRole('button', { name: 'Add exception' }).click();
    await waitForToast(page, `Exception for 'postgresql-15' on ${held} added.`);
    const [added] = ui.bridge.engine.exceptions.list();
    expect(added).toMatchObject({
      package: 'postgresql-15',
      targetName: held,
      reason: 'The ERP vendor certifies 15.4 only',
      expired: false,
    });

    // An exception that ran out while nobody looked: written back in time, as the clock would leave it.
    const client = ui.bridge.engine.clients.list().find((candidate) => candidate.name === 'Northwind Dental');
    const stale = ui.bridge.engine.exceptions.add({
      package: 'KB5034441',
      target: { kind: 'client', clientId: client?.id ?? 0 },
      reason: 'Recovery partition too small',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    ui.bridge.engine.database
      .statement('UPDATE patch_exceptions SET expires_at = ? WHERE id = ?')
      .run(new Date(Date.now() - 3 * 86_400_000).toISOString(), stale.id);
    expect(ui.bridge.engine.exceptions.list().find((exception) => exception.id === stale.id)?.expired).toBe(
      true,
    );
    await page.reload();
    await page.getByRole('radio', { name: 'Exceptions: 1 to review' }).click();
    await rowWith(page, 'Exceptions', 'KB5034441', 'Expired: review').waitFor();
    expect(await rowWith(page, 'Exceptions', 'postgresql-15', 'Expired').count()).toBe(0);
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      // Buttons fade between themes; let the fade end before the picture.
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(screenshots, `exceptions-${theme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('note').getByText('1 exception has expired', { exact: false }).waitFor();

    // Review: extend the expired one with a new reason; an expiry in the past is refused next to its field.
    await page.getByRole('button', { name: 'Extend exception for KB5034441' }).click();
    const extend = dialogNamed(page, "Extend the exception for 'KB5034441'");
    await extend.getByLabel('Expires', { exact: true }).fill(dayFromNow(-2));
    await extend.getByRole('button', { name: 'Save exception' }).click();
    await expect.poll(() => fieldError(extend, 'Expires')).toMatch(/has already passed/);
    await extend.getByLabel('Expires', { exact: true }).fill(dayFromNow(60));
    await extend.getByLabel('Reason', { exact: true }).fill('Recovery partition resized in January');
    await extend.getByRole('button', { name: 'Save exception' }).click();
    await extend.waitFor({ state: 'detached' });
    const renewed = ui.bridge.engine.exceptions.list().find((exception) => exception.id === stale.id);
    expect(renewed).toMatchObject({ expired: false, reason: 'Recovery partition resized in January' });
    expect(renewed?.expiresAt.slice(0, 10)).toBe(dayFromNow(60));
    await page.getByRole('radio', { name: 'Exceptions (2)' }).waitFor();
    expect(await page.getByRole('note').getByText('expired', { exact: false }).count()).toBe(0);
    const [audit] = listAudit(ui.bridge.engine.database, { subjectType: 'exception' }).filter(
      (entry) => entry.action === 'exception.updated',
    );
    expect(audit).toMatchObject({ subjectName: 'KB5034441', actor: 'ui-test' });

    await page.getByRole('button', { name: 'Remove exception for KB5034441' }).click();
    await dialogNamed(page, "Remove the exception for 'KB5034441'?")
      .getByRole('button', { name: 'Remove exception' })
      .click();
    await waitForToast(page, "Exception for 'KB5034441' removed.");
    expect(ui.bridge.engine.exceptions.list().map((exception) => exception.package)).toEqual([
      'postgresql-15',
    ]);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it("counts rings, and names devices in policies and exceptions, over the whole fleet whatever the Devices page's filter", async () => {
    const acme = ui.bridge.engine.devices.list().filter((device) => device.clientName === 'Acme Logistics');
    const [found, elsewhere] = acme;
    if (!found || !elsewhere) throw new Error('the demo fleet has fewer than two Acme devices');
    expect(ui.bridge.engine.devices.list({ search: found.name }).map((device) => device.id)).toEqual([
      found.id,
    ]);
    const scoped = ui.bridge.engine.policies.add({
      name: 'acme-named',
      clientId: elsewhere.clientId,
      windows: ['Sat 01:00-05:00'],
      scope: { deviceIds: [elsewhere.id] },
    });

    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`);
    const { page } = tab;
    await page.getByLabel('Search devices').fill(found.name);
    await page.locator('.toolbar__count').getByText('1 device', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Policies' }).click();

    const fleet = ui.bridge.engine.devices.list();
    const rings = page.getByLabel('Rings');
    for (const ring of ['test', 'pilot', 'broad'] as const) {
      const count = fleet.filter((device) => device.ring === ring).length;
      await rings
        .locator('.ring-summary__ring', { hasText: ring })
        .getByText(formatCountOf(count, 'device'))
        .waitFor();
    }

    // The form shows the device by name and saves it unchanged: a narrowed list would show '#id' and refuse it.
    await page.getByRole('button', { name: 'Edit acme-named' }).click();
    const edit = dialogNamed(page, "Edit policy 'acme-named'");
    expect(await edit.getByLabel('Devices', { exact: true }).inputValue()).toBe(elsewhere.name);
    await edit.getByRole('button', { name: 'Save policy' }).click();
    await edit.waitFor({ state: 'detached' });
    const saved = ui.bridge.engine.policies.list().find((policy) => policy.id === scoped.id);
    expect(saved?.scope.deviceIds).toEqual([elsewhere.id]);

    await page.getByRole('radio', { name: /^Exceptions/ }).click();
    await page.getByRole('button', { name: 'Add exception' }).first().click();
    const form = dialogNamed(page, 'Add exception');
    const target = form.getByLabel('Target', { exact: true });
    await target.waitFor();
    const targets = await target.locator('option').allTextContents();
    expect(targets).toContain(`${elsewhere.name} (Acme Logistics)`);
    expect(targets.filter((label) => label.endsWith(')')).length).toBe(fleet.length);
    expect(tab.problems).toEqual([]);
    await tab.close();
  });

  it('left no engine bugs behind', () => {
    expect(ui.bridge.unexpectedErrors).toEqual([]);
  });
});
