import fs from 'node:fs';
import type { DeviceCredential, StoredSecretKind } from '../../../shared/domain/credentials';
import type { Device, DeviceAuthInput, DeviceChanges, NewDevice } from '../../../shared/domain/fleet';
import { AppError } from '../../../shared/errors';
import { appendAudit } from '../audit/audit-log';
import type { Database } from '../db/database';
import {
  checkpointAfterErasing,
  deleteCredential,
  findCredential,
  insertCredential,
  listDeviceCredentialRows,
} from '../db/repositories/credentials';
import {
  deleteDeviceRow,
  dropDevicePriorities,
  findDeviceOrRetiredById,
  findDevicesByName,
  insertDevice,
  listDevices,
  listUnfinishedJobsOfDevice,
  replaceDeviceTags,
  setDeviceRetiredAt,
  updateDeviceRow,
  type DeviceQuery,
  type DeviceRecord,
  type DeviceRowValues,
} from '../db/repositories/devices';
import { findClientById } from '../db/repositories/clients';
import type { EngineContext } from '../engine-context';
import { forgetRemovedDevice } from '../policy/removed-device';
import type { SealedSecret } from '../vault/secret-vault';
import { secretStorageOf } from '../vault/secret-storage';

/** The devices Patchdeck manages. Passwords are sealed by the vault before they reach the database. */
export interface DeviceService {
  /** Managed devices; retired ones too, or only them, when the query asks. */
  list(query?: DeviceQuery): Device[];
  /**
   * A device to work on: AppError 'conflict' naming it when it is retired, so nothing scans or patches it. With
   * `withRetired`, a device to look at, managed or retired: for read-only views (its page, its history).
   */
  get(id: number, options?: { readonly withRetired?: boolean }): Device;
  /**
   * Resolve a device as a technician names it: `name`, `client/name` when names repeat, or numeric id. A managed
   * device wins over retired ones of the same name; a retired one is refused (as `get` does) unless `withRetired`.
   */
  resolve(reference: string, options?: { readonly withRetired?: boolean }): Device;
  add(input: NewDevice): Promise<Device>;
  /** Also for a retired device: renaming it frees its name for a replacement. */
  update(changes: DeviceChanges): Promise<Device>;
  remove(id: number): void;
  /**
   * Stop managing a decommissioned device but keep it, with its scans, jobs and audit trail, for past periods'
   * reports. Refused while a job that includes it is queued or running; retiring a retired device changes nothing.
   */
  retire(id: number): Device;
  /** Manage a retired device again; reinstating a managed device changes nothing. */
  reinstate(id: number): Device;
  /** The device's login secrets, opened, for the SSH layer only. */
  secrets(id: number): Promise<{ password: string | null; sudoPassword: string | null }>;
  /** Every device's sign-in and where its passwords live, for Settings: never a secret. */
  credentials(): DeviceCredential[];
  /** Erase a device's stored login or sudo password from the database (replace it with update). */
  forgetSecret(deviceId: number, secret: StoredSecretKind): void;
}

/** What the renderer may see of a device: never the credential references. */
function publicDevice(record: DeviceRecord): Device {
  const { passwordCredentialId: _password, sudoCredentialId: _sudo, ...device } = record;
  return device;
}

function assertKeyReadable(auth: DeviceAuthInput): void {
  if (auth.kind !== 'key') return;
  try {
    fs.accessSync(auth.keyPath, fs.constants.R_OK);
  } catch {
    throw new AppError('invalid-input', `The key file ${auth.keyPath} cannot be read.`, 'auth.keyPath');
  }
}

/** The day (UTC) a device was retired, as messages name it. */
function retiredDay(device: Device): string {
  return (device.retiredAt ?? '').slice(0, 10);
}

function retiredError(device: Device): AppError {
  return new AppError(
    'conflict',
    `Device '${device.clientName}/${device.name}' is retired (since ${retiredDay(device)}): reinstate it to scan, ` +
      'patch or plan it again.',
    'id',
  );
}

/**
 * What the audit trail keeps of a device: everything a technician can change, so before and after show it, and
 * its client by id as well as by name (a name can pass to another client; the reports place a removed device by id).
 */
function describeForAudit(device: Device) {
  return {
    name: device.name,
    host: device.host,
    port: device.port,
    user: device.user,
    auth: device.auth.kind,
    keyPath: device.auth.kind === 'key' ? device.auth.keyPath : null,
    sudo: device.sudo,
    ring: device.ring,
    tags: device.tags,
    client: device.clientName,
    clientId: device.clientId,
  };
}

export function createDeviceService(context: EngineContext): DeviceService {
  const { database, vault, clock, actor } = context;

  /** A device whether it is managed or retired: for what may still be done to a retired one. */
  const getRecord = (id: number): DeviceRecord => {
    const device = findDeviceOrRetiredById(database, id);
    if (!device) throw new AppError('not-found', `There is no device with id ${id}.`, 'id');
    return device;
  };

  const getManagedRecord = (id: number): DeviceRecord => {
    const device = getRecord(id);
    if (device.retiredAt !== null) throw retiredError(device);
    return device;
  };

  const assertPlacement = (clientId: number, name: string, exceptId: number | null) => {
    const client = findClientById(database, clientId);
    if (!client) throw new AppError('not-found', `There is no client with id ${clientId}.`, 'clientId');
    // A retired device keeps its name: the table's UNIQUE (client_id, name) holds it, and changing that would take
    // a migration. Its name in past reports stays right; renaming the retired device frees the name.
    const clash = findDevicesByName(database, name, { withRetired: true }).find(
      (device) => device.clientId === clientId && device.id !== exceptId,
    );
    if (clash?.retiredAt === null) {
      throw new AppError(
        'conflict',
        `Client '${client.name}' already has a device named '${clash.name}'.`,
        'name',
      );
    }
    if (clash) {
      throw new AppError(
        'conflict',
        `Client '${client.name}' has a retired device named '${clash.name}' (retired ${retiredDay(clash)}): ` +
          'rename or remove the retired device to reuse its name, or reinstate it.',
        'name',
      );
    }
  };

  // Seal outside the transaction (the vault may be another process), store inside it.
  const sealIfGiven = async (secret: string | null | undefined): Promise<SealedSecret | null> =>
    secret ? vault.seal(secret) : null;

  const storeCredential = (sealed: SealedSecret | null): number | null =>
    sealed ? insertCredential(database, sealed, clock.now().toISOString()) : null;

  return {
    list: (query) => listDevices(database, query).map(publicDevice),
    get: (id, options = {}) => publicDevice(options.withRetired ? getRecord(id) : getManagedRecord(id)),
    resolve(reference, options = {}) {
      const slash = reference.lastIndexOf('/');
      const clientName = slash > 0 ? reference.slice(0, slash) : null;
      const name = slash > 0 ? reference.slice(slash + 1) : reference;
      let matches = findDevicesByName(database, name, { withRetired: true });
      if (clientName)
        matches = matches.filter((device) => device.clientName.toLowerCase() === clientName.toLowerCase());
      if (matches.length === 0 && /^\d+$/.test(reference)) {
        const byId = findDeviceOrRetiredById(database, Number(reference));
        if (byId) matches = [byId];
      }
      // web-01 names the managed web-01 when another client's web-01 is retired, as it did before retirement.
      const managed = matches.filter((device) => device.retiredAt === null);
      if (managed.length > 0) matches = managed;
      const [only, ...others] = matches;
      if (!only) throw new AppError('not-found', `Unknown device '${reference}'.`, 'device');
      if (others.length > 0) {
        const names = matches.map((device) => `${device.clientName}/${device.name}`).join(', ');
        throw new AppError(
          'invalid-input',
          `Device name '${reference}' is used by several clients (${names}): name it as client/device.`,
          'device',
        );
      }
      if (!options.withRetired && only.retiredAt !== null) throw retiredError(only);
      return publicDevice(only);
    },
    async add(input) {
      assertPlacement(input.clientId, input.name, null);
      assertKeyReadable(input.auth);
      const password = await sealIfGiven(input.auth.kind === 'password' ? input.auth.password : null);
      const sudoPassword = await sealIfGiven(input.sudoPassword);
      return database.transaction(() => {
        assertPlacement(input.clientId, input.name, null);
        const values: DeviceRowValues = {
          clientId: input.clientId,
          name: input.name,
          host: input.host,
          port: input.port,
          user: input.user,
          authKind: input.auth.kind,
          keyPath: input.auth.kind === 'key' ? input.auth.keyPath : null,
          passwordCredentialId: storeCredential(password),
          sudo: input.sudo,
          sudoCredentialId: storeCredential(sudoPassword),
          ring: input.ring,
        };
        const now = clock.now();
        const id = insertDevice(database, values, now.toISOString());
        replaceDeviceTags(database, id, input.tags);
        const device = publicDevice(getRecord(id));
        appendAudit(database, now, actor, {
          action: 'device.added',
          subjectType: 'device',
          subjectId: id,
          subjectName: device.name,
          details: describeForAudit(device),
        });
        return device;
      });
    },
    async update(changes) {
      const before = getRecord(changes.id);
      const name = changes.name ?? before.name;
      assertPlacement(before.clientId, name, before.id);
      if (changes.auth) assertKeyReadable(changes.auth);
      const newPassword = await sealIfGiven(changes.auth?.kind === 'password' ? changes.auth.password : null);
      const newSudoPassword = await sealIfGiven(changes.sudoPassword);
      return database.transaction(() => {
        assertPlacement(before.clientId, name, before.id);
        const auth = changes.auth ?? before.auth;
        const keepsPassword = auth.kind === 'password' && !newPassword;
        const values: DeviceRowValues = {
          clientId: before.clientId,
          name,
          host: changes.host ?? before.host,
          port: changes.port ?? before.port,
          user: changes.user ?? before.user,
          authKind: auth.kind,
          keyPath: auth.kind === 'key' ? auth.keyPath : null,
          passwordCredentialId: keepsPassword ? before.passwordCredentialId : storeCredential(newPassword),
          sudo: changes.sudo ?? before.sudo,
          sudoCredentialId:
            changes.sudoPassword === null
              ? null
              : (storeCredential(newSudoPassword) ?? before.sudoCredentialId),
          ring: changes.ring ?? before.ring,
        };
        if (auth.kind === 'password' && values.passwordCredentialId === null) {
          throw new AppError('invalid-input', 'A password login needs the password.', 'auth.password');
        }
        updateDeviceRow(database, before.id, values);
        if (changes.tags) replaceDeviceTags(database, before.id, changes.tags);
        dropUnusedCredentials(database, [before.passwordCredentialId, before.sudoCredentialId], values);
        const after = publicDevice(getRecord(before.id));
        appendAudit(database, clock.now(), actor, {
          action: 'device.updated',
          subjectType: 'device',
          subjectId: before.id,
          subjectName: after.name,
          details: {
            before: describeForAudit(before),
            after: describeForAudit(after),
            passwordChanged: Boolean(newPassword),
            sudoPasswordChanged: changes.sudoPassword !== undefined,
          },
        });
        return after;
      });
    },
    remove(id) {
      database.transaction(() => {
        const device = getRecord(id);
        forgetRemovedDevice(database, device, clock.now(), actor);
        deleteDeviceRow(database, id);
        dropUnusedCredentials(database, [device.passwordCredentialId, device.sudoCredentialId], null);
        appendAudit(database, clock.now(), actor, {
          action: 'device.removed',
          subjectType: 'device',
          subjectId: id,
          subjectName: device.name,
          details: describeForAudit(device),
        });
      });
    },
    retire(id) {
      return database.transaction(() => {
        const device = getRecord(id);
        if (device.retiredAt !== null) return publicDevice(device);
        const jobs = listUnfinishedJobsOfDevice(database, id);
        if (jobs.length > 0) {
          throw new AppError(
            'conflict',
            `Device '${device.clientName}/${device.name}' is in ${jobs.length === 1 ? 'job' : 'jobs'} ` +
              `${jobs.join(', ')}, not finished yet: wait for it or cancel it, then retire the device.`,
            'id',
          );
        }
        const now = clock.now();
        setDeviceRetiredAt(database, id, now.toISOString());
        dropDevicePriorities(database, id);
        appendAudit(database, now, actor, {
          action: 'device.retired',
          subjectType: 'device',
          subjectId: id,
          subjectName: device.name,
          details: describeForAudit(device),
        });
        return publicDevice(getRecord(id));
      });
    },
    reinstate(id) {
      return database.transaction(() => {
        const device = getRecord(id);
        if (device.retiredAt === null) return publicDevice(device);
        const now = clock.now();
        setDeviceRetiredAt(database, id, null);
        appendAudit(database, now, actor, {
          action: 'device.reinstated',
          subjectType: 'device',
          subjectId: id,
          subjectName: device.name,
          details: { ...describeForAudit(device), retiredAt: device.retiredAt },
        });
        return publicDevice(getRecord(id));
      });
    },
    async secrets(id) {
      const device = getRecord(id);
      const open = async (credentialId: number | null) => {
        const sealed = credentialId === null ? null : findCredential(database, credentialId);
        return sealed ? vault.open(sealed) : null;
      };
      const password = await open(device.passwordCredentialId);
      return { password, sudoPassword: (await open(device.sudoCredentialId)) ?? password };
    },
    credentials() {
      const status = vault.status();
      return listDeviceCredentialRows(database).map(({ passwordScheme, sudoScheme, ...row }) => ({
        ...row,
        password: passwordScheme === null ? null : secretStorageOf(passwordScheme, status),
        sudoPassword: sudoScheme === null ? null : secretStorageOf(sudoScheme, status),
      }));
    },
    forgetSecret(deviceId, secret) {
      database.transaction(() => {
        const device = getRecord(deviceId);
        const credentialId = secret === 'password' ? device.passwordCredentialId : device.sudoCredentialId;
        const what = secret === 'password' ? 'login password' : 'sudo password';
        if (credentialId === null)
          throw new AppError('not-found', `No ${what} is stored for ${device.name}.`, 'secret');
        // The device's reference goes with it (ON DELETE SET NULL).
        deleteCredential(database, credentialId);
        appendAudit(database, clock.now(), actor, {
          action: 'device.secret-forgotten',
          subjectType: 'device',
          subjectId: device.id,
          subjectName: device.name,
          details: { secret },
        });
      });
      checkpointAfterErasing(database);
    },
  };
}

/** Remove sealed secrets that the device no longer references. */
function dropUnusedCredentials(
  database: Database,
  previous: readonly (number | null)[],
  now: Pick<DeviceRowValues, 'passwordCredentialId' | 'sudoCredentialId'> | null,
): void {
  for (const id of previous) {
    if (id !== null && id !== now?.passwordCredentialId && id !== now?.sudoCredentialId)
      deleteCredential(database, id);
  }
}
