import type { PatchdeckApi } from '../../../shared/ipc/api';
import type { Channel, EventName, EventPayload, RequestInput, Response } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';

declare global {
  interface Window {
    readonly patchdeck?: PatchdeckApi;
  }
}

/** The preload (or the test bridge) must have defined window.patchdeck before the app starts. */
function bridge(): PatchdeckApi {
  const api = window.patchdeck;
  if (!api) throw new Error('window.patchdeck is missing: the renderer was started without its preload.');
  return api;
}

/**
 * The only door to the engine. Stores call this; components never do. The engine answers with a Result, so an
 * expected failure (bad input, conflict) is a value the store can put next to a form field.
 */
export function call<C extends Channel>(channel: C, request: RequestInput<C>): Promise<Result<Response<C>>> {
  // The index signature loses the channel correlation, so the cast restores what PatchdeckApi already promises.
  const send = bridge()[channel] as (request: RequestInput<C>) => Promise<Result<Response<C>>>;
  return send(request);
}

/** Subscribe to an engine event; returns the unsubscribe. Only start-up code subscribes. */
export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return bridge().on(event, listener);
}
