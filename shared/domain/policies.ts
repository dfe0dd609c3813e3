import { z } from 'zod';
import { Ring } from './fleet';
import { PlatformFamily, UpdateClassification } from './inventory';
import { TagSchema, TimeZoneSchema, nameSchema } from './validation';

/** How a policy's updates get approved: a manual queue, security automatically, or everything automatically. */
export const ApprovalMode = z.enum(['manual', 'security', 'all']);
export type ApprovalMode = z.output<typeof ApprovalMode>;

/** When a device reboots after a scheduled deployment; a reboot only ever happens inside the window. */
export const PolicyReboot = z.enum(['never', 'if-required', 'always']);
export type PolicyReboot = z.output<typeof PolicyReboot>;

/** Which updates a policy deploys: security only, all, or the named vendor classifications. */
export const ContentKind = z.enum(['security', 'all', 'classifications']);
export type ContentKind = z.output<typeof ContentKind>;

/** A package glob: `*` any run of characters, `?` one character, matched without regard to case. */
const PackagePattern = z
  .string()
  .trim()
  .min(1, { error: 'a package pattern must not be empty' })
  .max(200, { error: 'a package pattern must be at most 200 characters' })
  .regex(/^[A-Za-z0-9*?][A-Za-z0-9*?+:._@/-]*$/, {
    error: 'a package pattern may contain letters, digits, * ? and + : . _ @ / -',
  });

/**
 * A pre- or post-command as an argument list (`["systemctl", "stop", "app"]`). It is handed to the deploy engine
 * as a list and quoted word by word there; it is never joined into a shell string.
 */
export const CommandArgv = z
  .array(
    z
      .string()
      .min(1, { error: 'a command argument must not be empty' })
      .max(1024, { error: 'a command argument must be at most 1024 characters' })
      .refine((word) => !word.includes('\u0000') && !word.includes('\n') && !word.includes('\r'), {
        error: 'a command argument must be one line without NUL characters',
      }),
  )
  .min(1, { error: 'a command needs at least the program name' })
  .max(64, { error: 'a command has at most 64 arguments' })
  .refine((argv) => /^[A-Za-z0-9_./-]+$/.test(argv[0] ?? ''), {
    error: 'the program name may contain only letters, digits and _ . / -',
  });
export type CommandArgv = z.output<typeof CommandArgv>;

export const PolicyScope = z.object({
  /** Empty: every device of the client (that matches the other fields). */
  deviceIds: z.array(z.number().int().positive()).max(10_000).default([]),
  /** A device matches when it has any of these tags. */
  tags: z.array(TagSchema).max(50).default([]),
  platforms: z.array(PlatformFamily).max(7).default([]),
  rings: z.array(Ring).max(3).default([]),
});
export type PolicyScope = z.output<typeof PolicyScope>;

export const PolicyContent = z.object({
  kind: ContentKind.default('security'),
  classifications: z.array(UpdateClassification).max(20).default([]),
  include: z.array(PackagePattern).max(200).default([]),
  exclude: z.array(PackagePattern).max(200).default([]),
  /** Application updates (winget, Chocolatey, Homebrew, Mac apps) besides the operating system's. */
  thirdParty: z.boolean().default(true),
});
export type PolicyContent = z.output<typeof PolicyContent>;

export const PolicyApproval = z.object({
  mode: ApprovalMode.default('security'),
  /** Automatic approval waits this many days after an update was first seen. */
  deferDays: z.number().int().min(0).max(365).default(0),
});
export type PolicyApproval = z.output<typeof PolicyApproval>;

/** The gate between rings: the earlier ring's share of successful devices and the time since they finished. */
export const RolloutGate = z.object({
  minSuccessPercent: z.number().min(0).max(100).default(100),
  soakHours: z
    .number()
    .min(0)
    .max(24 * 60)
    .default(24),
});
export type RolloutGate = z.output<typeof RolloutGate>;

const WindowText = z.string().trim().min(1, { error: 'the maintenance window is empty' }).max(200);

/** A policy's fields, without defaults: the input fills them in, an update leaves what it does not name. */
const policyFields = {
  name: nameSchema('policy name'),
  clientId: z.number({ error: 'client is required' }).int().positive({ error: 'client is required' }),
  scope: PolicyScope,
  content: PolicyContent,
  approval: PolicyApproval,
  /** `"<days> <HH:MM>-<HH:MM>"` as CLI.md writes them; at least one. */
  windows: z.array(WindowText).min(1, { error: 'a policy needs at least one maintenance window' }).max(20),
  /** Null: the client's time zone. */
  timeZone: TimeZoneSchema.nullable(),
  reboot: PolicyReboot,
  concurrency: z.number().int().min(1).max(1024),
  maxFailPercent: z.number().min(0).max(100),
  rollout: RolloutGate,
  preCommand: CommandArgv.nullable(),
  postCommand: CommandArgv.nullable(),
  enabled: z.boolean(),
};

export const PolicyInput = z.object({
  ...policyFields,
  scope: PolicyScope.default({ deviceIds: [], tags: [], platforms: [], rings: [] }),
  content: PolicyContent.default({
    kind: 'security',
    classifications: [],
    include: [],
    exclude: [],
    thirdParty: true,
  }),
  approval: PolicyApproval.default({ mode: 'security', deferDays: 0 }),
  timeZone: policyFields.timeZone.default(null),
  reboot: PolicyReboot.default('if-required'),
  concurrency: policyFields.concurrency.default(16),
  maxFailPercent: policyFields.maxFailPercent.default(20),
  rollout: RolloutGate.default({ minSuccessPercent: 100, soakHours: 24 }),
  preCommand: policyFields.preCommand.default(null),
  postCommand: policyFields.postCommand.default(null),
  enabled: policyFields.enabled.default(true),
});
export type PolicyInput = z.input<typeof PolicyInput>;
export type NewPolicy = z.output<typeof PolicyInput>;

/** Change some fields of a policy; a nested field (scope, content, ...) is replaced as a whole. */
export const PolicyUpdate = z.object(policyFields).partial().extend({ id: z.number().int().positive() });
export type PolicyUpdate = z.input<typeof PolicyUpdate>;

export const Policy = z.object({
  id: z.number().int(),
  name: z.string(),
  clientId: z.number().int(),
  clientName: z.string(),
  scope: PolicyScope,
  content: PolicyContent,
  approval: PolicyApproval,
  windows: z.array(z.string()),
  timeZone: z.string().nullable(),
  /** The zone the windows are read in: the policy's own, else the client's. */
  effectiveTimeZone: z.string(),
  reboot: PolicyReboot,
  concurrency: z.number().int(),
  maxFailPercent: z.number(),
  rollout: RolloutGate,
  preCommand: CommandArgv.nullable(),
  postCommand: CommandArgv.nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Policy = z.output<typeof Policy>;

/** What an exception holds back on: one device, every device with a tag, or a whole client. */
export const ExceptionTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('device'), deviceId: z.number().int().positive() }),
  z.object({ kind: z.literal('tag'), tag: TagSchema }),
  z.object({ kind: z.literal('client'), clientId: z.number().int().positive() }),
]);
export type ExceptionTarget = z.output<typeof ExceptionTarget>;

export const ExceptionInput = z.object({
  /** A package name or a KB id, matched without regard to case. */
  package: z.string().trim().min(1, { error: 'package is required' }).max(200),
  target: ExceptionTarget,
  reason: z.string().trim().min(1, { error: 'an exception needs a reason' }).max(500),
  expiresAt: z.iso.datetime({ offset: true, error: 'expiry must be an ISO 8601 date and time' }),
});
export type ExceptionInput = z.input<typeof ExceptionInput>;

/** A held package kept longer or for another reason: what is left out stays as it is. */
export const ExceptionUpdate = z.object({
  id: z.number().int().positive(),
  reason: ExceptionInput.shape.reason.optional(),
  expiresAt: ExceptionInput.shape.expiresAt.optional(),
});
export type ExceptionUpdate = z.input<typeof ExceptionUpdate>;

export const PatchException = z.object({
  id: z.number().int(),
  package: z.string(),
  target: ExceptionTarget,
  /** The device, tag or client as a technician reads it. */
  targetName: z.string(),
  reason: z.string(),
  expiresAt: z.string(),
  expired: z.boolean(),
  createdAt: z.string(),
  actor: z.string(),
});
export type PatchException = z.output<typeof PatchException>;

/** A fleet-wide decision on one package or KB. */
export const ApprovalDecisionKind = z.enum(['approve', 'defer', 'exclude']);
export type ApprovalDecisionKind = z.output<typeof ApprovalDecisionKind>;

export const ApprovalDecisionInput = z
  .object({
    packages: z
      .array(z.string().trim().min(1).max(200))
      .min(1, { error: 'name at least one package' })
      .max(10_000),
    decision: ApprovalDecisionKind,
    /** For `defer`: the decision holds the update back until then. */
    until: z.iso.datetime({ offset: true, error: 'until must be an ISO 8601 date and time' }).optional(),
    note: z.string().trim().max(500).default(''),
  })
  .refine((input) => (input.decision === 'defer') === (input.until !== undefined), {
    error: 'a deferral needs --until, and only a deferral takes it',
    path: ['until'],
  });
export type ApprovalDecisionInput = z.input<typeof ApprovalDecisionInput>;

export const ApprovalDecision = z.object({
  package: z.string(),
  decision: ApprovalDecisionKind,
  until: z.string().nullable(),
  note: z.string(),
  decidedAt: z.string(),
  actor: z.string(),
});
export type ApprovalDecision = z.output<typeof ApprovalDecision>;

/** One package or KB waiting for the technician, with how many devices miss it. */
export const ApprovalQueueEntry = z.object({
  package: z.string(),
  versions: z.array(z.string()),
  devices: z.number().int(),
  security: z.boolean(),
  firstSeenAt: z.string(),
  decision: ApprovalDecision.nullable(),
});
export type ApprovalQueueEntry = z.output<typeof ApprovalQueueEntry>;

/** One entry of `schedule due`: CLI.md's shape plus what would be deployed and why a device waits. */
export const DueEntry = z.object({
  policy: z.string(),
  device: z.string(),
  action: z.enum(['deploy', 'hold', 'nothing']),
  windowStart: z.string(),
  windowEnd: z.string(),
  packages: z.array(z.string()),
  /** Why nothing is deployed (a sentence), or null. */
  reason: z.string().nullable(),
  /** This window occurrence's work was already started. */
  started: z.boolean(),
});
export type DueEntry = z.output<typeof DueEntry>;

/** A policy being edited, not yet saved: enough to lay out its windows (null zone: the client's). */
export const PolicyDraftWindows = z.object({
  clientId: policyFields.clientId,
  windows: policyFields.windows,
  timeZone: policyFields.timeZone,
});
export type PolicyDraftWindows = z.output<typeof PolicyDraftWindows>;

/** The windows of a saved policy (`policyId`) or of the draft in the editor (`draft`): exactly one of them. */
export const SchedulePreviewRequest = z
  .object({
    policyId: z.number().int().positive().optional(),
    draft: PolicyDraftWindows.optional(),
    from: z.iso.datetime({ offset: true }),
    days: z.number().int().min(1).max(92).default(28),
  })
  .refine((request) => (request.policyId === undefined) !== (request.draft === undefined), {
    error: 'name either a saved policy or a draft to preview',
  });

/** A window occurrence in the calendar preview. */
export const WindowOccurrenceView = z.object({
  window: z.string(),
  start: z.string(),
  end: z.string(),
  key: z.string(),
});
export type WindowOccurrenceView = z.output<typeof WindowOccurrenceView>;
