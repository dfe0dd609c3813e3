import { createHash } from 'node:crypto';
import type { Database } from '../db/database';

export interface AuditEntryInput {
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: number | null;
  readonly subjectName: string | null;
  readonly details: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryInput {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly prevHash: string;
  readonly hash: string;
}

const GENESIS = '0'.repeat(64);

/**
 * The actor of what the scheduler starts on its own (a policy's window, a planned deployment): nobody at the console
 * started it, whichever account the scheduling process runs under.
 */
export const schedulerActor = 'scheduler';

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: number | null;
  subject_name: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The hash covers every stored column of the entry and the previous entry's hash. */
function entryHash(row: Omit<AuditRow, 'id' | 'hash'>): string {
  const fields = [
    row.prev_hash,
    row.at,
    row.actor,
    row.action,
    row.subject_type,
    row.subject_id,
    row.subject_name,
    row.details,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * Append one entry to the hash-chained audit log. Call it inside the transaction that makes the change, so the
 * change and its record commit together or not at all.
 */
export function appendAudit(database: Database, at: Date, actor: string, entry: AuditEntryInput): void {
  const last = database.statement('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { hash: string } | undefined;
  const row = {
    prev_hash: last?.hash ?? GENESIS,
    at: at.toISOString(),
    actor,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    subject_name: entry.subjectName,
    details: JSON.stringify(entry.details),
  };
  database
    .statement(
      `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, subject_name, details, prev_hash, hash)
       VALUES (@at, @actor, @action, @subject_type, @subject_id, @subject_name, @details, @prev_hash, @hash)`,
    )
    .run({ ...row, hash: entryHash(row) });
}

/** The newest entries first, optionally for one subject. */
export function listAudit(
  database: Database,
  filter: { subjectType?: string; subjectId?: number; limit?: number } = {},
): AuditEntry[] {
  const rows = database
    .statement(
      `SELECT * FROM audit_log
       WHERE (@type IS NULL OR subject_type = @type) AND (@id IS NULL OR subject_id = @id)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({
      type: filter.subjectType ?? null,
      id: filter.subjectId ?? null,
      limit: filter.limit ?? 500,
    }) as AuditRow[];
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    subjectName: row.subject_name,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
}

/** Walk the chain from the start; returns the id of the first entry whose hash does not hold, or null. */
export function findBrokenAuditEntry(database: Database): number | null {
  let prevHash = GENESIS;
  for (const row of database
    .statement('SELECT * FROM audit_log ORDER BY id')
    .iterate() as Iterable<AuditRow>) {
    if (row.prev_hash !== prevHash || row.hash !== entryHash(row)) return row.id;
    prevHash = row.hash;
  }
  return null;
}
