import { parseArgs } from 'node:util';
import { AppError, isAppError } from '../../shared/errors';
import { createEngine, type Engine } from '../engine/create-engine';
import { defaultDatabasePath } from '../engine/paths';
import { createPassphraseVault } from '../engine/vault/passphrase-vault';
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

/** Run one CLI invocation and return its exit code. Never throws for expected problems. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let engine: Engine | null = null;
  try {
    const words = commandWords(argv);
    const command = findCommand(words);
    if (!command) {
      if (argv.includes('--help') || argv.length === 0) {
        io.stdout(overview());
        return argv.length === 0 ? exitCodes.badInput : exitCodes.ok;
      }
      throw new AppError(
        'invalid-input',
        `Unknown command '${words.slice(0, 2).join(' ')}'. Run 'patchdeck --help'.`,
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
    const input: CommandInput = {
      positionals: parsed.positionals.slice(command.path.length),
      options: parsed.values,
      json: parsed.values.json === true,
      env: io.env,
    };
    const dbPath = typeof parsed.values.db === 'string' ? parsed.values.db : defaultDatabasePath(io.env);
    const output = command.runWithoutDatabase
      ? await command.runWithoutDatabase(input)
      : await command.run(
          (engine = createEngine({
            dbPath,
            vault: createPassphraseVault(io.env.PATCHDECK_VAULT_PASSPHRASE),
          })),
          input,
        );
    if (input.json) io.stdout(JSON.stringify(output.json));
    else if (output.text) io.stdout(output.text);
    return output.failed ? exitCodes.targetFailed : exitCodes.ok;
  } catch (error) {
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
  } finally {
    engine?.close();
  }
}
