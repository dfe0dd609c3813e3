import { parseArgs } from 'node:util';
import { AppError, isAppError } from '../../shared/errors';
import type { Engine } from '../engine/create-engine';
import { databasePath, openCliDatabase, type CliDatabase } from './cli-database';
import type { Command, CommandInput, OptionSpec } from './command';
import { approvalCommands } from './commands/approval-commands';
import { backupCommands } from './commands/backup-commands';
import { clientCommands } from './commands/client-commands';
import { deployCommands } from './commands/deploy-commands';
import { deviceCommands } from './commands/device-commands';
import { exceptionCommands } from './commands/exception-commands';
import { feedCommands } from './commands/feed-commands';
import { policyCommands } from './commands/policy-commands';
import { reportCommands } from './commands/report-command';
import { scanCommands } from './commands/scan-commands';
import { scheduleCommands } from './commands/schedule-commands';
import { vercmpCommands } from './commands/vercmp-command';

const commands: readonly Command[] = [
  ...clientCommands,
  ...deviceCommands,
  ...scanCommands,
  ...deployCommands,
  ...feedCommands,
  ...policyCommands,
  ...scheduleCommands,
  ...approvalCommands,
  ...exceptionCommands,
  ...reportCommands,
  ...vercmpCommands,
  ...backupCommands,
];

const globalOptions: OptionSpec = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
};

/** Exit codes of CLI.md: 0 all done, 1 ran but a target failed, 2 bad input. */
export const exitCodes = { ok: 0, targetFailed: 1, badInput: 2 } as const;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** Every option any command knows, so the command words can be found before the command is known. */
const allOptions: OptionSpec = Object.assign(
  {},
  globalOptions,
  ...commands.map((command) => command.options),
);

function commandWords(argv: readonly string[]): string[] {
  return parseArgs({ args: [...argv], options: allOptions, allowPositionals: true, strict: false })
    .positionals;
}

function findCommand(words: readonly string[]): Command | null {
  return commands.find((command) => command.path.every((word, index) => words[index] === word)) ?? null;
}

function overview(): string {
  const lines = commands.map((command) => `  ${command.path.join(' ').padEnd(18)} ${command.summary}`);
  return [
    'Usage: patchdeck [--db <file>] [--json] <command> ...',
    '',
    'Commands:',
    ...lines,
    '',
    'Global options:',
    "  --db <file>   the database (default: the desktop app's; env PATCHDECK_DB overrides)",
    '  --json        one JSON document on stdout',
    '  --help        usage for the command',
  ].join('\n');
}

/** Turn node:util's parse errors into one sentence naming the flag. */
function parseFailure(error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return new AppError('invalid-input', `Unknown option '${unknown[1]}'.`);
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return new AppError('invalid-input', `Option '${missing[1]}' needs a value.`);
  return new AppError('invalid-input', message.split('\n')[0] ?? message);
}

/** Refuse arguments beyond what the command takes, naming them, before anything is opened or written. */
function assertPositionals(command: Command, positionals: readonly string[]): void {
  const extra = positionals.slice(command.maxPositionals ?? positionals.length);
  if (extra.length > 0)
    throw new AppError(
      'invalid-input',
      `Unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((each) => `'${each}'`).join(', ')}.`,
    );
}

/** Run one CLI invocation and return its exit code. Never throws for expected problems. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Opened only for a command that needs it; closed once the exit code says whether the run was bad input.
  const opened: { database?: CliDatabase } = {};
  let code: number;
  try {
    code = await runCommand(argv, io, (dbPath) => (opened.database = openCliDatabase(dbPath, io.env)).engine);
  } catch (error) {
    code = reportFailure(error, io);
  }
  opened.database?.close(code === exitCodes.badInput);
  return code;
}

/** Find the command, check its input, and run it, opening the database only for a command that uses one. */
async function runCommand(
  argv: readonly string[],
  io: CliIo,
  openEngine: (dbPath: string) => Engine,
): Promise<number> {
  const words = commandWords(argv);
  const command = findCommand(words);
  if (!command) {
    if (argv.includes('--help')) {
      io.stdout(overview());
      return exitCodes.ok;
    }
    throw new AppError(
      'invalid-input',
      words.length === 0
        ? "No command given. Run 'patchdeck --help' for the commands."
        : `Unknown command '${words.slice(0, 2).join(' ')}'. Run 'patchdeck --help'.`,
    );
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw parseFailure(error);
  }
  if (parsed.values.help) {
    io.stdout(`${command.usage}\n\n${command.summary}`);
    return exitCodes.ok;
  }
  const positionals = parsed.positionals.slice(command.path.length);
  assertPositionals(command, positionals);
  const input: CommandInput = {
    positionals,
    dbPath: databasePath(parsed.values.db, io.env),
    options: parsed.values,
    json: parsed.values.json === true,
    env: io.env,
  };
  const output = command.runWithoutDatabase
    ? await command.runWithoutDatabase(input)
    : await command.run(openEngine(input.dbPath), input);
  if (input.json) io.stdout(JSON.stringify(output.json));
  else if (output.text) io.stdout(output.text);
  return output.failed ? exitCodes.targetFailed : exitCodes.ok;
}

/** An expected problem as one line on stderr and its exit code; anything else as a bug, with its stack. */
function reportFailure(error: unknown, io: CliIo): number {
  if (isAppError(error)) {
    io.stderr(`patchdeck: ${error.message}`);
    return error.code === 'invalid-input' ||
      error.code === 'not-found' ||
      error.code === 'conflict' ||
      error.code === 'database-not-sqlite' ||
      error.code === 'database-too-new' ||
      error.code === 'vault-unavailable'
      ? exitCodes.badInput
      : exitCodes.targetFailed;
  }
  io.stderr(
    `patchdeck: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return exitCodes.targetFailed;
}
