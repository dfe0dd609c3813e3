import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/db/database';
import { listSteps } from '../../electron/engine/db/repositories/jobs';
import { startLocalSshd, type LocalSshd } from '../engine/ssh/local-sshd';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';
import { addPinnedLocalDevice } from './pinned-local-device';

/**
 * CLI.md's host-key rule, for deploy as for scan: a device whose pinned host key no longer matches is refused before
 * Patchdeck signs in, and `deploy --json` and `job show --json` report it as `host-key-mismatch` (the job failed,
 * exit 1). The device is this machine through a local sshd; it signs in as the account without sudo, so even a
 * broken refusal could not install anything here.
 */
describe('patchdeck deploy to a device whose host key changed', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'hk.db');
  const cli = (args: readonly string[]) => runPatchdeck(['--db', db, ...args]);
  let sshd: LocalSshd;

  beforeAll(async () => {
    sshd = await startLocalSshd();
    await addPinnedLocalDevice(cli, sshd);
  });
  afterAll(async () => {
    await sshd?.stop();
    temp.cleanup();
  });

  it('refuses the device before signing in and reports host-key-mismatch, the job failed, exit 1', async () => {
    await sshd.rotateHostKey();
    const signInsBefore = sshd.log().match(/Accepted publickey/g)?.length ?? 0;

    const deployed = await cli(['--json', 'deploy', 'acc', '--package', 'pd-hello']);
    expect(deployed.stderr).toBe('');
    expect(deployed.code).toBe(1);
    const job = JSON.parse(deployed.stdout) as { job: number; devices: { error: string }[] };
    expect(job).toEqual({
      job: expect.any(Number),
      kind: 'deploy',
      status: 'failed',
      devices: [
        {
          device: 'acc',
          status: 'host-key-mismatch',
          rebootRequired: false,
          error: expect.stringContaining('has changed'),
          changes: [],
        },
      ],
    });
    expect(job.devices[0]?.error).toContain(await sshd.hostKeyFingerprint());

    const shown = await cli(['--json', 'job', 'show', String(job.job)]);
    expect(shown.code).toBe(1);
    expect(JSON.parse(shown.stdout)).toEqual(job);

    // Without --json the progress lines on stderr use the same word.
    const told = await cli(['deploy', 'acc', '--package', 'pd-hello']);
    expect(told.code).toBe(1);
    expect(told.stderr.trim().split('\n').at(-1)).toMatch(
      /^acc: host-key-mismatch \(The host key of .* has changed/,
    );

    // Nothing ran: the server accepted no sign-in, and the journal holds no step for the device.
    expect(sshd.log().match(/Accepted publickey/g)?.length ?? 0).toBe(signInsBefore);
    const database = openDatabase(db);
    try {
      expect(listSteps(database, job.job)).toEqual([]);
    } finally {
      database.close();
    }
  });
});
