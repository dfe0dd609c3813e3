import { z } from 'zod';
import { ScanStatus, SlaColour } from './fleet';
import { AvailableUpdate, InstalledPackage } from './inventory';

export const ScanDepth = z.enum(['quick', 'full']);

export const ScanRequest = z
  .object({
    deviceIds: z.array(z.number().int().positive()).max(100_000).optional(),
    clientId: z.number().int().positive().optional(),
    all: z.boolean().optional(),
    depth: ScanDepth.default('full'),
    concurrency: z
      .number()
      .int()
      .min(1, { error: 'concurrency must be at least 1' })
      .max(1024, { error: 'concurrency must be at most 1024' })
      .optional(),
  })
  .refine(
    (request) =>
      [request.deviceIds !== undefined, request.clientId !== undefined, request.all === true].filter(Boolean)
        .length === 1,
    {
      error: 'Choose what to scan: devices, one client, or all.',
    },
  );

/** One device's scan result; the CLI's `scan --json` entry is this without the id and metadataStale. */
export const ScanOutcome = z.object({
  deviceId: z.number().int(),
  device: z.string(),
  status: ScanStatus,
  os: z.string().nullable(),
  packages: z.number().int().nullable(),
  updates: z.number().int().nullable(),
  securityUpdates: z.number().int().nullable(),
  rebootRequired: z.boolean().nullable(),
  metadataStale: z.boolean(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
});
export type ScanOutcome = z.infer<typeof ScanOutcome>;

export const ScanProgress = z.object({
  deviceId: z.number().int(),
  device: z.string(),
  stage: z.enum(['queued', 'connecting', 'scanning', 'done']),
  status: ScanStatus.nullable(),
  error: z.string().nullable(),
});
export type ScanProgress = z.infer<typeof ScanProgress>;

/** A missing update on a device, as the Patches views and `patchdeck patches` show it. */
export const Patch = AvailableUpdate.extend({
  deviceId: z.number().int(),
  device: z.string(),
  clientName: z.string(),
  firstSeenAt: z.string(),
  severity: SlaColour.nullable(),
  kev: z.boolean(),
  dueAt: z.string().nullable(),
});
export type Patch = z.infer<typeof Patch>;

export const PatchFilter = z.object({
  deviceId: z.number().int().positive().optional(),
  clientId: z.number().int().positive().optional(),
});

export const PackageList = z.array(InstalledPackage);

/** One package change a scan saw on a device: from null = installed, to null = removed. */
export const PackageChange = z.object({
  manager: z.string(),
  name: z.string(),
  arch: z.string(),
  fromVersion: z.string().nullable(),
  toVersion: z.string().nullable(),
  at: z.string(),
});
export type PackageChange = z.infer<typeof PackageChange>;
