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
  findDeviceById,
  findDevicesByName,
  insertDevice,
  listDevices,
  replaceDeviceTags,
  updateDeviceRow,
  type DeviceQuery,
  type DeviceRecord,
  type DeviceRowValues,
} from '../db/repositories/devices';
import { findClientById } from '../db/repositories/clients';
import type { EngineContext } from '../engine-context';
import type { SealedSecret } from '../vault/secret-vault';
import { secretStorageOf } from '../vault/secret-storage';

/** The devices Patchdeck manages. Passwords are sealed by the vault before they reach the database. */
export interface DeviceService {
  list(query?: DeviceQuery): Device[];
  get(id: number): Device;
  /** Resolve a device as a technician names it: `name`, `client/name` when names repeat, or numeric id. */
  resolve(reference: string): Device;
  add(input: NewDevice): Promise<Device>;
  update(changes: DeviceChanges): Promise<Device>;
  remove(id: number): void;
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

function describeForAudit(device: Device) {
  return {
    host: device.host,
    port: device.port,
    user: device.user,
    auth: device.auth.kind,
    sudo: device.sudo,
    ring: device.ring,
    tags: device.tags,
    client: device.clientName,
  };
}

export function createDeviceService(context: EngineContext): DeviceService {
  const { database, vault, clock, actor } = context;

  const getRecord = (id: number): DeviceRecord => {
    const device = findDeviceById(database, id);
    if (!device) throw new AppError('not-found', `There is no device with id ${id}.`, 'id');
    return device;
  };

  const assertPlacement = (clientId: number, name: string, exceptId: number | null) => {
    const client = findClientById(database, clientId);
    if (!client) throw new AppError('not-found', `There is no client with id ${clientId}.`, 'clientId');
    const clash = findDevicesByName(database, name).find(
      (device) => device.clientId === clientId && device.id !== exceptId,
    );
    if (clash) {
      throw new AppError(
        'conflict',
        `Client '${client.name}' already has a device named '${clash.name}'.`,
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
    get: (id) => publicDevice(getRecord(id)),
    resolve(reference) {
      const slash = reference.lastIndexOf('/');
      const clientName = slash > 0 ? reference.slice(0, slash) : null;
      const name = slash > 0 ? reference.slice(slash + 1) : reference;
      let matches = findDevicesByName(database, name);
      if (clientName)
        matches = matches.filter((device) => device.clientName.toLowerCase() === clientName.toLowerCase());
      if (matches.length === 0 && /^\d+$/.test(reference)) {
        const byId = findDeviceById(database, Number(reference));
        if (byId) matches = [byId];
      }
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
