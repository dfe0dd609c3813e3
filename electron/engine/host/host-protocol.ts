import type { AppErrorShape } from '../../../shared/errors';
import type { Channel, EventName } from '../../../shared/ipc/channel-names';
import type { Result } from '../../../shared/result';
import type { SealedSecret, VaultStatus } from '../vault/secret-vault';

/**
 * Messages between Electron main and the engine's utility process. Main has already checked the sender and
 * parsed the request; the engine host only calls. The vault lives in main (safeStorage is main-only), so the
 * host asks main to seal and open secrets.
 */
export type MainToHost =
  | { readonly type: 'start'; readonly dbPath: string; readonly nativeBinding: string | null; readonly version: string; readonly vaultStatus: VaultStatus }
  | { readonly type: 'call'; readonly id: number; readonly channel: Channel; readonly request: unknown }
  | { readonly type: 'vault-answer'; readonly id: number; readonly result: Result<unknown> };

export type HostToMain =
  | { readonly type: 'ready' }
  | { readonly type: 'start-failed'; readonly error: AppErrorShape }
  | { readonly type: 'answer'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: EventName; readonly payload: unknown }
  | { readonly type: 'vault-seal'; readonly id: number; readonly secret: string }
  | { readonly type: 'vault-open'; readonly id: number; readonly sealed: SealedSecret };
