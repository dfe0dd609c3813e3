import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvailableUpdate, InstalledPackage } from '../../../shared/domain/inventory';
import { insertClient } from '../../../electron/engine/db/repositories/clients';
import { insertDevice, replaceDeviceTags } from '../../../electron/engine/db/repositories/devices';
import { clientPackagesSql } from '../../../electron/engine/db/repositories/reports';
import type { ComplianceReport } from '../../../electron/engine/reports/compliance-report';
import { renderAuditCsv } from '../../../electron/engine/reports/report-csv';
import { renderReportHtml } from '../../../electron/engine/reports/report-html';
import { renderReportPdf } from '../../../electron/engine/reports/report-pdf';
import { storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';

const installed = (name: string, version: string): InstalledPackage => ({
  name,
  version,
  arch: 'amd64',
  sourceName: null,
  sourceVersion: null,
  manager: 'dpkg',
});

const update = (name: string, from: string, to: string, advisoryIds: string[] = []): AvailableUpdate => ({
  name,
  installedVersion: from,
  availableVersion: to,
  arch: 'amd64',
  origin: 'Debian-Security:12/stable-security',
  security: true,
  classification: 'security',
  vendorSeverity: null,
  advisoryIds,
  cves: [],
  rebootRequired: null,
  manager: 'dpkg',
});

/**
 * Two clients of one MSP. Acme's web-01 is offered pd-hello (and an update that fixes DSA-5555-1), Acme's web-02
 * had curl upgraded by a scan in November and has zlib1g installed; Globex's only device runs pd-secret, which no
 * Acme device has. Fleet-wide decisions about each are made in November, one in October.
 */
describe('fleet-wide decisions in a client report', () => {
  const clock = fixedClock('2026-10-01T08:00:00.000Z');
  const temp = createTempEngine({ clock });
  const { engine } = temp;
  const { database } = engine;
  const ids = { acme: 0, globex: 0, web01: 0, web02: 0, lab: 0 };
  const build = (clientId: number) =>
    engine.reports.build({ clientId, from: '2026-11-01', to: '2026-11-30' });
  let acme: ComplianceReport;
  let globex: ComplianceReport;
  let acmePdf = '';
  let globexPdf = '';

  const pdfText = async (report: ComplianceReport, name: string) => {
    const file = path.join(temp.dir, `${name}.pdf`);
    fs.writeFileSync(file, await renderReportPdf(report));
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  };
  const decisionLog = (text: string) => text.slice(text.indexOf('Change log: actions and decisions'));

  beforeAll(async () => {
    database.transaction(() => {
      const client = (name: string) =>
        insertClient(database, {
          name,
          timeZone: 'UTC',
          slaDays: { red: 2, yellow: 14, green: 30 },
          createdAt: '2026-09-01T00:00:00.000Z',
        });
      ids.acme = client('Acme Dental');
      ids.globex = client('Globex');
      const device = (clientId: number, name: string) =>
        insertDevice(
          database,
          {
            clientId,
            name,
            host: '127.0.0.1',
            port: 22,
            user: 'patchdeck',
            authKind: 'agent',
            keyPath: null,
            passwordCredentialId: null,
            sudo: true,
            sudoCredentialId: null,
            ring: 'broad',
          },
          '2026-09-01T00:00:00.000Z',
        );
      ids.web01 = device(ids.acme, 'web-01');
      ids.web02 = device(ids.acme, 'web-02');
      ids.lab = device(ids.globex, 'lab-01');
      replaceDeviceTags(database, ids.lab, ['kiosk']);
    });
    const scan = (
      deviceId: number,
      at: string,
      packages: InstalledPackage[],
      updates: AvailableUpdate[] = [],
    ) => storeScan(database, { deviceId, at, packages, updates });
    const base = [installed('bash', '5.2.15-2')];
    scan(
      ids.web01,
      '2026-10-20T10:00:00.000Z',
      [...base, installed('pd-hello', '1.0-1')],
      [update('pd-hello', '1.0-1', '1.2-1'), update('libssl3', '3.0.15-1', '3.0.16-1', ['DSA-5555-1'])],
    );
    scan(ids.web02, '2026-10-20T10:00:00.000Z', [
      ...base,
      installed('curl', '7.88.1-10'),
      installed('zlib1g', '1.2.13-1'),
    ]);
    scan(
      ids.lab,
      '2026-10-20T10:00:00.000Z',
      [...base, installed('pd-secret', '2.0-1')],
      [update('pd-secret', '2.0-1', '2.1-1')],
    );
    // November: curl was upgraded on web-02 (the scan sees it), then removed again, so only the history has it.
    scan(ids.web02, '2026-11-03T10:00:00.000Z', [
      ...base,
      installed('curl', '7.88.1-11'),
      installed('zlib1g', '1.2.13-1'),
    ]);
    scan(ids.web02, '2026-11-04T10:00:00.000Z', [...base, installed('zlib1g', '1.2.13-1')]);

    clock.set('2026-10-25T09:00:00.000Z');
    engine.approvals.decide({ packages: ['pd-hello'], decision: 'exclude', note: 'held in October' });
    clock.set('2026-11-05T09:00:00.000Z');
    engine.approvals.decide({ packages: ['PD-Hello', 'pd-secret'], decision: 'approve' });
    clock.set('2026-11-06T09:00:00.000Z');
    engine.approvals.decide({
      packages: ['curl'],
      decision: 'defer',
      until: '2026-12-01T08:00:00Z',
      note: 'after the audit',
    });
    clock.set('2026-11-07T09:00:00.000Z');
    engine.approvals.decide({ packages: ['dsa-5555-1', 'zlib1g', 'pd-secret'], decision: 'exclude' });
    engine.approvals.withdraw('pd-secret');
    clock.set('2026-11-08T09:00:00.000Z');
    engine.exceptions.add({
      package: 'bash',
      target: { kind: 'device', deviceId: ids.web01 },
      reason: 'vendor app pins bash',
      expiresAt: '2027-01-01T00:00:00Z',
    });
    engine.exceptions.add({
      package: 'pd-secret',
      target: { kind: 'tag', tag: 'kiosk' },
      reason: 'kiosk image frozen',
      expiresAt: '2027-01-01T00:00:00Z',
    });
    engine.exceptions.add({
      package: 'bash',
      target: { kind: 'client', clientId: ids.globex },
      reason: 'Globex tests bash first',
      expiresAt: '2027-01-01T00:00:00Z',
    });
    clock.set('2026-12-02T09:00:00.000Z');
    engine.approvals.decide({ packages: ['pd-hello'], decision: 'approve', note: 'December' });

    acme = build(ids.acme);
    globex = build(ids.globex);
    acmePdf = decisionLog(await pdfText(acme, 'acme'));
    globexPdf = decisionLog(await pdfText(globex, 'globex'));
  });
  afterAll(() => temp.close());

  const decisions = (report: ComplianceReport) =>
    report.audit
      .filter((row) => row.action.startsWith('approval.') || row.action.startsWith('exception.'))
      .map((row) => `${row.action} ${row.subject}${row.detail ? ` [${row.detail}]` : ''}`);

  it('lists the decisions about software the client has, and only the client’s part of a bulk decision', () => {
    expect(decisions(acme)).toEqual([
      'approval.approve PD-Hello (all devices)',
      'approval.defer curl (all devices) [until 1 Dec 2026 08:00; note: after the audit]',
      'approval.exclude dsa-5555-1, zlib1g (all devices)',
      'exception.added bash on web-01 [reason: vendor app pins bash; expires 1 Jan 2027 00:00]',
    ]);
    expect(acme.audit.find((row) => row.action === 'approval.approve')).toMatchObject({
      at: '2026-11-05T09:00:00.000Z',
      actor: 'tester',
    });
  });

  it('never names another client’s software or exceptions in a client’s report', () => {
    expect(JSON.stringify(acme.audit)).not.toMatch(/pd-secret|kiosk|Globex/);
    expect(decisions(globex)).toEqual([
      'approval.approve pd-secret (all devices)',
      'approval.exclude pd-secret (all devices)',
      'approval.withdrawn pd-secret (all devices)',
      "exception.added pd-secret on devices tagged 'kiosk' [reason: kiosk image frozen; expires 1 Jan 2027 00:00]",
      'exception.added bash on every device of Globex [reason: Globex tests bash first; expires 1 Jan 2027 00:00]',
    ]);
    expect(JSON.stringify(globex.audit)).not.toMatch(/hello|curl|zlib1g|dsa-5555|web-01/i);
  });

  it('leaves out decisions made outside the period', () => {
    expect(JSON.stringify(acme.audit)).not.toMatch(/held in October|December/);
    const october = engine.reports.build({ clientId: ids.acme, from: '2026-10-01', to: '2026-10-31' });
    expect(decisions(october)).toEqual(['approval.exclude pd-hello (all devices) [note: held in October]']);
    const december = engine.reports.build({ clientId: ids.acme, from: '2026-12-01', to: '2026-12-31' });
    expect(decisions(december)).toEqual(['approval.approve pd-hello (all devices) [note: December]']);
  });

  it('prints the decisions in the PDF read back, each report with its own client’s', () => {
    expect(acmePdf).toMatch(/approval\.approve\s+PD-Hello \(all devices\)/);
    expect(acmePdf).toMatch(
      /approval\.defer\s+curl \(all devices\)\s+until 1 Dec 2026 08:00; note: after the/,
    );
    expect(acmePdf).toMatch(/exception\.added\s+bash on web-01\s+reason: vendor app pins bash/);
    expect(acmePdf).not.toMatch(/pd-secret|kiosk|Globex tests/);
    expect(globexPdf).toMatch(/approval\.approve\s+pd-secret \(all devices\)/);
    expect(globexPdf).not.toMatch(/hello|curl|zlib1g/i);
  });

  it('writes the decisions into the HTML and the CSV', () => {
    const html = renderReportHtml(acme);
    expect(html).toContain(
      '<td>approval.defer</td><td>curl (all devices)</td><td>until 1 Dec 2026 08:00; note: after the audit</td>',
    );
    expect(html).not.toContain('pd-secret');
    expect(renderReportHtml(globex)).not.toMatch(/hello|curl/i);
    const csv = renderAuditCsv(acme).split('\r\n');
    expect(csv[0]).toBe('when,who,action,subject,detail');
    expect(csv).toContain('2026-11-05T09:00:00.000Z,tester,approval.approve,PD-Hello (all devices),');
    expect(csv).toContain(
      '2026-11-07T09:00:00.000Z,tester,approval.exclude,"dsa-5555-1, zlib1g (all devices)",',
    );
    expect(csv.join('\n')).not.toContain('pd-secret');
  });

  // Patchdeck never runs ANALYZE, so this is the plan the app gets.
  it('finds the packages that concern a client through indexes, never by reading the whole inventory', () => {
    const plan = (
      database.statement(`EXPLAIN QUERY PLAN ${clientPackagesSql}`).all({
        names: '["pd-hello"]',
        client: ids.acme,
        from: '2026-11-01',
        to: '2026-12-01',
      }) as { detail: string }[]
    ).map((row) => row.detail);
    const scanned = plan.flatMap((detail) => /^SCAN (\w+)/.exec(detail)?.[1] ?? []);
    // json_each over the names and over one update's advisory ids is not a table.
    expect(scanned.filter((name) => !['json_each', 'x', 'wanted', 'w'].includes(name))).toEqual([]);
    expect(plan.join('\n')).toMatch(/SEARCH b USING COVERING INDEX package_builds_by_name \(name=\?\)/);
    expect(plan.join('\n')).toMatch(/SEARCH i USING PRIMARY KEY \(device_id=\? AND build_id=\?\)/);
  });
});
