import type { PatchdeckApi } from '../../shared/ipc/api';
import { channelNames, type Channel, type EventName } from '../../shared/ipc/channel-names';
import type { Result } from '../../shared/result';
import { BRIDGE_SOCKET_PATH, type BridgeMessage, type BridgeRequest } from './bridge-protocol';

/**
 * Runs in the page, before the app: defines `window.patchdeck` with one function per channel of the contract,
 * exactly as the preload does, but carried over a WebSocket to the test bridge instead of Electron IPC.
 */
function createBridgeApi(): PatchdeckApi {
  const socket = new WebSocket(`ws://${window.location.host}${BRIDGE_SOCKET_PATH}`);
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  // Calls made before the socket opens wait here rather than fail: the app calls as soon as it renders.
  const queued: string[] = [];
  let nextId = 1;

  socket.addEventListener('open', () => {
    for (const message of queued.splice(0)) socket.send(message);
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as BridgeMessage;
    if (message.kind === 'answer') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    }
  });
  socket.addEventListener('close', () => {
    // The app must see a failure it can show, never a promise that hangs.
    for (const [id, settle] of pending) {
      settle({ ok: false, error: { code: 'unexpected', message: 'The connection to the engine was lost.' } });
      pending.delete(id);
    }
  });

  const send = (channel: Channel, request: unknown) =>
    new Promise<Result<unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      const message = JSON.stringify({ id, channel, request } satisfies BridgeRequest);
      if (socket.readyState === WebSocket.OPEN) socket.send(message);
      else queued.push(message);
    });

  const api: Record<string, unknown> = {
    on(event: EventName, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => void set.delete(listener);
    },
  };
  for (const channel of channelNames) api[channel] = (request: unknown) => send(channel, request ?? {});
  return Object.freeze(api) as PatchdeckApi;
}

Object.defineProperty(window, 'patchdeck', { value: createBridgeApi(), enumerable: true });
