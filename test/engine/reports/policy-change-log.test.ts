import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { periodAuditSql } from '../../../electron/engine/db/repositories/reports';
import type { ComplianceReport } from '../../../electron/engine/reports/compliance-report';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { seedPolicyHistory, type PolicyHistory } from '../../support/report-policy-history';

const lines = (report: ComplianceReport) => report.audit.map((row) => `${row.action} ${row.subject}`);

/**
 * A report re-run for last month shows the policy changes and scheduled runs it showed then, on the client the
 * policy served at the time, whether the policy was moved to another client or removed since.
 */
describe('a past period’s policy entries after the policies moved or were removed', () => {
  const clock = fixedClock();
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  let history: PolicyHistory;
  const report = (clientId: number, from: string, to: string) =>
    lines(engine.reports.build({ clientId, from, to }));

  beforeAll(async () => {
    history = await seedPolicyHistory(engine, clock);
    clock.set('2026-12-10T09:00:00.000Z');
  });
  afterAll(() => temp.close());

  it('keeps each policy entry on the client the policy served then', () => {
    expect(report(history.acmeId, '2026-11-01', '2026-11-30')).toEqual([
      'policy.updated lab-hotfix',
      'schedule.run-claimed weekend-servers',
      'policy.updated weekend-servers',
    ]);
    // The move is both clients' news: Acme lost the policy, Globex got it.
    expect(report(history.globexId, '2026-11-01', '2026-11-30')).toEqual([
      'policy.updated weekend-servers',
      'schedule.run-claimed weekend-servers',
    ]);
  });

  it('gives a policy added after a removal an id no policy had, so neither inherits the other’s history', () => {
    expect(history.globexNightlyId).toBe(history.labHotfixId + 1);
    expect(
      listAudit(engine.database, { subjectType: 'policy', subjectId: history.globexNightlyId }),
    ).toMatchObject([{ action: 'policy.added', subjectName: 'globex-nightly' }]);
    expect(report(history.acmeId, '2026-12-01', '2026-12-10')).toEqual(['policy.removed lab-hotfix']);
    expect(report(history.globexId, '2026-12-01', '2026-12-10')).toEqual(['policy.added globex-nightly']);
  });

  // Patchdeck never runs ANALYZE, so this is the plan the app gets.
  it('reads the period’s policy entries by time and by id, never every policy entry of all time', () => {
    const plan = (
      engine.database
        .statement(`EXPLAIN QUERY PLAN ${periodAuditSql}`)
        .all({ client: history.acmeId, from: '2026-11-01', to: '2026-12-01' }) as { detail: string }[]
    ).map((row) => row.detail);
    expect(plan.filter((detail) => /^SCAN (l|added|audit_log)\b/.test(detail))).toEqual([]);
    expect(plan).toContain('SEARCH l USING INTEGER PRIMARY KEY (rowid=?)');
    expect(plan).toContain(
      'SEARCH l USING INDEX audit_log_by_subject (subject_type=? AND subject_id=? AND rowid<?)',
    );
    // One read of a whole subject type remains: the exceptions', which name their client or device in the details.
    expect(plan.filter((detail) => detail.endsWith('audit_log_by_subject (subject_type=?)'))).toHaveLength(1);
  });
});
