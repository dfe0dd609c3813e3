import {
  ApprovalDecisionInput,
  type ApprovalDecision,
  type ApprovalQueueEntry,
} from '../../../shared/domain/policies';
import { parseInput } from '../api/parse-input';
import { appendAudit } from '../audit/audit-log';
import { listAvailableUpdates } from '../db/repositories/inventory';
import {
  deleteApprovalDecision,
  listApprovalDecisions,
  upsertApprovalDecision,
} from '../db/repositories/policies';
import type { EngineContext } from '../engine-context';
import { AppError } from '../../../shared/errors';
import { decisionFor, indexDecisions } from './approval-rules';

/** The approvals queue: fleet-wide decisions by package or KB, once for every device that misses it. */
export interface ApprovalService {
  /** Every package or KB some device misses, with its decision (null: waiting for the technician). */
  queue(): ApprovalQueueEntry[];
  decisions(): ApprovalDecision[];
  /** Approve, defer or exclude packages fleet-wide; a new decision replaces the previous one. */
  decide(input: ApprovalDecisionInput): ApprovalDecision[];
  /** Withdraw a decision: the package goes back to the policies' own approval rules. */
  withdraw(packageName: string): void;
}

export function createApprovalService(context: EngineContext): ApprovalService {
  const { database, clock, actor } = context;
  return {
    queue() {
      const decisions = indexDecisions(listApprovalDecisions(database));
      const byPackage = new Map<
        string,
        { entry: ApprovalQueueEntry; versions: Set<string>; devices: Set<number> }
      >();
      for (const update of listAvailableUpdates(database, null)) {
        const key = update.name.toLowerCase();
        let group = byPackage.get(key);
        if (!group) {
          group = {
            entry: {
              package: update.name,
              versions: [],
              devices: 0,
              security: false,
              firstSeenAt: update.firstSeenAt,
              decision: decisionFor(decisions, update) ?? null,
            },
            versions: new Set(),
            devices: new Set(),
          };
          byPackage.set(key, group);
        }
        group.versions.add(update.availableVersion);
        group.devices.add(update.deviceId);
        group.entry = {
          ...group.entry,
          security: group.entry.security || update.security,
          firstSeenAt:
            update.firstSeenAt < group.entry.firstSeenAt ? update.firstSeenAt : group.entry.firstSeenAt,
        };
      }
      return [...byPackage.values()]
        .map((group) => ({
          ...group.entry,
          versions: [...group.versions].sort(),
          devices: group.devices.size,
        }))
        .sort(
          (a, b) =>
            Number(b.security) - Number(a.security) ||
            b.devices - a.devices ||
            a.package.localeCompare(b.package),
        );
    },
    decisions: () => listApprovalDecisions(database),
    decide(input) {
      const parsed = parseInput(ApprovalDecisionInput, input);
      return database.transaction(() => {
        const now = clock.now();
        const until = parsed.until === undefined ? null : new Date(Date.parse(parsed.until)).toISOString();
        if (until !== null && Date.parse(until) <= now.getTime())
          throw new AppError(
            'invalid-input',
            `The deferral date ${parsed.until} has already passed.`,
            'until',
          );
        const made = [...new Set(parsed.packages)].map((packageName) => ({
          package: packageName,
          decision: parsed.decision,
          until,
          note: parsed.note,
          decidedAt: now.toISOString(),
          actor,
        }));
        // Package names match case-insensitively (the table's key is NOCASE): those are the decisions replaced.
        const names = new Set(made.map((decision) => decision.package.toLowerCase()));
        const replaced = listApprovalDecisions(database).filter((decision) =>
          names.has(decision.package.toLowerCase()),
        );
        for (const decision of made) upsertApprovalDecision(database, decision);
        appendAudit(database, now, actor, {
          action: `approval.${parsed.decision}`,
          subjectType: 'approval',
          subjectId: null,
          subjectName: made.length === 1 ? (made[0]?.package ?? null) : `${made.length} packages`,
          details: {
            packages: made.map((decision) => decision.package),
            until,
            note: parsed.note,
            ...(replaced.length > 0 ? { replaced } : {}),
          },
        });
        return made;
      });
    },
    withdraw(packageName) {
      database.transaction(() => {
        const withdrawn = listApprovalDecisions(database).find(
          (decision) => decision.package.toLowerCase() === packageName.toLowerCase(),
        );
        if (!withdrawn || !deleteApprovalDecision(database, packageName))
          throw new AppError('not-found', `There is no decision on '${packageName}'.`, 'package');
        appendAudit(database, clock.now(), actor, {
          action: 'approval.withdrawn',
          subjectType: 'approval',
          subjectId: null,
          subjectName: packageName,
          details: { withdrawn },
        });
      });
    },
  };
}
