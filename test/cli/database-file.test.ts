import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

/** Every file and folder under a folder, each file with a hash of its bytes. */
function snapshot(folder: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(folder, { recursive: true })
      .map(String)
      .sort()
      .map((name) => {
        const file = path.join(folder, name);
        return [
          name,
          fs.statSync(file).isDirectory()
            ? 'folder'
            : createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
        ];
      }),
  );
}

describe('patchdeck --db', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it.each([[['--db', '']], [['--db=']]])(
    'refuses an empty database name %j with exit 2 and one line, instead of saving into a throwaway database',
    async (option) => {
      expect(await runPatchdeck([...option, 'client', 'add', 'Ghost'])).toEqual({
        code: 2,
        stdout: '',
        stderr: 'patchdeck: --db is empty: name the database file.\n',
      });
    },
  );

  it('reads an empty PATCHDECK_DB as unset: the default database in the home folder', async () => {
    const home = path.join(temp.dir, 'home');
    fs.mkdirSync(home);
    expect(await runPatchdeck(['client', 'add', 'Home'], { PATCHDECK_DB: '', HOME: home })).toMatchObject({
      code: 0,
      stdout: 'Added client Home (UTC).\n',
    });
    const files = fs.readdirSync(home, { recursive: true }).map(String);
    expect(files.filter((file) => path.basename(file) === 'patchdeck.db')).toHaveLength(1);
  });

  it('refuses a folder given as the database with exit 2, naming it, and leaves the folder as it was', async () => {
    const folder = path.join(temp.dir, 'a-folder');
    fs.mkdirSync(folder);
    expect(await runPatchdeck(['--db', folder, 'client', 'list'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `patchdeck: Cannot open the database ${folder}: it is a folder, not a file.\n`,
    });
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('refuses a database path that runs through a file with exit 2 and one line', async () => {
    const file = path.join(temp.dir, 'plain.txt');
    fs.writeFileSync(file, 'not a folder\n');
    const db = path.join(file, 'x.db');
    const run = await runPatchdeck(['--db', db, 'client', 'list']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(/^patchdeck: Cannot open the database /),
      '',
    ]);
    expect(run.stderr).toContain(`the database ${db}: `);
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder\n');
  });

  describe('on a path where no database exists yet', () => {
    const fresh = path.join(temp.dir, 'fresh');
    const db = path.join(fresh, 'new', 'patchdeck.db');

    it.each([
      [['scan', 'nope'], "patchdeck: Unknown device 'nope'."],
      [['inventory', 'nope'], "patchdeck: Unknown device 'nope'."],
      [
        ['client', 'add', 'Gamma', '--timezone', 'Mars/Olympus'],
        "patchdeck: 'Mars/Olympus' is not an IANA time zone (e.g. Europe/Berlin, America/New_York)",
      ],
      [['client', 'add'], 'patchdeck: Missing argument: client name.'],
      [
        ['device', 'add', 'x', '--client', 'Nobody', '--host', 'h', '--user', 'u', '--agent'],
        "patchdeck: Unknown client 'Nobody'.",
      ],
      [['policy', 'show', 'nope'], "patchdeck: Unknown policy 'nope'."],
    ])('bad input %j leaves no database, and no folder it made for one', async (args, message) => {
      expect(await runPatchdeck(['--db', db, ...args])).toEqual({
        code: 2,
        stdout: '',
        stderr: `${message}\n`,
      });
      expect(fs.existsSync(fresh)).toBe(false);
    });

    it('a good command still creates it', async () => {
      expect((await runPatchdeck(['--db', db, 'client', 'add', 'Acme'])).code).toBe(0);
      expect(fs.readdirSync(path.dirname(db))).toEqual(['patchdeck.db']);
    });
  });

  describe('on an existing database', () => {
    const folder = path.join(temp.dir, 'existing');
    const db = path.join(folder, 'patchdeck.db');

    beforeAll(async () => {
      expect((await runPatchdeck(['--db', db, 'client', 'add', 'Acme'])).code).toBe(0);
    });

    it.each([
      [['scan', 'nope']],
      [['client', 'add', 'Gamma', '--timezone', 'Mars/Olympus']],
      [['client', 'add', 'Acme']],
      [['client', 'remove', 'Nobody']],
      [['client', 'list', 'extra']],
    ])('bad input %j leaves every file of it byte for byte as it was', async (args) => {
      const before = snapshot(folder);
      expect(await runPatchdeck(['--db', db, ...args])).toMatchObject({ code: 2, stdout: '' });
      expect(snapshot(folder)).toEqual(before);
    });
  });
});
