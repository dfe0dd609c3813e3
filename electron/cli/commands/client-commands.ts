import { ClientInput } from '../../../shared/domain/fleet';
import { parseInput } from '../../engine/api/parse-input';
import type { Command } from '../command';
import { singlePositional, stringOption } from '../options';
import { formatTable } from '../table';

const clientAdd: Command = {
  path: ['client', 'add'],
  usage: 'patchdeck client add <name> [--timezone <IANA zone>]',
  summary: 'Add a client (default time zone: UTC).',
  options: { timezone: { type: 'string' } },
  maxPositionals: 1,
  async run(engine, input) {
    const name = singlePositional(input, 'client name');
    const request = parseInput(ClientInput, { name, timeZone: stringOption(input, 'timezone') });
    const client = engine.clients.add(request);
    return { json: client, text: `Added client ${client.name} (${client.timeZone}).` };
  },
};

const clientList: Command = {
  path: ['client', 'list'],
  usage: 'patchdeck client list',
  summary: 'List clients.',
  options: {},
  maxPositionals: 0,
  async run(engine) {
    const clients = engine.clients.list();
    const rows = clients.map((client) => [
      client.name,
      client.timeZone,
      String(client.deviceCount),
      `${client.slaDays.red}/${client.slaDays.yellow}/${client.slaDays.green}`,
    ]);
    return {
      json: clients,
      text:
        clients.length === 0
          ? 'No clients yet: add one with `patchdeck client add <name>`.'
          : formatTable(['CLIENT', 'TIME ZONE', 'DEVICES', 'SLA DAYS R/Y/G'], rows),
    };
  },
};

const clientRemove: Command = {
  path: ['client', 'remove'],
  usage: 'patchdeck client remove <client>',
  summary: 'Remove a client that has no devices.',
  options: {},
  maxPositionals: 1,
  async run(engine, input) {
    const client = engine.clients.resolve(singlePositional(input, 'client'));
    engine.clients.remove(client.id);
    return { json: { removed: client.name }, text: `Removed client ${client.name}.` };
  },
};

export const clientCommands: readonly Command[] = [clientAdd, clientList, clientRemove];
