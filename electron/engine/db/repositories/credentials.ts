import type { SealedSecret } from '../../vault/secret-vault';
import type { Database } from '../database';

export function insertCredential(database: Database, secret: SealedSecret, createdAt: string): number {
  const result = database
    .statement('INSERT INTO credentials (scheme, sealed, created_at) VALUES (?, ?, ?)')
    .run(secret.scheme, secret.sealed, createdAt);
  return Number(result.lastInsertRowid);
}

export function findCredential(database: Database, id: number): SealedSecret | null {
  return (
    (database.statement('SELECT scheme, sealed FROM credentials WHERE id = ?').get(id) as
      SealedSecret | undefined) ?? null
  );
}

/** The oldest secret sealed with a scheme, or null: what a vault checks its passphrase against before sealing. */
export function findFirstCredentialOfScheme(database: Database, scheme: string): SealedSecret | null {
  return (
    (database
      .statement('SELECT scheme, sealed FROM credentials WHERE scheme = ? ORDER BY id LIMIT 1')
      .get(scheme) as SealedSecret | undefined) ?? null
  );
}

/**
 * Delete a sealed secret with SQLite's secure_delete on, so its bytes are zeroed in the page rather than left in
 * free space (the WAL still holds them until a checkpoint: see forgetting a password in the device service).
 */
export function deleteCredential(database: Database, id: number): void {
  database.pragma('secure_delete = ON');
  try {
    database.statement('DELETE FROM credentials WHERE id = ?').run(id);
  } finally {
    database.pragma('secure_delete = OFF');
  }
}

/** Copy the WAL into the database file and empty it: a deleted secret's old page images go with it. */
export function checkpointAfterErasing(database: Database): void {
  database.pragma('wal_checkpoint(TRUNCATE)');
}

/** A device's sign-in with the schemes of its stored passwords (null: none stored); never the sealed text. */
export interface DeviceCredentialRow {
  readonly deviceId: number;
  readonly deviceName: string;
  readonly clientName: string;
  readonly user: string;
  readonly authKind: 'key' | 'password' | 'agent';
  readonly keyPath: string | null;
  readonly passwordScheme: string | null;
  readonly sudoScheme: string | null;
  readonly retiredAt: string | null;
}

/**
 * Every device's sign-in, managed ones first, each by client then device name. Retired devices are listed too: their
 * stored passwords stay in the database until forgotten, and Settings is where that is done.
 */
export function listDeviceCredentialRows(database: Database): DeviceCredentialRow[] {
  return database
    .statement(
      `SELECT d.id AS deviceId, d.name AS deviceName, c.name AS clientName, d.user AS user,
              d.auth_kind AS authKind, d.key_path AS keyPath,
              p.scheme AS passwordScheme, s.scheme AS sudoScheme, d.retired_at AS retiredAt
       FROM devices d
       JOIN clients c ON c.id = d.client_id
       LEFT JOIN credentials p ON p.id = d.password_credential_id
       LEFT JOIN credentials s ON s.id = d.sudo_credential_id
       ORDER BY d.retired_at IS NOT NULL, c.name COLLATE NOCASE, d.name COLLATE NOCASE`,
    )
    .all() as DeviceCredentialRow[];
}
