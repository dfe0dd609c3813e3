import { z } from 'zod';
import { SlaColour } from './fleet';
import { ApprovalDecision } from './policies';

/** One package (or Windows KB) missing somewhere in the fleet: who misses it and how urgent it is. */
export const PatchGroup = z.object({
  /** The package name, or the KB for Windows updates. */
  package: z.string(),
  versions: z.array(z.string()),
  devices: z.number().int(),
  clients: z.array(z.string()),
  security: z.boolean(),
  kev: z.boolean(),
  /** The most urgent colour over every device missing it; null when no device's copy is rated. */
  worstColour: SlaColour.nullable(),
  colours: z.object({
    red: z.number().int(),
    yellow: z.number().int(),
    green: z.number().int(),
    unrated: z.number().int(),
  }),
  /** The earliest SLA deadline over every device missing it; null when none is rated. */
  dueAt: z.string().nullable(),
  cves: z.array(z.string()),
  firstSeenAt: z.string(),
  /** The technician's fleet-wide decision on it, as the approvals queue has it; null while it waits. */
  decision: ApprovalDecision.nullable(),
});
export type PatchGroup = z.output<typeof PatchGroup>;

/** One active device that misses at least one update: how many packages (or KBs), how many of them security. */
export const DeviceMissingUpdates = z.object({
  deviceId: z.number().int(),
  /** Named here, so the wizard needs no device list (the Devices page's is filtered by its search). */
  name: z.string(),
  clientName: z.string(),
  /** Distinct package names: two architectures of one package are one thing to patch. */
  missing: z.number().int(),
  security: z.number().int(),
});
export type DeviceMissingUpdates = z.output<typeof DeviceMissingUpdates>;
