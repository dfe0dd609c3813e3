import type { Result } from '../result';
import type { Channel, EventName, EventPayload, RequestInput, Response } from './contract';

/**
 * `window.patchdeck`: one function per channel, and `on` for events (returns the unsubscribe). The preload and
 * the test bridge both build exactly this shape from the channel list.
 */
export type PatchdeckApi = {
  readonly [C in Channel]: (request: RequestInput<C>) => Promise<Result<Response<C>>>;
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};
