import { safeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import type { SealedSecret, SecretVault } from '../engine/vault/secret-vault';
import { secretSchemes } from '../engine/vault/secret-storage';

/**
 * Secrets sealed with the OS keychain through Electron's safeStorage. On Linux without a keyring, safeStorage
 * falls back to `basic_text`, which only obfuscates: the vault then reports itself weak, and the engine
 * (weak-vault-guard.ts) seals nothing until the technician has opted in under Settings.
 */
export function createSafeStorageVault(): SecretVault {
  const backend = () =>
    process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os-keychain';
  const weak = () => backend() === 'basic_text';

  return {
    status: () => ({
      kind: `safe-storage (${backend()})`,
      available: safeStorage.isEncryptionAvailable(),
      weak: weak(),
      warning: weak()
        ? 'No OS keyring was found (safeStorage backend basic_text): stored passwords would only be obfuscated. ' +
          'Install and unlock a keyring (GNOME Keyring, KWallet), or use SSH keys or ssh-agent.'
        : null,
    }),
    async seal(secret) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new AppError(
          'vault-unavailable',
          'Passwords cannot be stored: the OS keychain is not available.',
        );
      }
      // The scheme records whether a keyring sealed it, so Settings can say where each password lives.
      const scheme = weak() ? secretSchemes.obfuscated : secretSchemes.keychain;
      return { scheme, sealed: safeStorage.encryptString(secret).toString('base64') };
    },
    async open(secret: SealedSecret) {
      if (secret.scheme !== secretSchemes.keychain && secret.scheme !== secretSchemes.obfuscated) {
        throw new AppError(
          'vault-unavailable',
          `This secret was stored by the command line (${secret.scheme}); re-enter it in the console.`,
        );
      }
      return safeStorage.decryptString(Buffer.from(secret.sealed, 'base64'));
    },
  };
}
