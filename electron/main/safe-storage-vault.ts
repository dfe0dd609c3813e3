import { safeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import type { SealedSecret, SecretVault } from '../engine/vault/secret-vault';

const SCHEME = 'electron-safe-storage-v1';

/**
 * Secrets sealed with the OS keychain through Electron's safeStorage. On Linux without a keyring, safeStorage
 * falls back to `basic_text`, which only obfuscates: the technician is told plainly and must opt in before any
 * secret is stored that way.
 */
export function createSafeStorageVault(options: { allowBasicText: () => boolean }): SecretVault {
  const backend = () =>
    process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os-keychain';
  const weak = () => backend() === 'basic_text';
  const usable = () => safeStorage.isEncryptionAvailable() && (!weak() || options.allowBasicText());

  return {
    status: () => ({
      kind: `safe-storage (${backend()})`,
      available: usable(),
      warning: weak()
        ? 'No OS keyring was found (safeStorage backend basic_text): stored passwords would only be obfuscated. ' +
          'Install and unlock a keyring (GNOME Keyring, KWallet), use SSH keys or ssh-agent, or opt in under Settings.'
        : null,
    }),
    async seal(secret) {
      if (!usable()) {
        throw new AppError(
          'vault-unavailable',
          weak()
            ? 'Passwords cannot be stored safely: no OS keyring is available. Use a key file or ssh-agent, or opt in under Settings.'
            : 'Passwords cannot be stored: the OS keychain is not available.',
        );
      }
      return { scheme: SCHEME, sealed: safeStorage.encryptString(secret).toString('base64') };
    },
    async open(secret: SealedSecret) {
      if (secret.scheme !== SCHEME) {
        throw new AppError(
          'vault-unavailable',
          `This secret was stored by the command line (${secret.scheme}); re-enter it in the console.`,
        );
      }
      return safeStorage.decryptString(Buffer.from(secret.sealed, 'base64'));
    },
  };
}
