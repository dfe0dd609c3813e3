import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/db/database';
import { insertJob, setJobDeviceStatus, setJobStatus } from '../../electron/engine/db/repositories/jobs';
import { freePort, newKey } from '../engine/ssh/local-sshd';
import { runPatchdeck } from '../support/cli';
import { recordedJobSettings } from '../support/recorded-job';
import { makeTempDir } from '../support/temp-engine';

/**
 * CLI.md read line by line against the built command: `--json` is exactly one JSON document on stdout whatever the
 * run ends in, and the exit code says 0 all done, 1 a target was not, 2 bad input.
 */
describe('patchdeck: the contract of CLI.md', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'contract.db');
  const cli = (args: readonly string[]) => runPatchdeck(['--db', db, ...args]);

  beforeAll(async () => {
    const key = path.join(temp.dir, 'id_ed25519');
    await newKey(key);
    expect((await cli(['client', 'add', 'Acme'])).code).toBe(0);
    // Nothing listens on this port: every connection to the device is refused at once.
    const port = String(await freePort());
    const login = ['--host', '127.0.0.1', '--port', port, '--user', 'tech', '--key', key];
    for (const name of ['web-01', 'web-02'])
      expect((await cli(['device', 'add', name, '--client', 'Acme', ...login])).code).toBe(0);
  });
  afterAll(() => temp.cleanup());

  it('device trust --json on a device it cannot reach: exit 1, and the JSON document says which and why', async () => {
    const run = await cli(['--json', 'device', 'trust', 'web-01']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      status: 'unreachable',
      error: expect.stringContaining('web-01 (127.0.0.1:'),
    });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    // People and cron's mail still get the one line on stderr.
    expect(run.stderr).toMatch(/^patchdeck: web-01 \(127\.0\.0\.1:\d+\) .*\n$/);
  });

  it.each([['--all-security'], ['--all']])(
    'deploy %s to a device no scan ever reached: bad input, not "nothing to install" with exit 0',
    async (selection) => {
      const run = await cli(['deploy', 'web-02', selection]);
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'patchdeck: web-02 has not been scanned yet, so Patchdeck does not know its platform: scan it first.\n',
      });
      // Nothing was written: no job for it.
      const database = openDatabase(db);
      try {
        expect(database.statement('SELECT count(*) FROM jobs').pluck().get()).toBe(0);
      } finally {
        database.close();
      }
    },
  );

  it('job show of a job a technician cancelled before its devices ran: not all done, so exit 1', async () => {
    // As the console leaves it after Cancel: the devices not yet started are cancelled, and so is the job.
    const database = openDatabase(db);
    let jobId: number;
    try {
      const at = new Date().toISOString();
      const ids = (database.statement('SELECT id FROM devices ORDER BY id').all() as { id: number }[]).map(
        (row) => row.id,
      );
      jobId = database.transaction(() => {
        const id = insertJob(database, {
          kind: 'deploy',
          settings: recordedJobSettings,
          rollbackOf: null,
          actor: 'tester',
          createdAt: at,
          devices: ids.map((deviceId) => ({ deviceId, packages: '[]' })),
        });
        for (const deviceId of ids)
          setJobDeviceStatus(
            database,
            id,
            deviceId,
            'cancelled',
            at,
            'The job was cancelled before this device started.',
          );
        setJobStatus(database, id, 'cancelled', at);
        return id;
      });
    } finally {
      database.close();
    }

    const shown = await cli(['--json', 'job', 'show', String(jobId)]);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      job: jobId,
      status: 'cancelled',
      devices: [{ status: 'cancelled' }, { status: 'cancelled' }],
    });
    expect(shown.code).toBe(1);
    expect((await cli(['job', 'show', String(jobId)])).code).toBe(1);
  });

  it('--help with --json: the usage as one JSON document, for a command and for the overview', async () => {
    const scan = await cli(['--json', 'scan', '--help']);
    expect(scan).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(scan.stdout)).toEqual({
      command: 'scan',
      usage: expect.stringMatching(/^patchdeck scan \(<device>\.\.\. \| --client <client> \| --all\)/),
      summary: expect.any(String),
    });

    const overview = await cli(['--json', '--help']);
    expect(overview).toMatchObject({ code: 0, stderr: '' });
    const parsed = JSON.parse(overview.stdout) as { usage: string; commands: { command: string }[] };
    expect(parsed.usage).toMatch(/^patchdeck /);
    expect(parsed.commands).toContainEqual({ command: 'device trust', summary: expect.any(String) });
  });

  it('--help after an unknown command: bad input, exit 2, one line naming it', async () => {
    expect(await cli(['scna', '--help'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "patchdeck: Unknown command 'scna'. Run 'patchdeck --help'.\n",
    });
    // The first word of commands is a group: its --help is the overview, as before.
    const group = await cli(['device', '--help']);
    expect(group).toMatchObject({ code: 0, stderr: '' });
    expect(group.stdout).toContain('  device trust ');
  });
});
