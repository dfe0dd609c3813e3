import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

describe('patchdeck: finding the command and its arguments', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args]);

  beforeAll(async () => {
    expect((await cli(['client', 'add', 'Acme'])).code).toBe(0);
    expect(
      (await cli(['device', 'add', 'web-01', '--client', 'Acme', '--host', 'h', '--user', 'u', '--agent']))
        .code,
    ).toBe(0);
  });
  afterAll(() => temp.cleanup());

  it.each([[[]], [['--db', path.join(temp.dir, 'none', 'x.db')]], [['--json']]])(
    'without a command (%j): one line on stderr naming the problem, exit 2, nothing on stdout or disk',
    async (args) => {
      expect(await runPatchdeck(args)).toEqual({
        code: 2,
        stdout: '',
        stderr: "patchdeck: No command given. Run 'patchdeck --help' for the commands.\n",
      });
      expect(fs.existsSync(path.join(temp.dir, 'none'))).toBe(false);
    },
  );

  it('prints the overview of every command with --help, exit 0', async () => {
    const help = await runPatchdeck(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: patchdeck /);
    expect(help.stdout).toContain('  device list ');
  });

  const out = (name: string) => path.join(temp.dir, 'out', name);
  it.each([
    [['client', 'list', 'Acme'], "Unexpected argument 'Acme'."],
    [['device', 'list', 'Acme'], "Unexpected argument 'Acme'."],
    [['policy', 'list', 'nightly', 'weekly'], "Unexpected arguments 'nightly', 'weekly'."],
    [['client', 'add', 'Beta', 'Gamma'], "Unexpected argument 'Gamma'."],
    [['device', 'remove', 'web-01', 'web-02', 'web-03'], "Unexpected arguments 'web-02', 'web-03'."],
    [['inventory', 'web-01', 'extra'], "Unexpected argument 'extra'."],
    [['patches', 'web-01', 'extra'], "Unexpected argument 'extra'."],
    [['feeds', 'status', 'extra'], "Unexpected argument 'extra'."],
    [['feeds', 'download', 'Debian'], "Unexpected argument 'Debian'."],
    [['vulns', 'web-01', 'extra'], "Unexpected argument 'extra'."],
    [['approvals', 'openssl'], "Unexpected argument 'openssl'."],
    [['exception', 'list', 'extra'], "Unexpected argument 'extra'."],
    [['schedule', 'due', 'now', '--at', '2026-11-22T05:30:00Z'], "Unexpected argument 'now'."],
    [
      ['report', 'Acme', '--client', 'Acme', '--format', 'csv', '--out', out('report.csv')],
      "Unexpected argument 'Acme'.",
    ],
    [['backup', 'extra', '--out', out('backup.db')], "Unexpected argument 'extra'."],
    [['vercmp', 'dpkg', '1', '2', '3'], "Unexpected argument '3'."],
  ])(
    'refuses arguments a command does not take (%j): exit 2, one line naming them, nothing done',
    async (args, message) => {
      const devices = (await cli(['--json', 'device', 'list'])).stdout;
      expect(await cli(args)).toEqual({ code: 2, stdout: '', stderr: `patchdeck: ${message}\n` });
      expect((await cli(['--json', 'device', 'list'])).stdout).toBe(devices);
      expect(fs.existsSync(path.dirname(out('any')))).toBe(false);
    },
  );
});
