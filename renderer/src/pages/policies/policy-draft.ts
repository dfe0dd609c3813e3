import type { Device, Ring } from '../../../../shared/domain/fleet';
import {
  ApprovalMode,
  ContentKind,
  PolicyInput,
  PolicyReboot,
  type Policy,
} from '../../../../shared/domain/policies';
import type { Checked } from '../../forms/client-draft';
import { errorsFromIssues, fieldForPath, type FieldErrors } from '../../forms/field-errors';
import { commandText, commandWords } from '../../../../shared/domain/command-words';

/** The policy editor as typed: lists as comma- or line-separated text, numbers as text. */
export interface PolicyDraft {
  readonly name: string;
  readonly clientId: string;
  readonly tags: string;
  readonly devices: string;
  readonly rings: readonly Ring[];
  readonly contentKind: ContentKind;
  readonly classifications: string;
  readonly include: string;
  readonly exclude: string;
  readonly thirdParty: boolean;
  readonly approvalMode: ApprovalMode;
  readonly deferDays: string;
  readonly windows: string;
  readonly timeZone: string;
  readonly reboot: PolicyReboot;
  readonly concurrency: string;
  readonly maxFailPercent: string;
  readonly minSuccessPercent: string;
  readonly soakHours: string;
  /** Typed as a shell would split it (see command-words); an argument list, never a shell string. */
  readonly preCommand: string;
  readonly postCommand: string;
  readonly enabled: boolean;
}

export const policyFields = [
  'name',
  'clientId',
  'tags',
  'devices',
  'rings',
  'contentKind',
  'classifications',
  'include',
  'exclude',
  'approvalMode',
  'deferDays',
  'windows',
  'timeZone',
  'reboot',
  'concurrency',
  'maxFailPercent',
  'minSuccessPercent',
  'soakHours',
  'preCommand',
  'postCommand',
] as const;
export type PolicyField = (typeof policyFields)[number];

/** Engine and schema paths that differ from the editor's field names. */
export const policyAliases: Readonly<Record<string, PolicyField>> = {
  'scope.tags': 'tags',
  'scope.deviceIds': 'devices',
  'scope.rings': 'rings',
  'content.kind': 'contentKind',
  'content.classifications': 'classifications',
  'content.include': 'include',
  'content.exclude': 'exclude',
  'approval.mode': 'approvalMode',
  'approval.deferDays': 'deferDays',
  'rollout.minSuccessPercent': 'minSuccessPercent',
  'rollout.soakHours': 'soakHours',
  window: 'windows',
  timezone: 'timeZone',
};

const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

// Text that is not a number stays text, so the schema names the field instead of silently reading 0.
const numberOrText = (text: string) =>
  text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;

/** A new policy's starting values: security updates, Saturday night, reboot only if required. */
export function emptyPolicyDraft(clientId: number | null): PolicyDraft {
  return {
    name: '',
    clientId: clientId === null ? '' : String(clientId),
    tags: '',
    devices: '',
    rings: [],
    contentKind: 'security',
    classifications: '',
    include: '',
    exclude: '',
    thirdParty: true,
    approvalMode: 'security',
    deferDays: '0',
    windows: 'Sat 01:00-05:00',
    timeZone: '',
    reboot: 'if-required',
    concurrency: '16',
    maxFailPercent: '20',
    minSuccessPercent: '100',
    soakHours: '24',
    preCommand: '',
    postCommand: '',
    enabled: true,
  };
}

/** The editor's values for an existing policy. */
export function draftFromPolicy(policy: Policy, devices: readonly Device[]): PolicyDraft {
  const names = new Map(devices.map((device) => [device.id, device.name]));
  return {
    name: policy.name,
    clientId: String(policy.clientId),
    tags: policy.scope.tags.join(', '),
    devices: policy.scope.deviceIds.map((id) => names.get(id) ?? `#${id}`).join(', '),
    rings: policy.scope.rings,
    contentKind: policy.content.kind,
    classifications: policy.content.classifications.join(', '),
    include: policy.content.include.join(', '),
    exclude: policy.content.exclude.join(', '),
    thirdParty: policy.content.thirdParty,
    approvalMode: policy.approval.mode,
    deferDays: String(policy.approval.deferDays),
    windows: policy.windows.join('\n'),
    timeZone: policy.timeZone ?? '',
    reboot: policy.reboot,
    concurrency: String(policy.concurrency),
    maxFailPercent: String(policy.maxFailPercent),
    minSuccessPercent: String(policy.rollout.minSuccessPercent),
    soakHours: String(policy.rollout.soakHours),
    preCommand: commandText(policy.preCommand ?? []),
    postCommand: commandText(policy.postCommand ?? []),
    enabled: policy.enabled,
  };
}

/**
 * The request for this draft, or every field's problem at once. Devices are typed by name and must be the
 * client's; the rest is checked by the shared schema, the same one the engine applies.
 */
export function policyInputFrom(
  draft: PolicyDraft,
  devices: readonly Device[],
): Checked<PolicyInput, PolicyField> {
  const errors: FieldErrors<PolicyField> = {};
  const clientId = draft.clientId === '' ? undefined : Number(draft.clientId);
  const deviceIds: number[] = [];
  for (const name of list(draft.devices)) {
    const device = devices.find(
      (candidate) => candidate.clientId === clientId && candidate.name.toLowerCase() === name.toLowerCase(),
    );
    if (device) deviceIds.push(device.id);
    else errors.devices ??= `The client has no device named '${name}'.`;
  }
  const command = (field: 'preCommand' | 'postCommand') => {
    const read = commandWords(draft[field]);
    if (!read.ok) errors[field] ??= read.error;
    return read.ok && read.words.length > 0 ? read.words : null;
  };
  const candidate = {
    name: draft.name,
    clientId,
    scope: { deviceIds, tags: list(draft.tags), platforms: [], rings: [...draft.rings] },
    content: {
      kind: draft.contentKind,
      classifications: list(draft.classifications),
      include: list(draft.include),
      exclude: list(draft.exclude),
      thirdParty: draft.thirdParty,
    },
    approval: { mode: draft.approvalMode, deferDays: numberOrText(draft.deferDays) },
    windows: windowLines(draft.windows),
    timeZone: draft.timeZone.trim() === '' ? null : draft.timeZone.trim(),
    reboot: draft.reboot,
    concurrency: numberOrText(draft.concurrency),
    maxFailPercent: numberOrText(draft.maxFailPercent),
    rollout: {
      minSuccessPercent: numberOrText(draft.minSuccessPercent),
      soakHours: numberOrText(draft.soakHours),
    },
    preCommand: command('preCommand'),
    postCommand: command('postCommand'),
    enabled: draft.enabled,
  };
  const parsed = PolicyInput.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, value: parsed.data };
  const schemaErrors = parsed.success
    ? {}
    : errorsFromIssues(parsed.error.issues, policyFields, policyAliases);
  return { ok: false, errors: { ...schemaErrors, ...errors } };
}

/** The windows field's lines, one window each, blanks ignored. */
export function windowLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Where an engine refusal belongs in the editor. */
export function policyFieldFor(path: string | undefined): PolicyField | 'form' {
  return path === undefined ? 'form' : fieldForPath(path, policyFields, policyAliases);
}

export const contentKinds = ContentKind.options;
export const approvalModes = ApprovalMode.options;
export const policyReboots = PolicyReboot.options;
