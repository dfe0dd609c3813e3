import { create } from 'zustand';
import type { DeviceCredential, StoredSecretKind } from '../../../shared/domain/credentials';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

interface CredentialsState {
  readonly credentials: readonly DeviceCredential[];
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly loadError: string | null;
  load(): Promise<void>;
  /** Store a new login or sudo password for the device; the refusal sentence, or null when stored. */
  replace(credential: DeviceCredential, secret: StoredSecretKind, password: string): Promise<string | null>;
  /** Erase a stored password; the refusal sentence, or null when gone. */
  forget(credential: DeviceCredential, secret: StoredSecretKind): Promise<string | null>;
}

const toast = () => useToastStore.getState();
const what = (secret: StoredSecretKind) => (secret === 'password' ? 'Login password' : 'Sudo password');

/** How Patchdeck signs in to each device and where its passwords live; the secrets themselves never come here. */
export const useCredentialsStore = create<CredentialsState>()((set, get) => ({
  credentials: [],
  status: 'idle',
  loadError: null,
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    const result = await call('credential:list', {});
    set(
      result.ok
        ? { credentials: result.value, status: 'ready', loadError: null }
        : { status: 'failed', loadError: result.error.message },
    );
  },
  async replace(credential, secret, password) {
    const result = await call(
      'device:update',
      secret === 'password'
        ? { id: credential.deviceId, auth: { kind: 'password', password } }
        : { id: credential.deviceId, sudoPassword: password },
    );
    if (!result.ok) return result.error.message;
    toast().show('success', `${what(secret)} for ${credential.deviceName} replaced.`);
    await get().load();
    return null;
  },
  async forget(credential, secret) {
    const result = await call('credential:forget', { deviceId: credential.deviceId, secret });
    if (!result.ok) return result.error.message;
    toast().show('success', `${what(secret)} for ${credential.deviceName} forgotten.`);
    await get().load();
    return null;
  },
}));
