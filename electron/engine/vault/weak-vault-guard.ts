import { AppError } from '../../../shared/errors';
import type { SecretVault } from './secret-vault';

/**
 * A vault that can only obfuscate (no OS keyring) seals nothing until the technician has opted in under
 * Settings; its status says so plainly. Secrets already stored still open, so nothing becomes unreadable.
 */
export function guardWeakVault(inner: SecretVault, optedIn: () => boolean): SecretVault {
  const refused = () => Boolean(inner.status().weak) && !optedIn();
  return {
    status() {
      const status = inner.status();
      if (!status.weak) return status;
      return optedIn()
        ? {
            ...status,
            warning:
              `${status.warning ?? ''} You chose to store passwords this way anyway (Settings).`.trim(),
          }
        : { ...status, available: false };
    },
    async seal(secret) {
      if (refused()) {
        throw new AppError(
          'vault-unavailable',
          'No OS keyring is available, so a password would only be obfuscated: use a key file or ssh-agent, or opt in under Settings → Secret vault.',
        );
      }
      return inner.seal(secret);
    },
    open: (sealed) => inner.open(sealed),
  };
}
