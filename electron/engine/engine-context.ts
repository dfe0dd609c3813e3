import type { Clock } from './clock';
import type { Database } from './db/database';
import type { Log } from './log';
import type { SecretVault } from './vault/secret-vault';

/** What every engine service is built with: passed in, never imported, so tests and the CLI build them alike. */
export interface EngineContext {
  readonly database: Database;
  readonly vault: SecretVault;
  readonly clock: Clock;
  readonly log: Log;
  /** Who is acting, for the audit log (the technician's OS user name). */
  readonly actor: string;
}
