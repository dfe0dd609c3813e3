import { describe, expect, it } from 'vitest';
import { dueAt, isOverdue } from '../../../../electron/engine/vuln/priority/due-date';
import { colourOf, type PrioritySignals } from '../../../../electron/engine/vuln/priority/thresholds';

const quiet: PrioritySignals = {
  security: true,
  cves: [],
  kevCves: [],
  epss: null,
  cvss: null,
  vendorSeverity: null,
};

describe('SLA colour', () => {
  it('is red whenever a CVE is in KEV, whatever the scores say', () => {
    expect(
      colourOf({
        ...quiet,
        cves: ['CVE-2025-48384'],
        kevCves: ['CVE-2025-48384'],
        epss: { cve: 'CVE-2025-48384', score: 0.001 },
        cvss: { id: 'CVE-2025-48384', score: 2.0 },
      }),
    ).toEqual({ colour: 'red', reason: 'red: CVE-2025-48384 is in CISA KEV' });
    expect(
      colourOf({
        ...quiet,
        security: false,
        cves: ['CVE-2024-1086', 'CVE-2023-0386'],
        kevCves: ['CVE-2024-1086', 'CVE-2023-0386'],
      }).reason,
    ).toBe('red: CVE-2024-1086, CVE-2023-0386 are in CISA KEV');
  });

  it('is red from EPSS 0.10, CVSS 9.0 or a Critical vendor rating, and says which', () => {
    const cves = ['CVE-2023-38545'];
    expect(colourOf({ ...quiet, cves, epss: { cve: 'CVE-2023-38545', score: 0.1 } }).reason).toBe(
      'red: CVE-2023-38545 has EPSS 0.10 (red from 0.10)',
    );
    expect(colourOf({ ...quiet, cves, epss: { cve: 'CVE-2023-38545', score: 0.0999 } }).colour).toBe(
      'yellow',
    );
    expect(colourOf({ ...quiet, cves, cvss: { id: 'CVE-2023-38545', score: 9.0 } }).reason).toBe(
      'red: CVE-2023-38545 has CVSS 9.0 (red from 9.0)',
    );
    expect(colourOf({ ...quiet, cves, cvss: { id: 'CVE-2023-38545', score: 8.9 } })).toEqual({
      colour: 'yellow',
      reason: 'yellow: fixes CVE-2023-38545; highest CVSS 8.9',
    });
    expect(colourOf({ ...quiet, cves: ['CVE-2024-38063'], vendorSeverity: 'Critical' }).reason).toBe(
      'red: the vendor rates it Critical',
    );
  });

  it('never shows a yellow EPSS just below 0.10 as "0.10", the score where red starts', () => {
    const yellow = (score: number) =>
      colourOf({ ...quiet, cves: ['CVE-2024-1'], epss: { cve: 'CVE-2024-1', score } });
    expect(yellow(0.09962)).toEqual({
      colour: 'yellow',
      reason: 'yellow: fixes CVE-2024-1; highest EPSS 0.0996',
    });
    expect(yellow(0.0999999).reason).toBe('yellow: fixes CVE-2024-1; highest EPSS 0.0999999');
    expect(yellow(0.0949).reason).toBe('yellow: fixes CVE-2024-1; highest EPSS 0.09');
    expect(yellow(0.00042).reason).toBe('yellow: fixes CVE-2024-1; highest EPSS 0.00');
  });

  it('keeps security updates yellow even without a CVE, and only the rest green', () => {
    expect(colourOf(quiet)).toEqual({ colour: 'yellow', reason: 'yellow: security update, no CVE known' });
    expect(colourOf({ ...quiet, vendorSeverity: 'Important' }).reason).toBe(
      'yellow: security update (vendor: Important), no CVE known',
    );
    expect(colourOf({ ...quiet, cves: ['CVE-1', 'CVE-2', 'CVE-3', 'CVE-4', 'CVE-5'] }).reason).toBe(
      'yellow: fixes CVE-1, CVE-2, CVE-3 and 2 more',
    );
    expect(colourOf({ ...quiet, security: false })).toEqual({
      colour: 'green',
      reason: 'green: not a security update',
    });
  });
});

describe('due date', () => {
  const sla = { red: 2, yellow: 14, green: 30 };
  it('counts the client SLA days for the colour from first seen, in UTC instants', () => {
    expect(dueAt('2026-11-22T09:00:00.000Z', 'red', sla)).toBe('2026-11-24T09:00:00Z');
    expect(dueAt('2026-11-22T09:00:00Z', 'yellow', sla)).toBe('2026-12-06T09:00:00Z');
    expect(dueAt('2026-02-20T23:30:00Z', 'green', sla)).toBe('2026-03-22T23:30:00Z');
    expect(dueAt('2026-11-22T09:00:00Z', 'red', { ...sla, red: 0 })).toBe('2026-11-22T09:00:00Z');
  });

  it('is overdue only after the due instant', () => {
    expect(isOverdue('2026-11-24T09:00:00Z', new Date('2026-11-24T09:00:00Z'))).toBe(false);
    expect(isOverdue('2026-11-24T09:00:00Z', new Date('2026-11-24T09:00:01Z'))).toBe(true);
  });
});
