import {
  defaultSlaDays,
  type Client,
  type ClientChanges,
  type NewClient,
} from '../../../shared/domain/fleet';
import { AppError } from '../../../shared/errors';
import { appendAudit } from '../audit/audit-log';
import type { EngineContext } from '../engine-context';
import {
  deleteClientRow,
  findClientById,
  findClientByName,
  insertClient,
  listClients,
  updateClientRow,
} from '../db/repositories/clients';
import { countDevicesOfClient } from '../db/repositories/devices';

/** The technician's clients: each with its own time zone and SLA. */
export interface ClientService {
  list(): Client[];
  get(id: number): Client;
  /** Resolve a client the way a technician names it on the command line (name, or numeric id). */
  resolve(nameOrId: string): Client;
  add(input: NewClient): Client;
  update(changes: ClientChanges): Client;
  remove(id: number): void;
}

const countOf = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function createClientService(context: EngineContext): ClientService {
  const { database, clock, actor } = context;

  const get = (id: number): Client => {
    const client = findClientById(database, id);
    if (!client) throw new AppError('not-found', `There is no client with id ${id}.`, 'id');
    return client;
  };

  const assertNameFree = (name: string, exceptId: number | null) => {
    const existing = findClientByName(database, name);
    if (existing && existing.id !== exceptId) {
      throw new AppError('conflict', `A client named '${existing.name}' already exists.`, 'name');
    }
  };

  return {
    list: () => listClients(database),
    get,
    resolve(nameOrId) {
      const client =
        findClientByName(database, nameOrId) ??
        (/^\d+$/.test(nameOrId) ? findClientById(database, Number(nameOrId)) : null);
      if (!client) throw new AppError('not-found', `Unknown client '${nameOrId}'.`, 'client');
      return client;
    },
    add(input) {
      return database.transaction(() => {
        assertNameFree(input.name, null);
        const now = clock.now();
        const id = insertClient(database, {
          name: input.name,
          timeZone: input.timeZone,
          slaDays: input.slaDays ?? defaultSlaDays,
          createdAt: now.toISOString(),
        });
        appendAudit(database, now, actor, {
          action: 'client.added',
          subjectType: 'client',
          subjectId: id,
          subjectName: input.name,
          details: { timeZone: input.timeZone, slaDays: input.slaDays ?? defaultSlaDays },
        });
        return get(id);
      });
    },
    update(changes) {
      return database.transaction(() => {
        const before = get(changes.id);
        const after = {
          name: changes.name ?? before.name,
          timeZone: changes.timeZone ?? before.timeZone,
          slaDays: changes.slaDays ?? before.slaDays,
        };
        if (changes.name !== undefined) assertNameFree(changes.name, before.id);
        updateClientRow(database, before.id, after);
        appendAudit(database, clock.now(), actor, {
          action: 'client.updated',
          subjectType: 'client',
          subjectId: before.id,
          subjectName: after.name,
          details: {
            before: { name: before.name, timeZone: before.timeZone, slaDays: before.slaDays },
            after,
          },
        });
        return get(before.id);
      });
    },
    remove(id) {
      database.transaction(() => {
        const client = get(id);
        const devices = countDevicesOfClient(database, id);
        if (devices.managed > 0) {
          throw new AppError(
            'conflict',
            `Client '${client.name}' still has ${countOf(devices.managed, 'device')}: remove them first.`,
          );
        }
        // The client's list says 0 devices then, so name the retired ones that still hold it.
        if (devices.retired > 0) {
          throw new AppError(
            'conflict',
            `Client '${client.name}' still has ${countOf(devices.retired, 'retired device')}, kept for its ` +
              'history: remove them first.',
          );
        }
        deleteClientRow(database, id);
        appendAudit(database, clock.now(), actor, {
          action: 'client.removed',
          subjectType: 'client',
          subjectId: id,
          subjectName: client.name,
          details: {},
        });
      });
    },
  };
}
