import { createCipheriv, createDecipheriv, randomBytes, scrypt, type DecipherGCM } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { SealedSecret, SecretVault } from './secret-vault';
import { secretSchemes } from './secret-storage';

const SCHEME = secretSchemes.passphrase;
// scrypt cost: about 50 ms per derivation here; keys are cached per salt so a scan of many devices derives once.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export interface PassphraseVaultOptions {
  /**
   * A secret the database already holds under this vault's scheme (null when there is none). Before sealing, the
   * vault opens it: one database must never hold passwords under two passphrases, or a mistyped passphrase would
   * leave a device that opens only with the typo while every other one opens only without it.
   */
  readonly storedEarlier?: () => SealedSecret | null;
}

/**
 * The CLI's vault: AES-256-GCM with a key derived by scrypt from a passphrase the technician provides (for
 * scheduled runs, in the environment variable named by `passphraseEnv`). Without a passphrase it refuses to
 * seal rather than store a secret in plain text; with one that does not open the secrets stored earlier, too.
 */
export function createPassphraseVault(
  passphrase: string | undefined,
  passphraseEnv = 'PATCHDECK_VAULT_PASSPHRASE',
  options: PassphraseVaultOptions = {},
): SecretVault {
  const sessionSalt = randomBytes(16);
  const keys = new Map<string, Promise<Buffer>>();
  const keyFor = (salt: Buffer): Promise<Buffer> => {
    const id = salt.toString('base64');
    let key = keys.get(id);
    if (!key) {
      key = deriveKey(requirePassphrase(), salt);
      keys.set(id, key);
    }
    return key;
  };
  const requirePassphrase = (): string => {
    if (!passphrase) {
      throw new AppError(
        'vault-unavailable',
        `Passwords are stored encrypted with a passphrase: set ${passphraseEnv}, or use a key file or ssh-agent instead.`,
      );
    }
    return passphrase;
  };

  const damaged = () => new AppError('vault-unavailable', 'A stored secret is damaged; re-enter it.');
  /** The secret, or null when this passphrase's key does not open it (another passphrase, or changed bytes). */
  const decrypt = async (secret: SealedSecret): Promise<string | null> => {
    if (secret.scheme !== SCHEME) {
      throw new AppError(
        'vault-unavailable',
        `This secret was stored by the desktop app (${secret.scheme}); re-enter it here.`,
      );
    }
    const [salt, iv, tag, body] = secret.sealed.split('.').map((part) => Buffer.from(part, 'base64'));
    if (!salt || !iv || !tag || !body) throw damaged();
    const key = await keyFor(salt);
    let decipher: DecipherGCM;
    try {
      decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
    } catch {
      throw damaged(); // A tag of a length GCM does not take: not what seal wrote.
    }
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  };
  const opensWithThisPassphrase = async (secret: SealedSecret): Promise<boolean> => {
    try {
      return (await decrypt(secret)) !== null;
    } catch {
      return true; // A damaged secret proves nothing either way; its device reports it when it is used.
    }
  };
  let passphraseConfirmed = false;
  const confirmPassphrase = async (): Promise<void> => {
    if (passphraseConfirmed) return;
    const earlier = options.storedEarlier?.() ?? null;
    if (earlier !== null && !(await opensWithThisPassphrase(earlier))) {
      throw new AppError(
        'vault-unavailable',
        `${passphraseEnv} does not open the passwords this database already holds: it is not the passphrase they were stored with. Nothing was saved.`,
      );
    }
    passphraseConfirmed = true;
  };

  return {
    status: () => ({
      kind: 'passphrase',
      available: Boolean(passphrase),
      warning: passphrase ? null : `${passphraseEnv} is not set: passwords cannot be stored or used.`,
    }),
    async seal(secret) {
      const key = await keyFor(sessionSalt);
      await confirmPassphrase();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      const sealed = [sessionSalt, iv, cipher.getAuthTag(), body]
        .map((part) => part.toString('base64'))
        .join('.');
      return { scheme: SCHEME, sealed };
    },
    async open(secret) {
      const opened = await decrypt(secret);
      if (opened === null) {
        throw new AppError(
          'vault-unavailable',
          `A stored secret could not be opened: is ${passphraseEnv} the passphrase it was stored with?`,
        );
      }
      return opened;
    },
  };
}
