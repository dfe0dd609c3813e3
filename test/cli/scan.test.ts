import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

describe('patchdeck scan options', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args]);

  beforeAll(async () => {
    expect((await cli(['client', 'add', 'Acme'])).code).toBe(0);
  });
  afterAll(() => temp.cleanup());

  it.each([
    [['--concurrency', '0'], "--concurrency must be a whole number from 1 to 1024, not '0'."],
    [['--concurrency', '1025'], "--concurrency must be a whole number from 1 to 1024, not '1025'."],
    [['--concurrency', '1.5'], "--concurrency must be a whole number from 1 to 1024, not '1.5'."],
    [['--timeout', '0'], "--timeout must be a whole number from 1 to 86400, not '0'."],
    [['--timeout', '86401'], "--timeout must be a whole number from 1 to 86400, not '86401'."],
    [['--timeout', 'soon'], "--timeout must be a whole number from 1 to 86400, not 'soon'."],
  ])('refuses %j naming the option and its range, exit 2', async (flags, message) => {
    expect(await cli(['scan', '--all', ...flags])).toEqual({
      code: 2,
      stdout: '',
      stderr: `patchdeck: ${message}\n`,
    });
  });

  it('takes the edges of both ranges', async () => {
    expect(await cli(['scan', '--all', '--concurrency', '1024', '--timeout', '86400'])).toEqual({
      code: 0,
      stdout: 'No devices to scan.\n',
      stderr: '',
    });
  });
});
