import { z } from 'zod';

export const reportFormats = ['pdf', 'html', 'csv'] as const;
export const ReportFormat = z.enum(reportFormats);
export type ReportFormat = z.infer<typeof ReportFormat>;

const hexColour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, { error: 'The accent colour must look like #1f6feb.' });

/** The MSP's look on every report: its name, logo (PNG or JPEG, base64) and accent colour. */
export const Branding = z.object({
  name: z.string().trim().min(1, { error: 'The MSP name is empty.' }).max(120),
  accentColour: hexColour,
  logo: z
    .object({
      mediaType: z.enum(['image/png', 'image/jpeg']),
      base64: z.string().max(2_000_000, { error: 'The logo is larger than 1.5 MB.' }),
    })
    .nullable(),
});
export type Branding = z.infer<typeof Branding>;

export const defaultBranding: Branding = { name: 'Patchdeck', accentColour: '#1f6feb', logo: null };

/** A calendar day, YYYY-MM-DD, as the technician types it. */
export const ReportDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'A date must look like 2026-11-01.' });

export const ReportRequest = z.object({
  clientId: z.number().int().positive(),
  from: ReportDay.optional(),
  to: ReportDay.optional(),
});
export type ReportRequest = z.infer<typeof ReportRequest>;

export const ReportExportRequest = ReportRequest.extend({
  format: ReportFormat,
  path: z.string().min(1),
});
export type ReportExportRequest = z.infer<typeof ReportExportRequest>;

export const ReportExportResult = z.object({ path: z.string(), bytes: z.number().int() });

const ColourCounts = z.object({
  red: z.number().int(),
  yellow: z.number().int(),
  green: z.number().int(),
  unrated: z.number().int(),
});

const Compliance = z.object({
  devices: z.number().int(),
  scanned: z.number().int(),
  fullyPatched: z.number().int(),
  /** Fully patched devices in percent of all active devices, one decimal; null when there are none. */
  percent: z.number().nullable(),
});

const ColourDue = z.object({
  outstanding: z.number().int(),
  overdue: z.number().int(),
  nextDueAt: z.string().nullable(),
});

/** An exception the technician should renew or remove. */
const ExceptionForReview = z.object({
  id: z.number().int(),
  package: z.string(),
  /** "client Acme", "tag web", "device web-01 (Acme)": a device with its client, as names repeat across clients. */
  target: z.string(),
  expiresAt: z.string(),
});

/** How far ahead the dashboard warns of an exception's expiry. */
export const exceptionWarningDays = 14;

/** Everything the dashboard shows, read at one instant. */
export const DashboardSummary = z.object({
  at: z.string(),
  fleet: Compliance,
  clients: z.array(Compliance.extend({ clientId: z.number().int(), client: z.string() })),
  outstanding: ColourCounts,
  byColour: z.object({ red: ColourDue, yellow: ColourDue, green: ColourDue }),
  dueSoon: z.array(
    z.object({
      /** With manager, package and arch: the missing update's identity (device names repeat across clients). */
      deviceId: z.number().int(),
      device: z.string(),
      client: z.string(),
      package: z.string(),
      manager: z.string(),
      arch: z.string(),
      colour: z.enum(['red', 'yellow', 'green']),
      kev: z.boolean(),
      dueAt: z.string(),
    }),
  ),
  kev: z.object({ patches: z.number().int(), devices: z.number().int() }),
  failedJobs: z.object({
    lastSevenDays: z.number().int(),
    recent: z.array(
      z.object({
        jobId: z.number().int(),
        finishedAt: z.string().nullable(),
        failedDevices: z.number().int(),
        error: z.string().nullable(),
      }),
    ),
  }),
  scanFreshness: z.object({
    /** Settings' scanFreshnessDays: a device whose last good scan is older than this is stale. */
    staleAfterDays: z.number().int(),
    /** Freshness counts by the last scan that read the inventory: a failed attempt refreshes nothing. */
    neverScanned: z.number().int(),
    stale: z.number().int(),
    olderThan30Days: z.number().int(),
    stalest: z.array(
      z.object({
        deviceId: z.number().int(),
        device: z.string(),
        client: z.string(),
        /** The last good scan (null: none yet). */
        lastScanAt: z.string().nullable(),
      }),
    ),
  }),
  endOfLife: z.array(
    z.object({ system: z.string(), endOfLife: z.string(), devices: z.number().int(), past: z.boolean() }),
  ),
  expiredExceptions: z.array(ExceptionForReview),
  /** Exceptions that stop holding within `exceptionWarningDays`, soonest first: renewed in time, none lapses. */
  expiringExceptions: z.array(ExceptionForReview),
  trend: z.array(z.object({ day: z.string(), percent: z.number().nullable(), overdue: z.number().int() })),
});
export type DashboardSummary = z.infer<typeof DashboardSummary>;
