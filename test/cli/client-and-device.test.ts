import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

describe('patchdeck client and device commands', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'cli.db');
  const keyPath = path.join(temp.dir, 'id_ed25519');
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runPatchdeck(['--db', db, ...args], env);

  beforeAll(() => fs.writeFileSync(keyPath, 'key', { mode: 0o600 }));
  afterAll(() => temp.cleanup());

  it('adds and lists clients, in text and JSON', async () => {
    // Zone names are matched without regard to case, and stored as the IANA database spells them.
    expect(await cli(['client', 'add', 'Acme', '--timezone', 'europe/berlin'])).toMatchObject({
      code: 0,
      stdout: 'Added client Acme (Europe/Berlin).\n',
    });
    expect((await cli(['client', 'add', 'Beta'])).code).toBe(0);
    const listed = await cli(['--json', 'client', 'list']);
    expect(listed.code).toBe(0);
    const clients = JSON.parse(listed.stdout) as { name: string; timeZone: string }[];
    expect(clients.map((client) => [client.name, client.timeZone])).toEqual([
      ['Acme', 'Europe/Berlin'],
      ['Beta', 'UTC'],
    ]);
    const text = await cli(['client', 'list']);
    expect(text.stdout).toMatch(/^CLIENT\s+TIME ZONE\s+DEVICES/);
  });

  it('adds devices with a key, ssh-agent, or a password sealed with the vault passphrase', async () => {
    expect(
      (
        await cli([
          'device',
          'add',
          'web-01',
          '--client',
          'Acme',
          '--host',
          '10.0.0.5',
          '--user',
          'tech',
          '--key',
          keyPath,
          '--sudo',
          '--tag',
          'server',
        ])
      ).code,
    ).toBe(0);
    expect(
      (
        await cli([
          'device',
          'add',
          'db-01',
          '--client',
          'acme',
          '--host',
          'db01.acme.lan',
          '--port',
          '2222',
          '--user',
          'admin',
          '--agent',
        ])
      ).code,
    ).toBe(0);
    const withPassword = await cli(
      [
        'device',
        'add',
        'ws-01',
        '--client',
        'Beta',
        '--host',
        '::1',
        '--user',
        'tech',
        '--password-env',
        'WS_PASSWORD',
      ],
      {
        WS_PASSWORD: 'hunter2-but-longer',
        PATCHDECK_VAULT_PASSPHRASE: 'correct horse',
      },
    );
    expect(withPassword).toMatchObject({ code: 0, stderr: '' });
    const listed = JSON.parse((await cli(['--json', 'device', 'list'])).stdout) as {
      name: string;
      clientName: string;
      port: number;
      auth: { kind: string };
    }[];
    expect(listed.map((d) => [d.clientName, d.name, d.port, d.auth.kind])).toEqual([
      ['Acme', 'db-01', 2222, 'agent'],
      ['Acme', 'web-01', 22, 'key'],
      ['Beta', 'ws-01', 22, 'password'],
    ]);
    const acmeOnly = JSON.parse(
      (await cli(['--json', 'device', 'list', '--client', 'Acme'])).stdout,
    ) as unknown[];
    expect(acmeOnly).toHaveLength(2);
    expect(fs.readFileSync(db).includes('hunter2-but-longer')).toBe(false);
  });

  /** `device add x` for client Acme at host h as user u, then the options a row is about. */
  const addX = (...options: string[]) => [
    'device',
    'add',
    'x',
    '--client',
    'Acme',
    '--host',
    'h',
    '--user',
    'u',
    ...options,
  ];

  it.each([
    [
      ['device', 'add', 'x', '--client', 'Acme', '--host', '300.1.1.1', '--user', 'u', '--agent'],
      "patchdeck: host '300.1.1.1' is neither a hostname nor an IP address",
    ],
    [
      ['device', 'add', 'x', '--client', 'Acme', '--host', 'h', '--port', '70000', '--user', 'u', '--agent'],
      'patchdeck: port must be between 1 and 65535',
    ],
    [
      // ssh would read a leading '-' as an option, and the SSH layer refuses it: never stored, so never unreachable.
      ['device', 'add', 'x', '--client', 'Acme', '--host', 'h', '--user=-admin', '--agent'],
      'patchdeck: user may contain only letters, digits and . _ @ \\ - $, and must not start with - or $',
    ],
    [
      ['device', 'add', 'web-01', '--client', 'Acme', '--host', 'h', '--user', 'u', '--agent'],
      "patchdeck: Client 'Acme' already has a device named 'web-01'.",
    ],
    [
      ['device', 'add', 'x', '--client', 'Nobody', '--host', 'h', '--user', 'u', '--agent'],
      "patchdeck: Unknown client 'Nobody'.",
    ],
    [addX(), 'patchdeck: Give exactly one of --key <file>, --password-env <VAR> or --agent.'],
    [
      addX('--agent', '--key', 'k'),
      'patchdeck: Give exactly one of --key <file>, --password-env <VAR> or --agent.',
    ],
    [
      addX('--password-env', 'NOT_SET'),
      'patchdeck: --password-env: the environment variable NOT_SET is not set.',
    ],
    [
      // The password itself where its variable's name belongs: never echoed to stderr (and so to cron's mail).
      addX('--password-env', 'S3cret!pw'),
      'patchdeck: --password-env takes the name of an environment variable that holds the secret (e.g. PATCHDECK_PASSWORD), not the secret itself.',
    ],
    [
      // A password that happens to look like a variable's name is not echoed either, when no such variable is set.
      addX('--password-env', 'Summer2024'),
      'patchdeck: --password-env: no environment variable of that name is set; give the name of the variable that holds the secret (e.g. PATCHDECK_PASSWORD), not the secret itself.',
    ],
    [
      addX('--agent', '--sudo', '--sudo-password-env', 'Welcome_1'),
      'patchdeck: --sudo-password-env: no environment variable of that name is set; give the name of the variable that holds the secret (e.g. PATCHDECK_PASSWORD), not the secret itself.',
    ],
    [addX('--key', '/nonexistent/key'), 'patchdeck: The key file /nonexistent/key cannot be read.'],
    [
      ['device', 'add', '--client', 'Acme', '--host', 'h', '--user', 'u', '--agent'],
      'patchdeck: Missing argument: device name.',
    ],
    [
      ['device', 'add', 'bad name/with slash', '--client', 'Acme', '--host', 'h', '--user', 'u', '--agent'],
      "patchdeck: device name must not contain '/': it separates client and device on the command line (Acme/web-01)",
    ],
    [addX('--agent', '--colour', 'red'), "patchdeck: Unknown option '--colour'."],
    [['device', 'add', 'x', '--client', 'Acme', '--host'], "patchdeck: Option '--host' needs a value."],
    [['client', 'add', ''], 'patchdeck: client name must not be empty'],
    [['client', 'add', 'Acme'], "patchdeck: A client named 'Acme' already exists."],
    [
      ['client', 'add', 'Gamma', '--timezone', 'Mars/Olympus'],
      "patchdeck: 'Mars/Olympus' is not an IANA time zone (e.g. Europe/Berlin, America/New_York)",
    ],
    [['device', 'list', '--client', 'Nobody'], "patchdeck: Unknown client 'Nobody'."],
    [['frobnicate'], "patchdeck: Unknown command 'frobnicate'. Run 'patchdeck --help'."],
  ])(
    'bad input %j: exit 2, one line on stderr, nothing on stdout, nothing written',
    async (args, message) => {
      const before = JSON.parse((await cli(['--json', 'device', 'list'])).stdout) as unknown[];
      const clientsBefore = (await cli(['--json', 'client', 'list'])).stdout;
      const run = await cli(args);
      expect(run).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
      expect(JSON.parse((await cli(['--json', 'device', 'list'])).stdout)).toEqual(before);
      expect((await cli(['--json', 'client', 'list'])).stdout).toBe(clientsBefore);
    },
  );

  it('refuses a database file that is not SQLite and one from a newer version, leaving both untouched', async () => {
    const notes = path.join(temp.dir, 'notes.txt');
    fs.writeFileSync(notes, 'shopping list\n');
    expect(await runPatchdeck(['--db', notes, 'client', 'list'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `patchdeck: The file ${notes} is not a Patchdeck database (it is not an SQLite file).\n`,
    });
    expect(fs.readFileSync(notes, 'utf8')).toBe('shopping list\n');
  });

  it('uses PATCHDECK_DB when --db is absent, and prints usage with --help', async () => {
    const envDb = path.join(temp.dir, 'env.db');
    expect((await runPatchdeck(['client', 'add', 'FromEnv'], { PATCHDECK_DB: envDb })).code).toBe(0);
    expect(fs.existsSync(envDb)).toBe(true);
    const help = await runPatchdeck(['device', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('(--key <private key file> | --password-env <VAR> | --agent) [--sudo]');
  });

  it('removes a device, then its client', async () => {
    expect((await cli(['device', 'remove', 'ws-01'])).code).toBe(0);
    expect(await cli(['client', 'remove', 'Beta'])).toMatchObject({
      code: 0,
      stdout: 'Removed client Beta.\n',
    });
    expect((await cli(['client', 'remove', 'Acme'])).stderr).toBe(
      "patchdeck: Client 'Acme' still has 2 devices: remove them first.\n",
    );
  });
});
