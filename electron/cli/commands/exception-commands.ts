import type { Device } from '../../../shared/domain/fleet';
import type { ExceptionTarget, PatchException } from '../../../shared/domain/policies';
import { AppError, assertNever } from '../../../shared/errors';
import type { Engine } from '../../engine/create-engine';
import type { Command, CommandInput } from '../command';
import { flagOption, requiredOption, singlePositional, stringOption } from '../options';
import { formatTable } from '../table';
import { assertFuture, dayOrInstantOption, humanInZone, technicianTimeZone } from '../time-options';

/** What the exception holds the package on, as the technician named it, and the devices that covers. */
interface NamedTarget {
  readonly target: ExceptionTarget;
  readonly description: string;
  readonly devices: readonly Device[];
}

function resolveTarget(engine: Engine, input: CommandInput): NamedTarget {
  const given = (['device', 'tag', 'client'] as const).filter(
    (flag) => stringOption(input, flag) !== undefined,
  );
  if (given.length === 0)
    throw new AppError(
      'invalid-input',
      'Give one of --device, --tag or --client: what the exception holds the package on.',
      'target',
    );
  if (given.length > 1)
    throw new AppError('invalid-input', 'Give only one of --device, --tag or --client.', 'target');
  const device = stringOption(input, 'device');
  if (device !== undefined) {
    const found = engine.devices.resolve(device);
    return {
      target: { kind: 'device', deviceId: found.id },
      description: `device ${found.clientName}/${found.name}`,
      devices: [found],
    };
  }
  const client = stringOption(input, 'client');
  if (client !== undefined) {
    const found = engine.clients.resolve(client);
    return {
      target: { kind: 'client', clientId: found.id },
      description: `client ${found.name}`,
      devices: engine.devices.list({ clientId: found.id }),
    };
  }
  const tag = requiredOption(input, 'tag');
  const tagged = engine.devices
    .list()
    .filter((candidate) => candidate.tags.some((each) => each.toLowerCase() === tag.toLowerCase()));
  if (tagged.length === 0) throw new AppError('not-found', `No device has the tag '${tag}'.`, 'tag');
  return { target: { kind: 'tag', tag }, description: `tag ${tag}`, devices: tagged };
}

function nobodyHasIt(target: NamedTarget): string {
  switch (target.target.kind) {
    case 'device':
      return `${target.description} has it neither installed nor missing`;
    case 'client':
      return `no device of ${target.description} has it installed or missing`;
    case 'tag':
      return `no device with the ${target.description} has it installed or missing`;
    default:
      return assertNever(target.target, 'exception target');
  }
}

/** A package or KB the target's devices have installed or miss; anything else is almost always a typo. */
function assertKnownPackage(engine: Engine, name: string, target: NamedTarget): void {
  const wanted = name.toLowerCase();
  const deviceIds = new Set(target.devices.map((device) => device.id));
  const query = target.target.kind === 'client' ? { clientId: target.target.clientId } : {};
  const missing = engine.inventory
    .patches(target.target.kind === 'device' ? { deviceId: target.target.deviceId } : query)
    .some(
      (patch) =>
        deviceIds.has(patch.deviceId) &&
        (patch.name.toLowerCase() === wanted || patch.advisoryIds.some((id) => id.toLowerCase() === wanted)),
    );
  const installed = () =>
    target.devices.some((device) =>
      engine.inventory.packages(device.id).some((each) => each.name.toLowerCase() === wanted),
    );
  if (!missing && !installed())
    throw new AppError(
      'not-found',
      `Unknown package or KB '${name}': ${nobodyHasIt(target)} (as last scanned).`,
      'package',
    );
}

/** A reason that is more than blanks: the technician reviewing it later needs to know why. */
function reasonOption(input: CommandInput): string | undefined {
  const reason = stringOption(input, 'reason');
  if (reason !== undefined && reason.trim() === '')
    throw new AppError('invalid-input', '--reason must say why the package is held.', 'reason');
  return reason?.trim();
}

function expiryOption(input: CommandInput): Date {
  const text = requiredOption(input, 'expires');
  const expiresAt = dayOrInstantOption(text, 'expires', 'end');
  assertFuture(expiresAt, text, 'expires');
  return expiresAt;
}

function exceptionId(input: CommandInput): number {
  const text = singlePositional(input, 'exception id');
  if (!/^\d+$/.test(text.trim()) || Number(text) === 0)
    throw new AppError(
      'invalid-input',
      `An exception id is a whole number as \`patchdeck exception list\` shows it, not '${text}'.`,
      'id',
    );
  return Number(text);
}

function heldOn(exception: PatchException): string {
  return `${exception.target.kind} ${exception.targetName}`;
}

function untilText(exception: PatchException, zone: string): string {
  return `${humanInZone(new Date(exception.expiresAt), zone)}${exception.expired ? ' (expired)' : ''}`;
}

const exceptionAdd: Command = {
  path: ['exception', 'add'],
  usage:
    'patchdeck exception add --package <name|KB> (--device <device> | --tag <tag> | --client <client>)\n' +
    '                        --reason <text> --expires <date>',
  summary:
    'Hold a package or KB back on a device, every device with a tag, or a client, until a day (23:59 in your zone) or an ISO 8601 instant.',
  options: {
    package: { type: 'string' },
    device: { type: 'string' },
    tag: { type: 'string' },
    client: { type: 'string' },
    reason: { type: 'string' },
    expires: { type: 'string' },
  },
  maxPositionals: 0,
  async run(engine, input) {
    const packageName = requiredOption(input, 'package').trim();
    const target = resolveTarget(engine, input);
    const reason = reasonOption(input);
    if (reason === undefined) throw new AppError('invalid-input', '--reason is required.', 'reason');
    const expiresAt = expiryOption(input);
    assertKnownPackage(engine, packageName, target);
    const added = engine.exceptions.add({
      package: packageName,
      target: target.target,
      reason,
      expiresAt: expiresAt.toISOString(),
    });
    const zone = technicianTimeZone();
    return {
      json: added,
      text: `Exception ${added.id}: ${added.package} held on ${target.description} until ${humanInZone(new Date(added.expiresAt), zone)} (${zone}).`,
    };
  },
};

const exceptionList: Command = {
  path: ['exception', 'list'],
  usage: 'patchdeck exception list [--expired]',
  summary: 'List held packages, soonest expiry first; --expired lists only the expired ones, for review.',
  options: { expired: { type: 'boolean' } },
  maxPositionals: 0,
  async run(engine, input) {
    const onlyExpired = flagOption(input, 'expired');
    const exceptions = onlyExpired ? engine.exceptions.expired() : engine.exceptions.list();
    const zone = technicianTimeZone();
    return {
      json: exceptions,
      text:
        exceptions.length === 0
          ? onlyExpired
            ? 'No expired exceptions to review.'
            : 'No exceptions: every policy may deploy every approved package.'
          : formatTable(
              ['ID', 'PACKAGE', 'HELD ON', `EXPIRES (${zone})`, 'REASON'],
              exceptions.map((exception) => [
                String(exception.id),
                exception.package,
                heldOn(exception),
                untilText(exception, zone),
                exception.reason,
              ]),
            ),
    };
  },
};

const exceptionRemove: Command = {
  path: ['exception', 'remove'],
  usage: 'patchdeck exception remove <id>',
  summary: 'Remove an exception: its package may be deployed there again.',
  options: {},
  maxPositionals: 1,
  async run(engine, input) {
    const id = exceptionId(input);
    const existing = engine.exceptions.list().find((exception) => exception.id === id);
    engine.exceptions.remove(id);
    return {
      json: { removed: id, package: existing?.package ?? null },
      text: `Removed exception ${id}${existing ? ` (${existing.package} on ${heldOn(existing)})` : ''}.`,
    };
  },
};

const exceptionExtend: Command = {
  path: ['exception', 'extend'],
  usage: 'patchdeck exception extend <id> --expires <date> [--reason <text>]',
  summary: 'Renew an exception after review: a new expiry (and, if given, a new reason).',
  options: { expires: { type: 'string' }, reason: { type: 'string' } },
  maxPositionals: 1,
  async run(engine, input) {
    const id = exceptionId(input);
    const reason = reasonOption(input);
    const expiresAt = expiryOption(input);
    const renewed = engine.exceptions.update({
      id,
      expiresAt: expiresAt.toISOString(),
      ...(reason === undefined ? {} : { reason }),
    });
    const zone = technicianTimeZone();
    return {
      json: renewed,
      text: `Exception ${renewed.id}: ${renewed.package} on ${heldOn(renewed)} now held until ${untilText(renewed, zone)} (${zone}).`,
    };
  },
};

export const exceptionCommands: readonly Command[] = [
  exceptionAdd,
  exceptionList,
  exceptionRemove,
  exceptionExtend,
];
