import type { Database } from '../db/database';
import { recordScans, type ScanRecord } from '../db/repositories/inventory';

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
      database.transaction(() =>
        recordScans(
          database,
          batch.map((item) => item.record),
        ),
      );
      for (const item of batch) item.done();
    } catch (error) {
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
