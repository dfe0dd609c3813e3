import type { Database } from '../db/database';
import { recordEachScan, type ScanRecord } from '../db/repositories/inventory';

/**
 * Scan results arrive one device at a time; writing each in its own transaction costs an fsync per device.
 * The writer gathers what finishes within a few milliseconds and commits it together. Scan data can always be
 * scanned again, so these commits use synchronous=NORMAL (WAL keeps them consistent; only the last moments
 * before a power cut could be lost), unlike jobs and the audit log.
 */
export function createScanWriter(database: Database, options: { maxBatch?: number; delayMs?: number } = {}) {
  const maxBatch = options.maxBatch ?? 64;
  const delayMs = options.delayMs ?? 10;
  let queue: { record: ScanRecord; done: (error?: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    timer = null;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    try {
      database.pragma('synchronous = NORMAL');
      // A record that cannot be stored (its device was removed meanwhile) fails alone: the batch is only a way to
      // save commits, and must not lose one device's scan to another's.
      const failures = database.transaction(() =>
        recordEachScan(
          database,
          batch.map((item) => item.record),
        ),
      );
      batch.forEach((item, at) => item.done(failures[at]));
    } catch (error) {
      // What fails here fails the whole batch (the commit, or a database still locked by another process after
      // the busy timeout): nothing of it was stored.
      for (const item of batch) item.done(error);
    } finally {
      database.pragma('synchronous = FULL');
    }
  };

  return {
    /** Resolves once the record is committed. */
    write(record: ScanRecord): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ record, done: (error) => (error === undefined ? resolve() : reject(error)) });
        if (queue.length >= maxBatch) flush();
        else timer ??= setTimeout(flush, delayMs);
      });
    },
  };
}
