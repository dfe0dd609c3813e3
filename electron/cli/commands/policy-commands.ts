import type { z } from 'zod';
import { commandText, commandWords } from '../../../shared/domain/command-words';
import { AppError } from '../../../shared/errors';
import { rings } from '../../../shared/domain/fleet';
import {
  ApprovalMode,
  ContentKind,
  PolicyApproval,
  PolicyInput,
  PolicyReboot,
  RolloutGate,
  type Policy,
} from '../../../shared/domain/policies';
import type { Engine } from '../../engine/create-engine';
import type { Command, CommandInput } from '../command';
import {
  listOption,
  numberOption,
  requiredOption,
  singlePositional,
  stringOption,
  type NumberRange,
} from '../options';
import { formatTable } from '../table';
import { occurrenceInZones, occurrenceTable, technicianTimeZone } from '../time-options';

/** How many coming window occurrences `policy show` lists, and how far ahead it looks for them. */
const SHOWN_OCCURRENCES = 5;
const SHOW_LOOKAHEAD_DAYS = 92;

/** A numeric field's range as the shared schema sets it, so the CLI refuses exactly what the engine would. */
function rangeOf(schema: z.ZodNumber): NumberRange {
  return {
    min: schema.minValue ?? 0,
    max: schema.maxValue ?? Number.MAX_SAFE_INTEGER,
    whole: schema.isInt,
  };
}

const ranges = {
  'defer-days': rangeOf(PolicyApproval.shape.deferDays.unwrap()),
  'min-success-percent': rangeOf(RolloutGate.shape.minSuccessPercent.unwrap()),
  'soak-hours': rangeOf(RolloutGate.shape.soakHours.unwrap()),
  'max-fail-percent': rangeOf(PolicyInput.shape.maxFailPercent.unwrap()),
  concurrency: rangeOf(PolicyInput.shape.concurrency.unwrap()),
} as const;

/** A flag with a fixed set of values, refused with the values it takes. */
function choiceOption<T extends string>(
  input: CommandInput,
  name: string,
  choices: readonly T[],
): T | undefined {
  const text = stringOption(input, name);
  if (text === undefined) return undefined;
  const choice = choices.find((value) => value === text.trim());
  if (choice === undefined)
    throw new AppError(
      'invalid-input',
      `--${name} must be one of ${choices.join(', ')}, not '${text}'.`,
      name,
    );
  return choice;
}

function describeScope(policy: Policy): string {
  const parts = [
    policy.scope.deviceIds.length > 0 ? `${policy.scope.deviceIds.length} device(s)` : null,
    policy.scope.tags.length > 0 ? `tags ${policy.scope.tags.join(',')}` : null,
    policy.scope.platforms.length > 0 ? policy.scope.platforms.join(',') : null,
    policy.scope.rings.length > 0 ? `ring ${policy.scope.rings.join(',')}` : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? 'all devices' : parts.join('; ');
}

/**
 * A pre- or post-command given as one quoted argument (`--pre-command 'systemctl stop "my app"'`), split into its
 * words as the policy editor splits them; null when absent. It is stored and run as a list, never by a shell.
 */
function commandOption(input: CommandInput, name: string): string[] | null {
  const text = stringOption(input, name);
  if (text === undefined) return null;
  const read = commandWords(text);
  if (!read.ok) throw new AppError('invalid-input', `--${name}: ${read.error}`, name);
  if (read.words.length === 0) throw new AppError('invalid-input', `--${name} must not be empty.`, name);
  return read.words;
}

const policyAdd: Command = {
  path: ['policy', 'add'],
  usage: [
    'patchdeck policy add <name> --client <client> [--device <name>...] [--tag <tag>...] [--ring <ring>]',
    '                     --window "<days> <HH:MM>-<HH:MM>"... [--timezone <IANA zone>]',
    '                     [--approve manual|security|all] [--reboot never|if-required|always]',
    '                     [--max-fail-percent <n>] [--content security|all] [--include <glob>...]',
    '                     [--exclude <glob>...] [--defer-days <n>] [--concurrency <n>]',
    '                     [--min-success-percent <n>] [--soak-hours <n>]',
    '                     [--pre-command "<command>"] [--post-command "<command>"]',
  ].join('\n'),
  summary:
    "Add an automation profile: which of a client's devices get which updates, in which maintenance windows (the client's time zone unless --timezone).",
  options: {
    client: { type: 'string' },
    device: { type: 'string', multiple: true },
    tag: { type: 'string', multiple: true },
    ring: { type: 'string' },
    window: { type: 'string', multiple: true },
    timezone: { type: 'string' },
    approve: { type: 'string' },
    reboot: { type: 'string' },
    'max-fail-percent': { type: 'string' },
    content: { type: 'string' },
    include: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    'defer-days': { type: 'string' },
    concurrency: { type: 'string' },
    'min-success-percent': { type: 'string' },
    'soak-hours': { type: 'string' },
    'pre-command': { type: 'string' },
    'post-command': { type: 'string' },
  },
  maxPositionals: 1,
  async run(engine, input) {
    const name = singlePositional(input, 'policy name');
    const client = engine.clients.resolve(requiredOption(input, 'client'));
    const windows = listOption(input, 'window');
    if (windows.length === 0) throw new AppError('invalid-input', '--window is required.', 'window');
    // A bare device name is looked up within the policy's client, so equal names elsewhere do not get in the way.
    const deviceIds = listOption(input, 'device').map(
      (reference) =>
        engine.devices.resolve(reference.includes('/') ? reference : `${client.name}/${reference}`).id,
    );
    const ring = choiceOption(input, 'ring', rings);
    const approve = choiceOption(input, 'approve', ApprovalMode.options);
    const deferDays = numberOption(input, 'defer-days', ranges['defer-days']);
    const content = choiceOption(input, 'content', ContentKind.options);
    const minSuccessPercent = numberOption(input, 'min-success-percent', ranges['min-success-percent']);
    const soakHours = numberOption(input, 'soak-hours', ranges['soak-hours']);
    const request: PolicyInput = {
      name,
      clientId: client.id,
      scope: { deviceIds, tags: listOption(input, 'tag'), ...(ring === undefined ? {} : { rings: [ring] }) },
      content: {
        ...(content === undefined ? {} : { kind: content }),
        include: listOption(input, 'include'),
        exclude: listOption(input, 'exclude'),
      },
      approval: {
        ...(approve === undefined ? {} : { mode: approve }),
        ...(deferDays === undefined ? {} : { deferDays }),
      },
      rollout: {
        ...(minSuccessPercent === undefined ? {} : { minSuccessPercent }),
        ...(soakHours === undefined ? {} : { soakHours }),
      },
      windows,
      timeZone: stringOption(input, 'timezone') ?? null,
    };
    const reboot = choiceOption(input, 'reboot', PolicyReboot.options);
    const maxFailPercent = numberOption(input, 'max-fail-percent', ranges['max-fail-percent']);
    const concurrency = numberOption(input, 'concurrency', ranges.concurrency);
    if (reboot !== undefined) request.reboot = reboot;
    if (maxFailPercent !== undefined) request.maxFailPercent = maxFailPercent;
    if (concurrency !== undefined) request.concurrency = concurrency;
    request.preCommand = commandOption(input, 'pre-command');
    request.postCommand = commandOption(input, 'post-command');
    const policy = engine.policies.add(request);
    return {
      json: policy,
      text: `Added policy ${policy.name} for ${policy.clientName}: ${policy.windows.join(', ')} (${policy.effectiveTimeZone}).`,
    };
  },
};

const policyList: Command = {
  path: ['policy', 'list'],
  usage: 'patchdeck policy list',
  summary: 'List automation profiles.',
  options: {},
  maxPositionals: 0,
  async run(engine) {
    const policies = engine.policies.list();
    const rows = policies.map((policy) => [
      policy.name,
      policy.clientName,
      describeScope(policy),
      `${policy.windows.join(', ')} ${policy.effectiveTimeZone}`,
      policy.approval.mode,
      policy.reboot,
      policy.enabled ? 'yes' : 'no',
    ]);
    return {
      json: policies,
      text:
        policies.length === 0
          ? 'No policies yet: add one with `patchdeck policy add <name> --client <client> --window "<days> <HH:MM>-<HH:MM>"`.'
          : formatTable(['POLICY', 'CLIENT', 'SCOPE', 'WINDOWS', 'APPROVE', 'REBOOT', 'ENABLED'], rows),
    };
  },
};

const policyRemove: Command = {
  path: ['policy', 'remove'],
  usage: 'patchdeck policy remove <policy>',
  summary: 'Remove an automation profile.',
  options: {},
  maxPositionals: 1,
  async run(engine, input) {
    const policy = engine.policies.resolve(singlePositional(input, 'policy'));
    engine.policies.remove(policy.id);
    return { json: { removed: policy.name }, text: `Removed policy ${policy.name}.` };
  },
};

const approvalModes: Record<Policy['approval']['mode'], string> = {
  manual: 'manual: every update waits in the approvals queue',
  security: 'security updates automatically, the rest wait in the approvals queue',
  all: 'every update automatically',
};

/** A policy's settings as labelled lines, in the order the console's editor asks for them. */
function describePolicy(engine: Engine, policy: Policy): string {
  const { scope, content, approval, rollout } = policy;
  const devices = scope.deviceIds.map((id) => engine.devices.get(id).name);
  const scopeText = [
    devices.length > 0 ? `devices ${devices.join(', ')}` : null,
    scope.tags.length > 0 ? `tags ${scope.tags.join(', ')}` : null,
    scope.platforms.length > 0 ? `platforms ${scope.platforms.join(', ')}` : null,
    scope.rings.length > 0 ? `ring ${scope.rings.join(', ')}` : null,
  ].filter((part) => part !== null);
  const contentText = [
    content.kind === 'classifications'
      ? `classifications ${content.classifications.join(', ')}`
      : content.kind,
    content.include.length > 0 ? `include ${content.include.join(' ')}` : null,
    content.exclude.length > 0 ? `exclude ${content.exclude.join(' ')}` : null,
    `third-party apps ${content.thirdParty ? 'yes' : 'no'}`,
  ].filter((part) => part !== null);
  const lines: [string, string][] = [
    ['Policy', `${policy.name} (${policy.enabled ? 'enabled' : 'disabled'})`],
    ['Client', policy.clientName],
    ['Scope', scopeText.length === 0 ? 'all devices of the client' : scopeText.join('; ')],
    ['Content', contentText.join('; ')],
    [
      'Approval',
      `${approvalModes[approval.mode]}${approval.deferDays > 0 ? `, ${approval.deferDays} days after first seen` : ''}`,
    ],
    [
      'Windows',
      `${policy.windows.join(', ')} (${policy.effectiveTimeZone}${policy.timeZone === null ? ", the client's" : ''})`,
    ],
    ['Reboot', policy.reboot],
    [
      'Rollout',
      `${policy.concurrency} devices at once; stops above ${policy.maxFailPercent}% failed; next ring after ${rollout.minSuccessPercent}% succeeded and a ${rollout.soakHours} h soak`,
    ],
    ['Pre-command', policy.preCommand ? commandText(policy.preCommand) : '-'],
    ['Post-command', policy.postCommand ? commandText(policy.postCommand) : '-'],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  return lines.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

const policyShow: Command = {
  path: ['policy', 'show'],
  usage: 'patchdeck policy show <policy>',
  summary: `An automation profile's settings and its next ${SHOWN_OCCURRENCES} maintenance windows, in its zone and in yours.`,
  options: {},
  maxPositionals: 1,
  async run(engine, input) {
    const policy = engine.policies.resolve(singlePositional(input, 'policy'));
    const now = new Date();
    const yours = technicianTimeZone();
    const nextWindows = engine.policies
      .preview(policy.id, now, SHOW_LOOKAHEAD_DAYS)
      .slice(0, SHOWN_OCCURRENCES)
      .map((occurrence) => occurrenceInZones(occurrence, policy.effectiveTimeZone, yours));
    return {
      json: { ...policy, technicianTimeZone: yours, nextWindows },
      text: [
        describePolicy(engine, policy),
        '',
        'Next maintenance windows:',
        occurrenceTable(nextWindows, policy.effectiveTimeZone, yours, now),
      ].join('\n'),
    };
  },
};

export const policyCommands: readonly Command[] = [policyAdd, policyList, policyShow, policyRemove];
