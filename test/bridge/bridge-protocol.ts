import type { Channel, EventName } from '../../shared/ipc/channel-names';
import type { Result } from '../../shared/result';

/** Page → bridge: one channel call; `id` pairs it with its answer. */
export interface BridgeRequest {
  readonly id: number;
  readonly channel: Channel;
  readonly request: unknown;
}

/** Bridge → page: the Result of a call, or an engine event. */
export type BridgeMessage =
  | { readonly kind: 'answer'; readonly id: number; readonly result: Result<unknown> }
  | { readonly kind: 'event'; readonly event: EventName; readonly payload: unknown };

/** Where the page finds the bridge's WebSocket, relative to the page's own origin. */
export const BRIDGE_SOCKET_PATH = '/__bridge/socket';
export const BRIDGE_CLIENT_PATH = '/__bridge/client.js';
