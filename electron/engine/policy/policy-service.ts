import {
  PolicyInput,
  PolicyUpdate,
  type NewPolicy,
  type Policy,
  type PolicyDraftWindows,
  type WindowOccurrenceView,
} from '../../../shared/domain/policies';
import { AppError } from '../../../shared/errors';
import { appendAudit } from '../audit/audit-log';
import { findClientById } from '../db/repositories/clients';
import { findDeviceById, listDevices } from '../db/repositories/devices';
import {
  deletePolicyRow,
  findPolicyRowById,
  findPolicyRowByName,
  insertPolicy,
  listPolicyRows,
  updatePolicyRow,
  type PolicyRow,
  type PolicyRowValues,
} from '../db/repositories/policies';
import type { EngineContext } from '../engine-context';
import { parseInput } from '../api/parse-input';
import { checkTimeZone, formatWindowSpec, occurrencesBetween, parseWindowSpec } from './windows';

const DAY_MS = 86_400_000;

/** Automation profiles: what gets patched on which devices, when, and how. Every change is audited. */
export interface PolicyService {
  list(): Policy[];
  get(id: number): Policy;
  /** A policy as a technician names it: its name, or numeric id. */
  resolve(nameOrId: string): Policy;
  add(input: PolicyInput): Policy;
  update(input: PolicyUpdate): Policy;
  remove(id: number): void;
  /** The next window occurrences of a policy, for the calendar preview. */
  preview(id: number, from: Date, days: number): WindowOccurrenceView[];
  /** The same for a policy still being edited, so the calendar follows the technician's typing. */
  previewDraft(draft: PolicyDraftWindows, from: Date, days: number): WindowOccurrenceView[];
}

/** Every occurrence of the windows (read in the zone) from `from` for `days`, soonest first. */
function occurrencesOf(
  windows: readonly string[],
  zone: string,
  from: Date,
  days: number,
): WindowOccurrenceView[] {
  const to = new Date(from.getTime() + days * DAY_MS);
  return windows
    .flatMap((window) =>
      occurrencesBetween(parseWindowSpec(window), zone, from, to).map((occurrence) => ({
        window,
        start: occurrence.start.toISOString(),
        end: occurrence.end.toISOString(),
        key: occurrence.key,
      })),
    )
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** Rebuild the policy a row stores; the settings JSON is checked with the same schema as the input. */
export function policyFromRow(row: PolicyRow): Policy {
  const settings = PolicyInput.omit({ name: true, clientId: true, timeZone: true, enabled: true }).parse(
    JSON.parse(row.settings),
  );
  return {
    id: row.id,
    name: row.name,
    clientId: row.clientId,
    clientName: row.clientName,
    ...settings,
    timeZone: row.timeZone,
    effectiveTimeZone: row.timeZone ?? row.clientTimeZone,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createPolicyService(context: EngineContext): PolicyService {
  const { database, clock, actor } = context;

  const get = (id: number): Policy => {
    const row = findPolicyRowById(database, id);
    if (!row) throw new AppError('not-found', `There is no policy with id ${id}.`, 'id');
    return policyFromRow(row);
  };

  /** Check what the schema cannot: the client, its devices and tags exist; windows and zone read. */
  const checked = (policy: NewPolicy, exceptId: number | null): PolicyRowValues => {
    const client = findClientById(database, policy.clientId);
    if (!client)
      throw new AppError('not-found', `There is no client with id ${policy.clientId}.`, 'clientId');
    const clash = findPolicyRowByName(database, policy.name);
    if (clash && clash.id !== exceptId)
      throw new AppError('conflict', `A policy named '${clash.name}' already exists.`, 'name');
    for (const deviceId of policy.scope.deviceIds) {
      const device = findDeviceById(database, deviceId);
      if (!device)
        throw new AppError('not-found', `There is no device with id ${deviceId}.`, 'scope.deviceIds');
      if (device.clientId !== client.id)
        throw new AppError(
          'invalid-input',
          `Device '${device.name}' belongs to client '${device.clientName}', not '${client.name}'.`,
          'scope.deviceIds',
        );
    }
    if (policy.scope.tags.length > 0) {
      const known = new Set(
        listDevices(database, { clientId: client.id }).flatMap((d) => d.tags.map((t) => t.toLowerCase())),
      );
      const unknown = policy.scope.tags.find((tag) => !known.has(tag.toLowerCase()));
      if (unknown !== undefined)
        throw new AppError(
          'not-found',
          `No device of client '${client.name}' has the tag '${unknown}'.`,
          'scope.tags',
        );
    }
    const windows = policy.windows.map((text) => formatWindowSpec(parseWindowSpec(text)));
    const timeZone = policy.timeZone === null ? null : checkTimeZone(policy.timeZone);
    const { name, clientId, timeZone: _zone, enabled, ...settings } = policy;
    return { name, clientId, timeZone, enabled, settings: { ...settings, windows } };
  };

  const audit = (action: string, policy: Policy, details: Record<string, unknown>) =>
    appendAudit(database, clock.now(), actor, {
      action,
      subjectType: 'policy',
      subjectId: policy.id,
      subjectName: policy.name,
      details,
    });

  const describe = (policy: Policy) => {
    const { id: _id, createdAt: _created, updatedAt: _updated, clientName: _client, ...rest } = policy;
    return rest;
  };

  return {
    list: () => listPolicyRows(database).map(policyFromRow),
    get,
    resolve(nameOrId) {
      const row =
        findPolicyRowByName(database, nameOrId) ??
        (/^\d+$/.test(nameOrId) ? findPolicyRowById(database, Number(nameOrId)) : null);
      if (!row) throw new AppError('not-found', `Unknown policy '${nameOrId}'.`, 'policy');
      return policyFromRow(row);
    },
    add(input) {
      const policy = parseInput(PolicyInput, input);
      return database.transaction(() => {
        const values = checked(policy, null);
        const id = insertPolicy(database, values, clock.now().toISOString());
        const added = get(id);
        audit('policy.added', added, describe(added));
        return added;
      });
    },
    update(input) {
      const changes = parseInput(PolicyUpdate, input);
      return database.transaction(() => {
        const before = get(changes.id);
        const merged = parseInput(PolicyInput, { ...before, ...stripUndefined(changes) });
        updatePolicyRow(database, before.id, checked(merged, before.id), clock.now().toISOString());
        const after = get(before.id);
        audit('policy.updated', after, { before: describe(before), after: describe(after) });
        return after;
      });
    },
    remove(id) {
      database.transaction(() => {
        const policy = get(id);
        deletePolicyRow(database, id);
        audit('policy.removed', policy, describe(policy));
      });
    },
    preview(id, from, days) {
      const policy = get(id);
      return occurrencesOf(policy.windows, policy.effectiveTimeZone, from, days);
    },
    previewDraft(draft, from, days) {
      const client = findClientById(database, draft.clientId);
      if (!client)
        throw new AppError('not-found', `There is no client with id ${draft.clientId}.`, 'clientId');
      const zone = draft.timeZone === null ? client.timeZone : checkTimeZone(draft.timeZone);
      return occurrencesOf(draft.windows, zone, from, days);
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
