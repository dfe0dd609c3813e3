import { describe, expect, it } from 'vitest';
import { insertJob } from '../../electron/engine/db/repositories/jobs';
import { recordedJobSettings } from '../support/recorded-job';
import { addUnreachableDevice } from '../support/unreachable-device';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { deviceRowAction, dialogNamed, rowWith, waitForToast } from './fields';

describe('retiring a device from the console', () => {
  const ui = consoleFixture();

  it('retires from the edit panel after a confirmation, shows it only when asked, and reinstates it', async () => {
    const clientId = ui.bridge.engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
    await addUnreachableDevice(ui.bridge.engine, clientId, 'web-01');
    const old = await addUnreachableDevice(ui.bridge.engine, clientId, 'old-01');
    // A deployment still queued on the device: retiring it is refused until the job is over.
    const { database } = ui.bridge.engine;
    const jobId = database.transaction(() =>
      insertJob(database, {
        kind: 'deploy',
        settings: recordedJobSettings,
        rollbackOf: null,
        actor: 'tester',
        createdAt: new Date().toISOString(),
        devices: [{ deviceId: old.id, packages: '[]' }],
      }),
    );
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`);
    const { page } = tab;

    const retireFromPanel = async () => {
      await rowWith(page, 'Devices', 'old-01').click();
      await dialogNamed(page, 'Edit old-01').getByRole('button', { name: 'Retire…' }).click();
      const confirm = dialogNamed(page, "Retire device 'old-01'?");
      await confirm.getByText('reports of past periods still show what it did', { exact: false }).waitFor();
      await confirm.getByRole('button', { name: 'Retire device' }).click();
      return confirm;
    };
    const refused = await retireFromPanel();
    await refused
      .getByRole('alert')
      .getByText(
        `Device 'Acme/old-01' is in job ${jobId}, not finished yet: wait for it or cancel it, then retire the device.`,
      )
      .waitFor();
    await refused.getByRole('button', { name: 'Cancel' }).click();
    expect(ui.bridge.engine.devices.get(old.id).retiredAt).toBeNull();

    database.statement("UPDATE jobs SET status = 'cancelled' WHERE id = ?").run(jobId);
    await retireFromPanel();
    await waitForToast(page, "Device 'old-01' retired.");
    await rowWith(page, 'Devices', 'old-01').waitFor({ state: 'detached' });
    expect(ui.bridge.engine.devices.list({ retired: 'only' }).map((device) => device.name)).toEqual([
      'old-01',
    ]);

    // Shown when asked, marked, and with nothing to scan or select.
    await page.getByRole('combobox', { name: 'Retired devices' }).selectOption({ label: 'Show retired' });
    const retiredRow = rowWith(page, 'Devices', 'old-01', 'Retired ');
    await retiredRow.waitFor();
    // Under the pointer, where a managed row shows its actions: a retired one offers edit and remove, no scan.
    await retiredRow.hover();
    await retiredRow.getByRole('button', { name: 'Edit old-01' }).waitFor();
    expect(await retiredRow.getByRole('button', { name: 'Scan old-01' }).count()).toBe(0);
    expect(await retiredRow.getByRole('checkbox').count()).toBe(0);
    await (await deviceRowAction(page, 'web-01', 'Scan')).waitFor();
    await page.getByRole('combobox', { name: 'Retired devices' }).selectOption({ label: 'Only retired' });
    await rowWith(page, 'Devices', 'web-01').waitFor({ state: 'detached' });

    await retiredRow.click();
    const panel = dialogNamed(page, 'Edit old-01');
    await panel
      .getByRole('note')
      .getByText('Patchdeck does not scan, patch or count it', { exact: false })
      .waitFor();
    await panel.getByRole('button', { name: 'Reinstate' }).click();
    await waitForToast(page, "Device 'old-01' reinstated: scan it to bring its inventory up to date.");
    await page.getByText('No retired devices.').waitFor();
    expect(ui.bridge.engine.devices.get(old.id).retiredAt).toBeNull();

    await page.getByRole('combobox', { name: 'Retired devices' }).selectOption({ label: 'Hide retired' });
    await (await deviceRowAction(page, 'old-01', 'Scan')).waitFor();
    expect(tab.problems).toEqual([]);
    expect(ui.bridge.unexpectedErrors).toEqual([]);
    await tab.close();
  });
});
