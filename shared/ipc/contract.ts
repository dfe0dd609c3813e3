import { z } from 'zod';
import {
  Client,
  ClientInput,
  ClientUpdate,
  Device,
  DeviceFilter,
  DeviceInput,
  DeviceUpdate,
} from '../domain/fleet';
import { AppInfo, UpdaterState } from '../domain/app';
import {
  PackageList,
  Patch,
  PatchFilter,
  ScanOutcome,
  ScanProgress,
  ScanRequest,
  PackageChange,
} from '../domain/scan';
import {
  FeedImportRequest,
  FeedImportResult,
  FeedStatus,
  PatchPriority,
  VulnerabilityFilter,
  VulnerabilityFinding,
} from '../domain/vulnerabilities';
import {
  DeployRequest,
  JobOutput,
  JobProgress,
  JobView,
  PlanDeploymentRequest,
  PlannedDeployment,
  PreflightSummary,
  RollbackPreview,
} from '../domain/jobs';
import { DeviceMissingUpdates, PatchGroup } from '../domain/patch-groups';
import {
  BackupRequest,
  BackupResult,
  RestoreRequest,
  RestoreResult,
  Settings,
  SettingsUpdate,
} from '../domain/settings';
import {
  ApprovalDecision,
  ApprovalDecisionInput,
  ApprovalQueueEntry,
  DueEntry,
  ExceptionInput,
  ExceptionUpdate,
  PatchException,
  Policy,
  PolicyInput,
  PolicyUpdate,
  SchedulePreviewRequest,
  WindowOccurrenceView,
} from '../domain/policies';
import {
  Branding,
  DashboardSummary,
  ReportExportRequest,
  ReportExportResult,
  ReportRequest,
} from '../domain/reports';
import { CredentialForgetRequest, DeviceCredential } from '../domain/credentials';
import type { Channel, EventName } from './channel-names';

export type { Channel, EventName } from './channel-names';
export { channelNames, eventNames } from './channel-names';

/**
 * A file the technician picks in main's dialog for a channel: the sandboxed renderer never names a path. Main (or
 * the test bridge) shows the dialog and puts the chosen file into the request's `path`, over anything sent there.
 */
export interface FileDialogSpec {
  readonly title: string;
  /** The suggested file name, without extension. */
  readonly defaultName: string;
  /** Allowed extensions; a save takes the request's `format` when it is one of them, else the first. */
  readonly extensions: readonly string[];
  /** An open dialog where several files may be picked: they go into the request's `paths` instead. */
  readonly multiple?: true;
}

type ChannelSpec = {
  readonly request: z.ZodType;
  readonly response: z.ZodType;
  /** The channel writes a file chosen in a save dialog. */
  readonly savesFile?: FileDialogSpec;
  /** The channel reads a file chosen in an open dialog. */
  readonly opensFile?: FileDialogSpec;
  /** The engine closes its database while answering: main restarts the engine process afterwards. */
  readonly restartsEngine?: true;
};

/** A host key fingerprint as OpenSSH prints it: 'SHA256:' and 43 characters of unpadded base64. */
export const HostKeyFingerprint = z
  .string()
  .regex(
    /^SHA256:[A-Za-z0-9+/]{43}$/,
    "a host key fingerprint is 'SHA256:' followed by 43 characters, as ssh-keygen -lf prints it",
  );

/**
 * The one IPC contract: every channel `domain:verb` with its request and response schema, and every event the
 * engine sends. Types come from these schemas. Main, the preload, the test bridge and the renderer all read
 * this file; a channel without a handler fails to compile (see ChannelHandlers).
 */
export const contract = {
  'app:info': { request: z.object({}), response: AppInfo },
  'client:list': { request: z.object({}), response: z.array(Client) },
  'client:add': { request: ClientInput, response: Client },
  'client:update': { request: ClientUpdate, response: Client },
  'client:remove': { request: z.object({ id: z.number().int().positive() }), response: z.object({}) },
  'device:list': { request: DeviceFilter, response: z.array(Device) },
  'device:get': { request: z.object({ id: z.number().int().positive() }), response: Device },
  'device:add': { request: DeviceInput, response: Device },
  'device:update': { request: DeviceUpdate, response: Device },
  'device:remove': { request: z.object({ id: z.number().int().positive() }), response: z.object({}) },
  /** Stop managing a decommissioned device, keeping its history for past reports; audited. Retired again: no change. */
  'device:retire': { request: z.object({ id: z.number().int().positive() }), response: Device },
  /** Manage a retired device again; audited. A device that is not retired is answered unchanged. */
  'device:reinstate': { request: z.object({ id: z.number().int().positive() }), response: Device },
  /** The host key a device presents now, read without signing in and without pinning it: for the technician to check. */
  'device:host-key': {
    request: z.object({ id: z.number().int().positive() }),
    response: z.object({ pinned: z.string().nullable(), presented: z.string() }),
  },
  /** Pin exactly the key the technician checked (`expected`); a device presenting another by now is refused. */
  'device:trust': {
    request: z.object({ id: z.number().int().positive(), expected: HostKeyFingerprint }),
    response: z.object({ previous: z.string().nullable(), current: z.string() }),
  },
  'scan:run': { request: ScanRequest, response: z.array(ScanOutcome) },
  'inventory:changes': {
    request: z.object({ deviceId: z.number().int().positive() }),
    response: z.array(PackageChange),
  },
  'inventory:packages': {
    request: z.object({ deviceId: z.number().int().positive() }),
    response: PackageList,
  },
  'patch:list': { request: PatchFilter, response: z.array(Patch) },
  /** Same order as patch:list with the same filter: why each has its colour, its due date, overdue or not. */
  'patch:priorities': { request: PatchFilter, response: z.array(PatchPriority) },
  /** Fleet-wide by package or KB: devices affected, worst colour, earliest due date, KEV, CVEs; most urgent first. */
  'patch:groups': { request: z.object({}), response: z.array(PatchGroup) },
  /** Each active device that misses updates, as counts (not its rows): the deployment wizard's device list. */
  'patch:devices': { request: z.object({}), response: z.array(DeviceMissingUpdates) },
  /** OSV, CISA KEV and EPSS files chosen together in main's open dialog; all are imported or none. */
  'feed:import': {
    request: FeedImportRequest,
    response: z.array(FeedImportResult),
    opensFile: {
      title: 'Import vulnerability feed files',
      defaultName: 'feeds',
      extensions: ['zip', 'json', 'csv', 'gz'],
      multiple: true,
    },
  },
  'feed:status': { request: z.object({}), response: z.array(FeedStatus) },
  'vuln:list': { request: VulnerabilityFilter, response: z.array(VulnerabilityFinding) },
  /** Starts a deployment and answers at once with the queued job; progress follows as job:progress events. */
  'deploy:start': { request: DeployRequest, response: JobView },
  /** The read-only pre-flight of a deployment on every device: what would change, what could not be rolled back. */
  'deploy:preflight': { request: DeployRequest, response: PreflightSummary },
  /** Leave a deployment to a maintenance window: one planned row per window (the next one of each device's policy). */
  'deploy:plan': { request: PlanDeploymentRequest, response: z.array(PlannedDeployment) },
  'deploy:planned': {
    request: z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
    response: z.array(PlannedDeployment),
  },
  /** Cancel a planned deployment that has not started. */
  'deploy:unplan': { request: z.object({ id: z.number().int().positive() }), response: PlannedDeployment },
  'job:list': {
    request: z.object({ limit: z.number().int().min(1).max(1000).default(100) }),
    response: z.array(JobView),
  },
  'job:get': { request: z.object({ id: z.number().int().positive() }), response: JobView },
  'job:cancel': { request: z.object({ id: z.number().int().positive() }), response: JobView },
  /** A new job for the devices of a finished job that failed, with the same packages and settings. */
  'job:retry': { request: z.object({ id: z.number().int().positive() }), response: JobView },
  'job:rollback': {
    request: z.object({
      id: z.number().int().positive(),
      deviceIds: z.array(z.number().int().positive()).optional(),
    }),
    response: JobView,
  },
  /** What a rollback of the job (or of the devices named) would reinstall, and what it cannot: for the confirmation. */
  'job:rollback-preview': {
    request: z.object({
      id: z.number().int().positive(),
      deviceIds: z.array(z.number().int().positive()).optional(),
    }),
    response: RollbackPreview,
  },
  'policy:list': { request: z.object({}), response: z.array(Policy) },
  'policy:add': { request: PolicyInput, response: Policy },
  /** Fields not named stay as they are; a nested field (scope, content, ...) is replaced whole. */
  'policy:update': { request: PolicyUpdate, response: Policy },
  'policy:remove': { request: z.object({ id: z.number().int().positive() }), response: z.object({}) },
  /** The approvals queue: every package or KB some device misses, with the fleet-wide decision if any. */
  'approval:list': { request: z.object({}), response: z.array(ApprovalQueueEntry) },
  /** Approve, defer (until a date) or exclude packages fleet-wide, once for every device. */
  'approval:decide': { request: ApprovalDecisionInput, response: z.array(ApprovalDecision) },
  'approval:withdraw': { request: z.object({ package: z.string().min(1).max(200) }), response: z.object({}) },
  /** Every exception, soonest expiry first; `expired` ones wait for review. */
  'exception:list': { request: z.object({}), response: z.array(PatchException) },
  'exception:add': { request: ExceptionInput, response: PatchException },
  'exception:remove': { request: z.object({ id: z.number().int().positive() }), response: z.object({}) },
  /** A new expiry or reason for an exception (renewing an expired one puts it back in force); audited. */
  'exception:update': { request: ExceptionUpdate, response: PatchException },
  /**
   * A policy's window occurrences from `from` for `days`, for the calendar preview (instants; the UI shows zones):
   * of a saved policy, or of the editor's unsaved draft while the technician types.
   */
  'schedule:preview': { request: SchedulePreviewRequest, response: z.array(WindowOccurrenceView) },
  /** The scheduler's dry run at an instant: `patchdeck schedule due --at`. */
  'schedule:due': {
    request: z.object({ at: z.iso.datetime({ offset: true }) }),
    response: z.array(DueEntry),
  },
  'settings:get': { request: z.object({}), response: Settings },
  'settings:update': { request: SettingsUpdate, response: Settings },
  /** A checked, consistent copy of the database; refuses an existing file unless overwrite. */
  'backup:create': {
    request: BackupRequest,
    response: BackupResult,
    savesFile: {
      title: 'Back up the Patchdeck database',
      defaultName: 'patchdeck-backup',
      extensions: ['db'],
    },
  },
  /**
   * Replace the database with a backup. A refused file changes nothing and the engine keeps running; once the file
   * is accepted the engine's database is closed, and main restarts the engine process (on success, or on the
   * 'failed' answer of a restore that failed after that: see engineClosedBy).
   */
  'backup:restore': {
    request: RestoreRequest,
    response: RestoreResult,
    opensFile: { title: 'Restore a Patchdeck backup', defaultName: 'patchdeck-backup', extensions: ['db'] },
    restartsEngine: true,
  },
  /** Every dashboard widget's numbers at one instant, from the stored priorities (see report-service). */
  'dashboard:summary': { request: z.object({}), response: DashboardSummary },
  /** A client's compliance report as self-contained HTML (no script, no remote resource) for the preview pane. */
  'report:preview': { request: ReportRequest, response: z.object({ html: z.string() }) },
  /** Writes the report (pdf, html or csv) to a file the technician chose; atomic: whole or not there. */
  'report:export': {
    request: ReportExportRequest,
    response: ReportExportResult,
    savesFile: {
      title: 'Export the report',
      defaultName: 'patchdeck-report',
      extensions: ['pdf', 'html', 'csv'],
    },
  },
  'branding:get': { request: z.object({}), response: Branding },
  'branding:set': { request: Branding, response: Branding },
  /** Fill an EMPTY database with a generated demo fleet (refused once it has clients): "Explore with demo data". */
  'demo:load': {
    request: z.object({}),
    response: z.object({ clients: z.number().int(), devices: z.number().int(), scans: z.number().int() }),
  },
  /** Every device's sign-in as Settings lists it: user, kind, key file, where its passwords live; never a secret. */
  'credential:list': { request: z.object({}), response: z.array(DeviceCredential) },
  /** Remove a device's stored login or sudo password from the database and the vault; audited. */
  'credential:forget': { request: CredentialForgetRequest, response: z.object({}) },
} as const satisfies Record<Channel, ChannelSpec>;

export const events = {
  'updater:state': UpdaterState,
  'scan:progress': ScanProgress,
  'job:progress': JobProgress,
  'job:output': JobOutput,
} as const satisfies Record<EventName, z.ZodType>;

/** Channels whose `path` (or `paths`) main fills in from a file dialog. */
type FileChannel = {
  [C in Channel]: (typeof contract)[C] extends { savesFile: FileDialogSpec } | { opensFile: FileDialogSpec }
    ? C
    : never;
}[Channel];

/** The request field a file channel's dialog fills: `paths` for a `multiple` open, else `path`. */
type ChosenField<C extends Channel> = (typeof contract)[C] extends { opensFile: { multiple: true } }
  ? 'paths'
  : 'path';

/** What the caller sends (defaults still optional); a file channel's `path` or `paths` come from the dialog. */
export type RequestInput<C extends Channel> = C extends FileChannel
  ? Omit<z.input<(typeof contract)[C]['request']>, ChosenField<C>>
  : z.input<(typeof contract)[C]['request']>;
/** What a handler receives after parsing (defaults filled in). */
export type Request<C extends Channel> = z.output<(typeof contract)[C]['request']>;
export type Response<C extends Channel> = z.output<(typeof contract)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** Every channel must have a handler: an object of this type with a channel missing does not compile. */
export type ChannelHandlers = { readonly [C in Channel]: (request: Request<C>) => Promise<Response<C>> };

/** The file dialog a channel needs before it runs, or null: one rule for main and the test bridge. */
export function fileDialogOf(channel: Channel): { mode: 'save' | 'open'; spec: FileDialogSpec } | null {
  const spec: ChannelSpec = contract[channel];
  if (spec.savesFile) return { mode: 'save', spec: spec.savesFile };
  if (spec.opensFile) return { mode: 'open', spec: spec.opensFile };
  return null;
}

/**
 * The request a file channel runs with: the files chosen in its dialog go into `paths` (a `multiple` open) or
 * `path`, over whatever the renderer sent there. Null when nothing was chosen: the dialog was cancelled.
 */
export function withChosenFiles(
  spec: FileDialogSpec,
  request: unknown,
  chosen: readonly string[],
): Record<string, unknown> | null {
  const [first] = chosen;
  if (first === undefined) return null;
  const sent = typeof request === 'object' && request !== null ? request : {};
  return spec.multiple ? { ...sent, paths: [...chosen] } : { ...sent, path: first };
}

/** The suggested file name for a save: the spec's name with the request's format as extension when allowed. */
export function suggestedFileName(spec: FileDialogSpec, request: unknown): string {
  const format =
    typeof request === 'object' && request !== null && 'format' in request ? String(request.format) : '';
  return `${spec.defaultName}.${spec.extensions.includes(format) ? format : (spec.extensions[0] ?? 'dat')}`;
}
