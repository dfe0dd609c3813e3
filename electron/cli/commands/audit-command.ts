import { findBrokenAuditEntry } from '../../engine/audit/audit-log';
import type { Command } from '../command';

/**
 * The audit trail's own check: each entry carries the hash of the one before, so an entry edited or deleted with
 * another SQLite client (the triggers only stop Patchdeck's own SQL) breaks the chain where it happened. A client's
 * auditor, or the technician before handing over a report, can run it; exit 1 when the chain does not hold.
 */
const verify: Command = {
  path: ['audit', 'verify'],
  usage: 'patchdeck audit verify',
  summary:
    'Check that no entry of the audit trail was changed or deleted outside Patchdeck (its hash chain).',
  options: {},
  maxPositionals: 0,
  run(engine) {
    const { database } = engine;
    const { entries } = database.statement('SELECT count(*) AS entries FROM audit_log').get() as {
      entries: number;
    };
    const brokenId = findBrokenAuditEntry(database);
    if (brokenId === null) {
      return Promise.resolve({
        json: { entries, intact: true, brokenAt: null },
        text: `The audit trail holds: ${entries} entries, each chained to the one before.`,
      });
    }
    const broken = database.statement('SELECT id, at, action FROM audit_log WHERE id = ?').get(brokenId) as {
      id: number;
      at: string;
      action: string;
    };
    return Promise.resolve({
      json: { entries, intact: false, brokenAt: broken },
      text:
        `The audit trail was changed outside Patchdeck: entry ${broken.id} (${broken.at}, ${broken.action}) does ` +
        'not match the chain, so it or an entry before it was edited or deleted. Restore a backup from before ' +
        'that time to compare.',
      failed: true,
    });
  },
};

export const auditCommands: readonly Command[] = [verify];
