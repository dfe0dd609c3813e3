import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

/**
 * The command line seals passwords with a key derived from PATCHDECK_VAULT_PASSPHRASE. One database must never hold
 * passwords under two passphrases: a mistyped passphrase would leave some devices readable only with the typo.
 */
describe('patchdeck with a vault passphrase', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'vault.db');
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runPatchdeck(['--db', db, ...args], env);
  const addWithPassword = (name: string, password: string, passphrase: string) =>
    cli(
      [
        'device',
        'add',
        name,
        '--client',
        'Acme',
        '--host',
        '127.0.0.1',
        '--user',
        'tech',
        '--password-env',
        'PW',
      ],
      { PW: password, PATCHDECK_VAULT_PASSPHRASE: passphrase },
    );
  const deviceNames = async () =>
    (JSON.parse((await cli(['--json', 'device', 'list'])).stdout) as { name: string }[]).map((d) => d.name);

  afterAll(() => temp.cleanup());

  it('refuses to store a password under a passphrase other than the one the stored passwords use', async () => {
    expect((await cli(['client', 'add', 'Acme'])).code).toBe(0);
    expect(await addWithPassword('web-01', 'first-Secret-1', 'correct horse')).toMatchObject({ code: 0 });

    const typo = await addWithPassword('web-02', 'second-Secret-2', 'correct hrose');
    expect(typo).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'patchdeck: PATCHDECK_VAULT_PASSPHRASE does not open the passwords this database already holds: it is not the passphrase they were stored with. Nothing was saved.\n',
    });
    expect(await deviceNames()).toEqual(['web-01']);
    expect(fs.readFileSync(db).includes('second-Secret-2')).toBe(false);

    // A device without a password seals nothing, so the passphrase does not matter to it.
    const keyPath = path.join(temp.dir, 'id_ed25519');
    fs.writeFileSync(keyPath, 'key', { mode: 0o600 });
    expect(
      await cli(
        [
          'device',
          'add',
          'web-03',
          '--client',
          'Acme',
          '--host',
          '127.0.0.1',
          '--user',
          'tech',
          '--key',
          keyPath,
        ],
        { PATCHDECK_VAULT_PASSPHRASE: 'correct hrose' },
      ),
    ).toMatchObject({ code: 0 });

    expect(await addWithPassword('web-02', 'second-Secret-2', 'correct horse')).toMatchObject({ code: 0 });
    expect(await deviceNames()).toEqual(['web-01', 'web-02', 'web-03']);
  });
});
