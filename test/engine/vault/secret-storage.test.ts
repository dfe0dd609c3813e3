import { describe, expect, it } from 'vitest';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';
import { secretSchemes, secretStorageOf } from '../../../electron/engine/vault/secret-storage';

describe('where a sealed secret lives, from its scheme', () => {
  const keychain = { kind: 'safe-storage (gnome_libsecret)', available: true, warning: null, weak: false };
  const weak = { kind: 'safe-storage (basic_text)', available: true, warning: 'no keyring', weak: true };

  it('names each scheme; an old keychain-scheme secret on a keyring-less machine counts as obfuscated', () => {
    expect(secretStorageOf(secretSchemes.keychain, keychain)).toBe('os-keychain');
    expect(secretStorageOf(secretSchemes.keychain, weak)).toBe('obfuscated');
    expect(secretStorageOf(secretSchemes.obfuscated, keychain)).toBe('obfuscated');
    expect(secretStorageOf(secretSchemes.passphrase, keychain)).toBe('passphrase');
  });

  it('matches the scheme the passphrase vault really writes', async () => {
    const sealed = await createPassphraseVault('pass').seal('secret');
    expect(sealed.scheme).toBe(secretSchemes.passphrase);
  });
});
