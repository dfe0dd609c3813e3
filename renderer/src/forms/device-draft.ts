import { DeviceInput, DeviceUpdate, rings, type Device, type Ring } from '../../../shared/domain/fleet';
import type { Checked } from './client-draft';
import { errorsFromIssues } from './field-errors';

export const authKinds = ['key', 'password', 'agent'] as const;
export type AuthKind = (typeof authKinds)[number];

/** The device form as typed. Secrets are only ever typed in, never read back from the engine. */
export interface DeviceDraft {
  readonly clientId: string;
  readonly name: string;
  readonly host: string;
  readonly port: string;
  readonly user: string;
  readonly authKind: AuthKind;
  readonly keyPath: string;
  readonly password: string;
  readonly sudo: boolean;
  readonly sudoPassword: string;
  readonly tags: string;
  readonly ring: Ring;
}

export const deviceFields = [
  'clientId',
  'name',
  'host',
  'port',
  'user',
  'authKind',
  'keyPath',
  'password',
  'sudo',
  'sudoPassword',
  'tags',
  'ring',
] as const;
export type DeviceField = (typeof deviceFields)[number];

/** Engine paths that differ from the form's field names. */
export const deviceAliases: Readonly<Record<string, DeviceField>> = {
  'auth.keyPath': 'keyPath',
  'auth.password': 'password',
  auth: 'authKind',
};

export function emptyDeviceDraft(clientId: number | null): DeviceDraft {
  return {
    clientId: clientId === null ? '' : String(clientId),
    name: '',
    host: '',
    port: '22',
    user: '',
    authKind: 'key',
    keyPath: '',
    password: '',
    sudo: false,
    sudoPassword: '',
    tags: '',
    ring: 'broad',
  };
}

export function deviceDraftFrom(device: Device): DeviceDraft {
  return {
    clientId: String(device.clientId),
    name: device.name,
    host: device.host,
    port: String(device.port),
    user: device.user,
    authKind: device.auth.kind,
    keyPath: device.auth.kind === 'key' ? device.auth.keyPath : '',
    password: '',
    sudo: device.sudo,
    sudoPassword: '',
    tags: device.tags.join(', '),
    ring: device.ring,
  };
}

/** Tags as a technician types them: separated by commas or spaces, repeats dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((tag) => tag !== ''))];
}

function authOf(draft: DeviceDraft) {
  switch (draft.authKind) {
    case 'key':
      return { kind: 'key' as const, keyPath: draft.keyPath };
    case 'password':
      return { kind: 'password' as const, password: draft.password };
    case 'agent':
      return { kind: 'agent' as const };
  }
}

/**
 * Password logins fall back to their password for sudo, so the form asks only key and agent logins; a password
 * login's separate sudo password is set in Settings → Credentials.
 */
export function asksSudoPassword(draft: DeviceDraft): boolean {
  return draft.sudo && draft.authKind !== 'password';
}

function common(draft: DeviceDraft) {
  return {
    name: draft.name,
    host: draft.host,
    // An empty port means the SSH default, as in ssh's own config.
    port: draft.port.trim() === '' ? 22 : draft.port.trim(),
    user: draft.user,
    sudo: draft.sudo,
    tags: parseTags(draft.tags),
    ring: rings.includes(draft.ring) ? draft.ring : 'broad',
  };
}

/** The request to add this device, or every field's problem. */
export function deviceInputFrom(draft: DeviceDraft): Checked<DeviceInput, DeviceField> {
  const parsed = DeviceInput.safeParse({
    clientId: draft.clientId === '' ? undefined : Number(draft.clientId),
    ...common(draft),
    auth: authOf(draft),
    ...(asksSudoPassword(draft) && draft.sudoPassword !== '' ? { sudoPassword: draft.sudoPassword } : {}),
  });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: errorsFromIssues(parsed.error.issues, deviceFields, deviceAliases) };
}

/**
 * The request to change a device. A password login keeps its stored password when the password field is left
 * empty. The stored sudo password is dropped only when sudo is turned off and replaced only when one is typed:
 * the form never shows a password login's sudo password (set in Settings), so an edit must not touch it.
 */
export function deviceUpdateFrom(before: Device, draft: DeviceDraft): Checked<DeviceUpdate, DeviceField> {
  const keepsPassword =
    draft.authKind === 'password' && before.auth.kind === 'password' && draft.password === '';
  // A change of login kind leaves the sudo password alone: it belongs to the account on the device, not to how
  // Patchdeck signs in, and Settings → Credentials can still forget it.
  const sudoPassword =
    before.sudo && !draft.sudo
      ? null
      : asksSudoPassword(draft) && draft.sudoPassword !== ''
        ? draft.sudoPassword
        : undefined;
  const parsed = DeviceUpdate.safeParse({
    id: before.id,
    ...common(draft),
    ...(keepsPassword ? {} : { auth: authOf(draft) }),
    ...(sudoPassword !== undefined ? { sudoPassword } : {}),
  });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: errorsFromIssues(parsed.error.issues, deviceFields, deviceAliases) };
}
