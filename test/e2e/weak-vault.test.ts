import { describe, expect, it } from 'vitest';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';
import { waitForToast } from './fields';
import { obfuscatingVault } from './obfuscating-vault';

describe('Settings: a machine without an OS keyring', () => {
  const ui = consoleFixture({ vault: obfuscatingVault('No OS keyring was found.'), timeout: 60_000 });

  it('says so plainly and stores passwords only after the technician opts in', async () => {
    const tab = await openConsole(ui.browser, `${ui.bridge.url}#/settings`);
    const page = tab.page;
    await page.getByText('No OS keyring was found.').waitFor();
    await page.getByText('unavailable', { exact: true }).waitFor();
    const optIn = page.getByLabel('Store passwords anyway, only obfuscated');
    expect(await optIn.isChecked()).toBe(false);
    // The box is controlled by the saved settings: it turns checked once the engine has stored the choice, so a
    // click (not check(), which expects the state to change at once) and then the engine's answer.
    await optIn.click();
    await waitForToast(page, 'Settings saved.');
    expect(await optIn.isChecked()).toBe(true);
    await page.getByText('available', { exact: true }).waitFor();
    expect(ui.bridge.engine.settings.get().allowWeakSecretStorage).toBe(true);
    expect(tab.problems).toEqual([]);
    await tab.close();
  }, 60_000);
});
