import type { Engine } from '../engine/create-engine';

/** Options as node:util parseArgs describes them. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export interface CommandInput {
  readonly positionals: readonly string[];
  /** The database this run uses: --db, else PATCHDECK_DB, else the desktop app's. */
  readonly dbPath: string;
  readonly options: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly json: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** What a command hands back: the JSON document for --json, the text for people, and whether a target failed. */
export interface CommandOutput {
  readonly json: unknown;
  readonly text: string;
  readonly failed?: boolean;
}

export interface Command {
  /** The words that select it, e.g. ['device', 'add']. */
  readonly path: readonly string[];
  readonly usage: string;
  readonly summary: string;
  readonly options: OptionSpec;
  /**
   * The most arguments it takes after its own words: more are refused before anything runs. Absent: any number,
   * and the command checks them itself.
   */
  readonly maxPositionals?: number;
  run(engine: Engine, input: CommandInput): Promise<CommandOutput>;
  /** For commands that never touch the database (vercmp): run without opening an engine at all. */
  readonly runWithoutDatabase?: (input: CommandInput) => Promise<CommandOutput>;
}
