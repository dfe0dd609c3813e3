import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import type { SecretVault } from '../../electron/engine/vault/secret-vault';

/**
 * What safeStorage's basic_text backend looks like to the engine on a machine without an OS keyring: it can
 * seal, but only obfuscates, so Settings shows the weak-vault box with this warning.
 */
export function obfuscatingVault(warning: string): SecretVault {
  const inner = createPassphraseVault('stand-in for basic_text');
  return {
    ...inner,
    status: () => ({ kind: 'safe-storage (basic_text)', available: true, weak: true, warning }),
  };
}
