import type { SecretStorage } from '../../../shared/domain/credentials';
import type { VaultStatus } from './secret-vault';

/** The scheme each vault writes into a sealed secret, so a stored password says where it lives. */
export const secretSchemes = {
  /** Electron's safeStorage with an OS keychain (macOS Keychain, Windows DPAPI, GNOME Keyring, KWallet). */
  keychain: 'electron-safe-storage-v1',
  /** Electron's safeStorage without a keyring (basic_text): obfuscated only, stored after the technician opted in. */
  obfuscated: 'electron-safe-storage-basic-text-v1',
  /** The command line's scrypt + AES-256-GCM with the technician's passphrase. */
  passphrase: 'scrypt-aes-256-gcm-v1',
} as const;

/**
 * Where a sealed secret lives, from its scheme. Secrets sealed before the obfuscated scheme existed carry the
 * keychain scheme; when this machine's vault is weak they were only obfuscated too, so they are reported so.
 */
export function secretStorageOf(scheme: string, vault: VaultStatus): SecretStorage {
  if (scheme === secretSchemes.passphrase) return 'passphrase';
  if (scheme === secretSchemes.obfuscated) return 'obfuscated';
  return vault.weak ? 'obfuscated' : 'os-keychain';
}
