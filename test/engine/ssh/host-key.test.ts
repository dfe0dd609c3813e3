import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostKeyFingerprint } from '../../../electron/engine/ssh/host-key';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdssh-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hostKeyFingerprint', () => {
  it.each(['ed25519', 'ecdsa', 'rsa'])('matches ssh-keygen -lf for a %s key', async (type) => {
    const path = join(dir, type);
    await run('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path]);
    const publicLine = await readFile(`${path}.pub`, 'utf8');
    const blob = Buffer.from(publicLine.split(' ')[1] ?? '', 'base64');
    const { stdout } = await run('ssh-keygen', ['-lf', `${path}.pub`]);
    expect(hostKeyFingerprint(blob)).toBe(stdout.split(' ')[1]);
  });
});
