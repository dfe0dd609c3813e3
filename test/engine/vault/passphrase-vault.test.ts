import { describe, expect, it } from 'vitest';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';

describe('the command line’s passphrase vault', () => {
  it('seals only with the passphrase that opens the secrets stored earlier', async () => {
    const earlier = await createPassphraseVault('correct horse').seal('first');
    const typo = createPassphraseVault('correct hrose', 'PD_PASS', { storedEarlier: () => earlier });
    await expect(typo.seal('second')).rejects.toMatchObject({
      code: 'vault-unavailable',
      message:
        'PD_PASS does not open the passwords this database already holds: it is not the passphrase they were stored with. Nothing was saved.',
    });

    const right = createPassphraseVault('correct horse', 'PD_PASS', { storedEarlier: () => earlier });
    expect(await right.open(await right.seal('second'))).toBe('second');
  });

  it('is not blocked by a damaged earlier secret, and calls that secret damaged when it is opened', async () => {
    const vault = createPassphraseVault('correct horse');
    const [salt, iv, , body] = (await vault.seal('first')).sealed.split('.');
    // An authentication tag of 3 bytes: GCM takes none that short, so this is no secret the vault wrote.
    const damaged = { scheme: 'scrypt-aes-256-gcm-v1', sealed: [salt, iv, 'AAAA', body].join('.') };
    const sealing = createPassphraseVault('correct horse', 'PD_PASS', { storedEarlier: () => damaged });
    expect(await sealing.open(await sealing.seal('second'))).toBe('second');
    await expect(sealing.open(damaged)).rejects.toMatchObject({
      code: 'vault-unavailable',
      message: 'A stored secret is damaged; re-enter it.',
    });
  });

  it('says a wrong passphrase, not damage, when the secret is whole', async () => {
    const sealed = await createPassphraseVault('correct horse').seal('first');
    await expect(createPassphraseVault('wrong', 'PD_PASS').open(sealed)).rejects.toMatchObject({
      code: 'vault-unavailable',
      message: 'A stored secret could not be opened: is PD_PASS the passphrase it was stored with?',
    });
  });
});
