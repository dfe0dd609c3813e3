import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSshd, type LocalSshd } from '../engine/ssh/local-sshd';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';
import { addPinnedLocalDevice } from './pinned-local-device';

/**
 * `patchdeck device trust <device> [--fingerprint <SHA256:...>]`: with the fingerprint the technician checked, only
 * that key is pinned, and a device presenting another by then is refused (exit 1, nothing pinned); without it, the
 * key the device presents is pinned, as CLI.md documents. The device is this machine through a local sshd whose
 * host key is rotated, as by a reinstall.
 */
describe('patchdeck device trust', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'trust.db');
  const cli = (args: readonly string[]) => runPatchdeck(['--db', db, ...args]);
  const pinnedKey = async () =>
    (JSON.parse((await cli(['--json', 'device', 'list'])).stdout) as { hostKey: string | null }[])[0]
      ?.hostKey;
  let sshd: LocalSshd;

  beforeAll(async () => {
    sshd = await startLocalSshd();
    await addPinnedLocalDevice(cli, sshd);
  });
  afterAll(async () => {
    await sshd?.stop();
    temp.cleanup();
  });

  it('with --fingerprint, refuses a device that presents another key by now, pinning nothing (exit 1)', async () => {
    const firstPin = await sshd.hostKeyFingerprint();
    await sshd.rotateHostKey();
    const refused = await cli(['--json', 'scan', 'acc', '--quick']);
    const checked = await sshd.hostKeyFingerprint();
    expect(JSON.parse(refused.stdout)).toMatchObject([{ status: 'host-key-mismatch' }]);
    // Someone else answers between the technician's check and the command.
    await sshd.rotateHostKey();
    const now = await sshd.hostKeyFingerprint();

    const trusted = await cli(['device', 'trust', 'acc', '--fingerprint', checked]);
    expect(trusted.code).toBe(1);
    expect(trusted.stdout).toBe('');
    const lines = trusted.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(checked);
    expect(lines[0]).toContain(now);
    expect(await pinnedKey()).toBe(firstPin);

    const accepted = await cli(['--json', 'device', 'trust', 'acc', '--fingerprint', now]);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toEqual({ device: 'acc', previous: firstPin, current: now });
    expect(await pinnedKey()).toBe(now);
  });

  it('refuses a malformed --fingerprint with one line, exit 2, writing nothing', async () => {
    const before = await pinnedKey();
    for (const fingerprint of ['nope', 'SHA256:tooShort', `MD5:${'ab:'.repeat(15)}ab`]) {
      const run = await cli(['device', 'trust', 'acc', '--fingerprint', fingerprint]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual([
        expect.stringContaining(`--fingerprint '${fingerprint}'`),
      ]);
    }
    expect(await pinnedKey()).toBe(before);
  });

  it('without --fingerprint, pins the key the device presents and prints it, as CLI.md documents', async () => {
    const previous = await pinnedKey();
    await sshd.rotateHostKey();
    const presented = await sshd.hostKeyFingerprint();
    const trusted = await cli(['device', 'trust', 'acc']);
    expect(trusted).toMatchObject({ code: 0, stderr: '' });
    expect(trusted.stdout.trim()).toBe(`acc: now trusting ${presented} (was ${previous}).`);
    expect(await pinnedKey()).toBe(presented);
  });
});
