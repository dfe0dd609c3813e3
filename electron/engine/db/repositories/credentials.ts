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

export function deleteCredential(database: Database, id: number): void {
  database.statement('DELETE FROM credentials WHERE id = ?').run(id);
}
