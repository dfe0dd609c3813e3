import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../shared/ipc/contract';

/** Events the engine sends to whoever shows it (the window, the test bridge, the CLI's progress lines). */
export interface EngineEvents {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createEngineEvents(): EngineEvents {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    emit: (event, payload) => void emitter.emit(event, payload),
    on(event, listener) {
      emitter.on(event, listener);
      return () => void emitter.off(event, listener);
    },
  };
}
