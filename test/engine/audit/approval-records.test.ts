import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { createTempEngine } from '../../support/temp-engine';

/** A fleet-wide decision replaces or withdraws the one before it: the entry must keep what that one was. */
describe('approval decisions in the audit trail', () => {
  let temp: ReturnType<typeof createTempEngine>;
  beforeEach(() => (temp = createTempEngine()));
  afterEach(() => temp.close());

  const entries = () => listAudit(temp.engine.database, { subjectType: 'approval' });

  it('keeps the decision a new one replaces', () => {
    temp.engine.approvals.decide({
      packages: ['openssl', 'curl'],
      decision: 'approve',
      note: 'patch Tuesday',
    });
    temp.engine.approvals.decide({
      packages: ['OpenSSL', 'tzdata'],
      decision: 'defer',
      until: '2026-12-01T00:00:00Z',
    });
    expect(entries()[0]).toMatchObject({
      action: 'approval.defer',
      details: {
        packages: ['OpenSSL', 'tzdata'],
        replaced: [{ package: 'openssl', decision: 'approve', until: null, note: 'patch Tuesday' }],
      },
    });
  });

  it('keeps the decision a withdrawal takes back', () => {
    temp.engine.approvals.decide({ packages: ['openssl'], decision: 'exclude', note: 'breaks the app' });
    temp.engine.approvals.withdraw('openssl');
    expect(entries()[0]).toMatchObject({
      action: 'approval.withdrawn',
      subjectName: 'openssl',
      details: { withdrawn: { decision: 'exclude', until: null, note: 'breaks the app' } },
    });
  });
});
