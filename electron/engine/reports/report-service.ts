import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import {
  Branding,
  defaultBranding,
  ReportDay,
  type DashboardSummary,
  type ReportExportRequest,
  type ReportFormat,
  type ReportRequest,
} from '../../../shared/domain/reports';
import { AppError, assertNever } from '../../../shared/errors';
import { parseInput } from '../api/parse-input';
import { appendAudit } from '../audit/audit-log';
import { listClients } from '../db/repositories/clients';
import { listDevices } from '../db/repositories/devices';
import {
  listClientsWithStalePriorities,
  measureClient,
  priorityIsStale,
  readSetting,
  replacePatchStatus,
  upsertSnapshot,
  writeSetting,
} from '../db/repositories/reports';
import type { EngineContext } from '../engine-context';
import type { InventoryService } from '../inventory/inventory-service';
import { buildComplianceReport, type ComplianceReport } from './compliance-report';
import { dashboardSummary } from './dashboard-summary';
import { renderReportCsv } from './report-csv';
import { renderReportHtml } from './report-html';
import { renderReportPdf } from './report-pdf';

const BRANDING_KEY = 'report.branding';

/** Compliance reports, the dashboard's numbers, daily snapshots and the MSP's branding. */
export interface ReportService {
  /**
   * Recompute the stored colour, KEV flag and due date of every missing update (of one client, or of all) from the
   * vulnerability work. Call after scans, feed imports and SLA changes. Reports, snapshots and the dashboard
   * refresh by themselves what a scan or a feed import made stale; an SLA change they cannot see.
   */
  refreshCompliance(clientId?: number): void;
  /**
   * Record each client's compliance for a day (default: today in the client's zone), refreshing first the
   * priorities a scan or a feed import made stale. Idempotent: a second call on the same day replaces that day's
   * row with the newer measurement. Returns how many clients were recorded.
   */
  recordComplianceSnapshot(day?: string): number;
  build(request: ReportRequest): ComplianceReport;
  render(report: ComplianceReport, format: ReportFormat): Promise<Buffer>;
  /** The report as self-contained HTML, for the console's preview. */
  preview(request: ReportRequest): string;
  /** Build, render and write the report, atomically: the file is complete or not there. */
  export(request: ReportExportRequest): Promise<{ path: string; bytes: number }>;
  /**
   * Every dashboard widget's numbers. Clients whose priorities a scan or import made stale are refreshed first
   * (seconds after a whole-fleet scan unless the scan's caller refreshed already; one query otherwise).
   */
  dashboard(): DashboardSummary;
  branding(): Branding;
  setBranding(branding: Branding): Branding;
}

const magic: Record<'image/png' | 'image/jpeg', number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

function checkLogo(branding: Branding): void {
  if (!branding.logo) return;
  const bytes = Buffer.from(branding.logo.base64, 'base64');
  const expected = magic[branding.logo.mediaType];
  if (bytes.length < 16 || !expected.every((byte, index) => bytes[index] === byte)) {
    throw new AppError(
      'invalid-input',
      `The logo is not a ${branding.logo.mediaType === 'image/png' ? 'PNG' : 'JPEG'} image.`,
    );
  }
}

/**
 * Write bytes to a file through a temporary file in the same folder and a rename, so a reader (or a crash) never
 * sees half a report. A folder that is missing or not writable is the technician's input error.
 */
export function writeFileAtomically(file: string, bytes: Buffer): void {
  const target = path.resolve(file);
  const folder = path.dirname(target);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw new AppError(
      'invalid-input',
      `Cannot write ${file}: the folder ${folder} does not exist or is not writable.`,
    );
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    throw new AppError('invalid-input', `Cannot write ${file}: it is a folder.`);
  }
  const temporary = path.join(
    folder,
    `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    fs.writeFileSync(temporary, bytes, { flag: 'wx' });
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new AppError('invalid-input', `Cannot write ${file}: ${(error as Error).message}`);
  }
}

/** Builds the report service; the inventory service supplies every missing update's priority. */
export function createReportService(context: EngineContext, inventory: InventoryService): ReportService {
  const { database, clock } = context;

  const refreshCompliance = (clientId?: number) => {
    const devices = listDevices(database, clientId === undefined ? {} : { clientId });
    const patches = inventory.patches(clientId === undefined ? {} : { clientId });
    const clientOf = new Map(devices.map((device) => [device.id, device.clientId]));
    const refreshedAt = clock.now().toISOString();
    database.transaction(() =>
      replacePatchStatus(
        database,
        devices.map((device) => ({ id: device.id, clientId: device.clientId })),
        patches.flatMap((patch) => {
          const owner = clientOf.get(patch.deviceId);
          return owner === undefined
            ? []
            : [
                {
                  deviceId: patch.deviceId,
                  clientId: owner,
                  manager: patch.manager,
                  name: patch.name,
                  arch: patch.arch,
                  colour: patch.severity,
                  kev: patch.kev,
                  dueAt: patch.dueAt,
                },
              ];
        }),
        refreshedAt,
      ),
    );
  };

  /** Only what a scan or a feed import made stale: after a quiet day this costs one query. */
  const refreshStale = () => {
    for (const clientId of listClientsWithStalePriorities(database)) refreshCompliance(clientId);
  };

  const branding = (): Branding => {
    const stored = readSetting(database, BRANDING_KEY);
    if (stored === null) return defaultBranding;
    const parsed = Branding.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : defaultBranding;
  };

  const build = (request: ReportRequest) => {
    if (priorityIsStale(database, request.clientId)) refreshCompliance(request.clientId);
    return buildComplianceReport(database, request.clientId, {
      from: request.from,
      to: request.to,
      branding: branding(),
      now: clock.now(),
    });
  };

  const render = async (report: ComplianceReport, format: ReportFormat): Promise<Buffer> => {
    switch (format) {
      case 'pdf':
        return renderReportPdf(report);
      case 'html':
        return Buffer.from(renderReportHtml(report), 'utf8');
      case 'csv':
        // With the byte-order mark, as Excel's own "CSV UTF-8" writes: without it Excel reads the file as the
        // system's ANSI code page, and "Zürich" opens as "ZÃ¼rich".
        return Buffer.from(`\uFEFF${renderReportCsv(report)}`, 'utf8');
      default:
        return assertNever(format);
    }
  };

  return {
    refreshCompliance,
    recordComplianceSnapshot(day) {
      if (day !== undefined) parseInput(ReportDay, day);
      refreshStale();
      const now = clock.now();
      const clients = listClients(database);
      database.transaction(() => {
        for (const client of clients) {
          const localDay = day ?? DateTime.fromJSDate(now, { zone: client.timeZone }).toISODate()!;
          upsertSnapshot(
            database,
            { ...measureClient(database, client.id, now.toISOString()), day: localDay },
            now.toISOString(),
          );
        }
      });
      return clients.length;
    },
    build,
    render,
    preview: (request) => renderReportHtml(build(request)),
    async export(request) {
      const bytes = await render(build(request), request.format);
      writeFileAtomically(request.path, bytes);
      return { path: path.resolve(request.path), bytes: bytes.length };
    },
    dashboard() {
      refreshStale();
      return dashboardSummary(database, clock.now());
    },
    branding,
    setBranding(next) {
      const parsed = parseInput(Branding, next);
      checkLogo(parsed);
      database.transaction(() => {
        writeSetting(database, BRANDING_KEY, JSON.stringify(parsed));
        appendAudit(database, clock.now(), context.actor, {
          action: 'report.branding.set',
          subjectType: 'settings',
          subjectId: null,
          subjectName: 'report branding',
          details: {
            name: parsed.name,
            accentColour: parsed.accentColour,
            logo: parsed.logo?.mediaType ?? null,
          },
        });
      });
      return parsed;
    },
  };
}
