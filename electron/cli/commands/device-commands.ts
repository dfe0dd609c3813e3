import {
  DeviceInput,
  type Device,
  type DeviceAuthInput,
  type RetiredDevices,
} from '../../../shared/domain/fleet';
import { AppError } from '../../../shared/errors';
import { parseInput } from '../../engine/api/parse-input';
import type { Command, CommandInput } from '../command';
import {
  flagOption,
  listOption,
  requiredOption,
  secretFromEnv,
  singlePositional,
  stringOption,
} from '../options';
import { formatTable } from '../table';

/** Exactly one of --key, --password-env, --agent. */
function authFrom(input: CommandInput): DeviceAuthInput {
  const given = ['key', 'password-env', 'agent'].filter((flag) => input.options[flag] !== undefined);
  if (given.length !== 1) {
    throw new AppError(
      'invalid-input',
      'Give exactly one of --key <file>, --password-env <VAR> or --agent.',
      'auth',
    );
  }
  if (given[0] === 'key') return { kind: 'key', keyPath: requiredOption(input, 'key') };
  if (given[0] === 'password-env')
    return { kind: 'password', password: secretFromEnv(input, 'password-env') };
  return { kind: 'agent' };
}

const deviceAdd: Command = {
  path: ['device', 'add'],
  usage:
    'patchdeck device add <name> --client <client> --host <host> [--port <n>] --user <user>\n' +
    '                     (--key <private key file> | --password-env <VAR> | --agent) [--sudo]\n' +
    '                     [--sudo-password-env <VAR>] [--tag <tag>...] [--ring test|pilot|broad]',
  summary: 'Add a device to a client.',
  options: {
    client: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    user: { type: 'string' },
    key: { type: 'string' },
    'password-env': { type: 'string' },
    agent: { type: 'boolean' },
    sudo: { type: 'boolean' },
    'sudo-password-env': { type: 'string' },
    tag: { type: 'string', multiple: true },
    ring: { type: 'string' },
  },
  maxPositionals: 1,
  async run(engine, input) {
    const name = singlePositional(input, 'device name');
    const client = engine.clients.resolve(requiredOption(input, 'client'));
    const request = parseInput(DeviceInput, {
      clientId: client.id,
      name,
      host: requiredOption(input, 'host'),
      port: stringOption(input, 'port'),
      user: requiredOption(input, 'user'),
      auth: authFrom(input),
      sudo: flagOption(input, 'sudo'),
      sudoPassword:
        input.options['sudo-password-env'] === undefined
          ? undefined
          : secretFromEnv(input, 'sudo-password-env'),
      tags: listOption(input, 'tag'),
      ring: stringOption(input, 'ring'),
    });
    const device = await engine.devices.add(request);
    return {
      json: device,
      text: `Added device ${device.name} (${device.user}@${device.host}:${device.port}) to ${device.clientName}.`,
    };
  },
};

/** --all lists retired devices with the others, --retired only them; neither (the default) leaves them out. */
function retiredFrom(input: CommandInput): RetiredDevices {
  const all = flagOption(input, 'all');
  const retired = flagOption(input, 'retired');
  if (all && retired) throw new AppError('invalid-input', 'Give --all or --retired, not both.', 'retired');
  return all ? 'include' : retired ? 'only' : 'hide';
}

/** `client/name`, as every device command accepts it. */
const qualifiedName = (device: Device) => `${device.clientName}/${device.name}`;

const deviceList: Command = {
  path: ['device', 'list'],
  usage: 'patchdeck device list [--client <client>] [--search <text>] [--all | --retired]',
  summary: 'List devices (retired ones too with --all, only them with --retired).',
  options: {
    client: { type: 'string' },
    search: { type: 'string' },
    all: { type: 'boolean' },
    retired: { type: 'boolean' },
  },
  maxPositionals: 0,
  async run(engine, input) {
    const retired = retiredFrom(input);
    const clientName = stringOption(input, 'client');
    const clientId = clientName === undefined ? undefined : engine.clients.resolve(clientName).id;
    const devices = engine.devices.list({ clientId, search: stringOption(input, 'search'), retired });
    const rows = devices.map((device) => [
      device.clientName,
      device.name,
      `${device.user}@${device.host}:${device.port}`,
      device.os?.name ?? '-',
      device.lastScanStatus ?? 'never scanned',
      ...(retired === 'hide' ? [] : [device.retiredAt?.slice(0, 10) ?? '-']),
    ]);
    const headers = [
      'CLIENT',
      'DEVICE',
      'LOGIN',
      'OS',
      'LAST SCAN',
      ...(retired === 'hide' ? [] : ['RETIRED']),
    ];
    return {
      json: devices,
      text:
        devices.length === 0
          ? retired === 'only'
            ? 'No retired devices.'
            : 'No devices.'
          : formatTable(headers, rows),
    };
  },
};

const deviceRetire: Command = {
  path: ['device', 'retire'],
  usage: 'patchdeck device retire <device>',
  summary: 'Stop scanning, patching and counting a device; its history stays, and so does its name.',
  options: {},
  maxPositionals: 1,
  async run(engine, input) {
    const before = engine.devices.resolve(singlePositional(input, 'device'), { withRetired: true });
    const device = engine.devices.retire(before.id);
    return {
      json: device,
      text:
        before.retiredAt === null
          ? `Retired device ${qualifiedName(device)}: it is no longer scanned, patched or counted; its history stays.`
          : `Device ${qualifiedName(device)} was already retired on ${device.retiredAt?.slice(0, 10) ?? '?'}.`,
    };
  },
};

const deviceReinstate: Command = {
  path: ['device', 'reinstate'],
  usage: 'patchdeck device reinstate <device>',
  summary: 'Manage a retired device again.',
  options: {},
  maxPositionals: 1,
  async run(engine, input) {
    const before = engine.devices.resolve(singlePositional(input, 'device'), { withRetired: true });
    const device = engine.devices.reinstate(before.id);
    return {
      json: device,
      text:
        before.retiredAt === null
          ? `Device ${qualifiedName(device)} is not retired.`
          : `Reinstated device ${qualifiedName(device)}: scan it to bring its inventory up to date.`,
    };
  },
};

const deviceRemove: Command = {
  path: ['device', 'remove'],
  usage: 'patchdeck device remove <device>',
  summary: 'Remove a device (its audit history stays).',
  options: {},
  maxPositionals: 1,
  async run(engine, input) {
    const device = engine.devices.resolve(singlePositional(input, 'device'), { withRetired: true });
    engine.devices.remove(device.id);
    return { json: { removed: device.name }, text: `Removed device ${device.clientName}/${device.name}.` };
  },
};

export const deviceCommands: readonly Command[] = [
  deviceAdd,
  deviceList,
  deviceRetire,
  deviceReinstate,
  deviceRemove,
];
