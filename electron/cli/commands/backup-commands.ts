import os from 'node:os';
import { restoreDatabase } from '../../engine/db/backup';
import { auditRestore } from '../../engine/settings/backup-service';
import type { Command, CommandInput, CommandOutput } from '../command';
import { flagOption, requiredOption, singlePositional } from '../options';

const backup: Command = {
  path: ['backup'],
  usage: 'patchdeck backup --out <file> [--force]',
  summary:
    'Copy the database, consistently even while Patchdeck runs, to a checked file (--force replaces one).',
  options: { out: { type: 'string' }, force: { type: 'boolean' } },
  maxPositionals: 0,
  async run(engine, input) {
    const written = await engine.backups.create({
      path: requiredOption(input, 'out'),
      overwrite: flagOption(input, 'force'),
    });
    return {
      json: written,
      text: `Backed up the database to ${written.path} (${written.bytes} bytes, schema ${written.schemaVersion}).\n${written.secretsNote}`,
    };
  },
};

/** The current database may be the very thing that is broken: restore never opens an engine on it. */
async function restoreFromFile(input: CommandInput): Promise<CommandOutput> {
  const from = singlePositional(input, 'the backup file');
  const { dbPath } = input;
  const now = new Date();
  const outcome = await restoreDatabase(dbPath, from, {
    now,
    afterRestore: auditRestore(os.userInfo().username, now),
  });
  return {
    json: { database: dbPath, ...outcome },
    text: [
      `Restored ${dbPath} from ${outcome.restoredFrom} (schema ${outcome.schemaVersion}).`,
      outcome.previousKeptAs
        ? `The previous database is kept as ${outcome.previousKeptAs}.`
        : 'There was no previous database.',
    ].join('\n'),
  };
}

const restore: Command = {
  path: ['restore'],
  usage: 'patchdeck restore <file>',
  summary:
    'Replace the database with a backup (checked first; the current one is kept as <db>.before-restore-<time>).',
  options: {},
  maxPositionals: 1,
  run: (_engine, input) => restoreFromFile(input),
  runWithoutDatabase: restoreFromFile,
};

export const backupCommands: readonly Command[] = [backup, restore];
