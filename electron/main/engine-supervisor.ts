import type { Channel, EventName, Request, Response } from '../../shared/ipc/contract';
import { startEngineProcess, type EngineProcess, type EngineProcessOptions } from './engine-process';

/**
 * The running engine process, replaceable: after a database restore the engine has closed its database and must
 * start again on the restored file. Calls and event listeners always go to the current process.
 */
export interface EngineSupervisor extends EngineProcess {
  restart(): Promise<void>;
}

export async function superviseEngine(options: EngineProcessOptions): Promise<EngineSupervisor> {
  let current = await startEngineProcess(options);
  const listeners: ((event: EventName, payload: unknown) => void)[] = [];
  const relayEvents = (engine: EngineProcess) =>
    engine.onEvent((event, payload) => listeners.forEach((listener) => listener(event, payload)));
  relayEvents(current);
  return {
    call: <C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> =>
      current.call(channel, request),
    onEvent: (listener) => void listeners.push(listener),
    stop: () => current.stop(),
    async restart() {
      current.stop();
      current = await startEngineProcess(options);
      relayEvents(current);
    },
  };
}
