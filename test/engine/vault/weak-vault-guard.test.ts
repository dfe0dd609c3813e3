import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/create-engine';
import { createHandlers } from '../../../electron/engine/api/handlers';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';
import type { SecretVault } from '../../../electron/engine/vault/secret-vault';
import { makeTempDir } from '../../support/temp-engine';

/** What safeStorage's basic_text backend looks like to the engine: it can seal, but only obfuscates. */
function obfuscatingVault(): SecretVault {
  const inner = createPassphraseVault('stand-in for basic_text');
  return {
    ...inner,
    status: () => ({
      kind: 'safe-storage (basic_text)',
      available: true,
      weak: true,
      warning: 'No OS keyring was found.',
    }),
  };
}

describe('a vault that can only obfuscate', () => {
  const temp = makeTempDir();
  let engine: Engine;
  afterEach(() => engine?.close());

  it('stores no password until the technician opts in under Settings, then stores it sealed', async () => {
    const dbPath = path.join(temp.dir, `weak-${Date.now()}.db`);
    engine = createEngine({ dbPath, vault: obfuscatingVault() });
    const handlers = createHandlers(engine, { version: 'test' });
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = {
      clientId: client.id,
      name: 'web-01',
      host: 'web01',
      port: 22,
      user: 'tech',
      auth: { kind: 'password' as const, password: 'Obfuscated-Only-1' },
      sudo: false,
      tags: [],
      ring: 'broad' as const,
    };

    expect((await handlers['app:info']({})).vault).toMatchObject({ available: false, weak: true });
    await expect(engine.devices.add(device)).rejects.toMatchObject({
      code: 'vault-unavailable',
      message: expect.stringContaining('opt in under Settings'),
    });
    expect(engine.devices.list()).toEqual([]);

    expect(engine.settings.update({ allowWeakSecretStorage: true }).allowWeakSecretStorage).toBe(true);
    expect((await handlers['app:info']({})).vault).toMatchObject({
      available: true,
      weak: true,
      warning: expect.stringContaining('You chose'),
    });
    const added = await engine.devices.add(device);
    expect((await engine.devices.secrets(added.id)).password).toBe('Obfuscated-Only-1');
    engine.database.pragma('wal_checkpoint(FULL)');
    expect(fs.readFileSync(dbPath).includes('Obfuscated-Only-1')).toBe(false);
  });

  it('leaves a keyring-backed vault alone', async () => {
    engine = createEngine({
      dbPath: path.join(temp.dir, `strong-${Date.now()}.db`),
      vault: createPassphraseVault('p'),
    });
    expect(engine.vault.status()).toMatchObject({ available: true, warning: null });
  });
});
