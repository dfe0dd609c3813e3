import { parseArgs } from 'node:util';
import { AppError, isAppError, type ErrorCode } from '../../shared/errors';
import type { Engine } from '../engine/create-engine';
import { databasePath, openCliDatabase, type CliDatabase } from './cli-database';
import type { Command, CommandInput, OptionSpec } from './command';
import { approvalCommands } from './commands/approval-commands';
import { auditCommands } from './commands/audit-command';
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
  ...auditCommands,
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

const overviewUsage = 'patchdeck [--db <file>] [--json] <command> ...';

function overview(): string {
  const lines = commands.map((command) => `  ${command.path.join(' ').padEnd(18)} ${command.summary}`);
  return [
    `Usage: ${overviewUsage}`,
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

/** The overview for --json: even help is one JSON document on stdout then, as CLI.md has it for --json. */
function overviewJson() {
  return {
    usage: overviewUsage,
    commands: commands.map((command) => ({ command: command.path.join(' '), summary: command.summary })),
  };
}

/** Words that start some command's path (none, or a group such as `device`): --help there is the overview. */
function startsACommand(words: readonly string[]): boolean {
  return commands.some((command) => words.every((word, index) => command.path[index] === word));
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
  // Known once the arguments parse: a failure after that still owes --json its one document.
  const run: RunState = { json: false };
  let code: number;
  try {
    code = await runCommand(
      argv,
      io,
      (dbPath) => (opened.database = openCliDatabase(dbPath, io.env)).engine,
      run,
    );
  } catch (error) {
    code = reportFailure(error, io, run.json);
  }
  opened.database?.close(code === exitCodes.badInput);
  return code;
}

interface RunState {
  json: boolean;
}

/** Find the command, check its input, and run it, opening the database only for a command that uses one. */
async function runCommand(
  argv: readonly string[],
  io: CliIo,
  openEngine: (dbPath: string) => Engine,
  run: RunState,
): Promise<number> {
  const words = commandWords(argv);
  const command = findCommand(words);
  if (!command) {
    // A misspelt command is bad input even with --help: exit 0 would tell a script the command exists.
    if (argv.includes('--help') && startsACommand(words)) {
      io.stdout(argv.includes('--json') ? JSON.stringify(overviewJson()) : overview());
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
  run.json = parsed.values.json === true;
  if (parsed.values.help) {
    const name = command.path.join(' ');
    io.stdout(
      run.json
        ? JSON.stringify({ command: name, usage: command.usage, summary: command.summary })
        : `${command.usage}\n\n${command.summary}`,
    );
    return exitCodes.ok;
  }
  const positionals = parsed.positionals.slice(command.path.length);
  assertPositionals(command, positionals);
  const input: CommandInput = {
    positionals,
    dbPath: databasePath(parsed.values.db, io.env),
    options: parsed.values,
    json: run.json,
    env: io.env,
  };
  const output = command.runWithoutDatabase
    ? await command.runWithoutDatabase(input)
    : await command.run(openEngine(input.dbPath), input);
  if (input.json) io.stdout(JSON.stringify(output.json));
  else if (output.text) io.stdout(output.text);
  return output.failed ? exitCodes.targetFailed : exitCodes.ok;
}

/**
 * An expected problem as one line on stderr and its exit code; anything else as a bug, with its stack. A run that
 * asked for --json and ends in exit 1 also gets its one JSON document, saying what failed: a script reading stdout
 * must not find it empty (bad input, exit 2, stays on stderr alone: nothing ran).
 */
function reportFailure(error: unknown, io: CliIo, json: boolean): number {
  if (isAppError(error)) {
    io.stderr(`patchdeck: ${error.message}`);
    const code = badInputCodes.has(error.code) ? exitCodes.badInput : exitCodes.targetFailed;
    if (json && code === exitCodes.targetFailed)
      io.stdout(JSON.stringify({ status: error.code, error: error.message }));
    return code;
  }
  io.stderr(
    `patchdeck: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  if (json)
    io.stdout(
      JSON.stringify({
        status: 'unexpected',
        error: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
      }),
    );
  return exitCodes.targetFailed;
}

/** The AppError codes that mean the input was wrong (exit 2): everything else happened while running (exit 1). */
const badInputCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid-input',
  'not-found',
  'conflict',
  'database-not-sqlite',
  'database-too-new',
  'vault-unavailable',
]);
