import { expect } from 'vitest';
import type { LocalSshd } from '../engine/ssh/local-sshd';
import { testUsers } from '../engine/ssh/local-sshd';
import type { runPatchdeck } from '../support/cli';

/**
 * Through the CLI: client Acme and its device `acc`, this machine through the local sshd, signing in with the key of
 * the account without sudo; a first quick scan pins the host key the server presents now.
 */
export async function addPinnedLocalDevice(
  cli: (args: readonly string[]) => ReturnType<typeof runPatchdeck>,
  sshd: LocalSshd,
): Promise<void> {
  expect((await cli(['client', 'add', 'Acme'])).code).toBe(0);
  const added = await cli([
    'device',
    'add',
    'acc',
    '--client',
    'Acme',
    '--host',
    sshd.host,
    '--port',
    String(sshd.port),
    '--user',
    testUsers.plain,
    '--key',
    sshd.clientKeyPath,
  ]);
  expect(added.stderr).toBe('');
  const scanned = await cli(['--json', 'scan', 'acc', '--quick']);
  expect(JSON.parse(scanned.stdout)).toMatchObject([{ device: 'acc', status: 'ok' }]);
}
