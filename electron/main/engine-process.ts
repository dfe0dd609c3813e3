import { utilityProcess, type UtilityProcess } from 'electron';
import { AppError } from '../../shared/errors';
import type { Channel, EventName, Request, Response } from '../../shared/ipc/contract';
import { err, ok, type Result } from '../../shared/result';
import type { HostToMain, MainToHost } from '../engine/host/host-protocol';
import type { SecretVault } from '../engine/vault/secret-vault';

export interface EngineProcess {
  call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>>;
  onEvent(listener: (event: EventName, payload: unknown) => void): void;
  stop(): void;
}

export interface EngineProcessOptions {
  readonly hostScript: string;
  readonly dbPath: string;
  readonly nativeBinding: string | null;
  readonly version: string;
  readonly vault: SecretVault;
}

/** Start the engine in a utility process and wait until its database is open. */
export function startEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const child: UtilityProcess = utilityProcess.fork(options.hostScript, [], {
    serviceName: 'Patchdeck engine',
  });
  const send = (message: MainToHost) => child.postMessage(message);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  const eventListeners: ((event: EventName, payload: unknown) => void)[] = [];
  let nextId = 1;

  const answerVault = async (id: number, work: () => Promise<unknown>) => {
    let result: Result<unknown>;
    try {
      result = ok(await work());
    } catch (error) {
      result = err(
        error instanceof AppError
          ? error.toShape()
          : { code: 'vault-unavailable', message: (error as Error).message },
      );
    }
    send({ type: 'vault-answer', id, result });
  };

  return new Promise((resolve, reject) => {
    child.on('message', (message: HostToMain) => {
      switch (message.type) {
        case 'ready':
          resolve({
            call: (channel, request) =>
              new Promise((resolveCall, rejectCall) => {
                const id = nextId++;
                pending.set(id, { resolve: resolveCall as (value: unknown) => void, reject: rejectCall });
                send({ type: 'call', id, channel, request });
              }),
            onEvent: (listener) => void eventListeners.push(listener),
            stop: () => void child.kill(),
          });
          return;
        case 'start-failed':
          reject(new AppError(message.error.code, message.error.message));
          return;
        case 'answer': {
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (!waiter) return;
          if (message.result.ok) waiter.resolve(message.result.value);
          else
            waiter.reject(
              new AppError(
                message.result.error.code,
                message.result.error.message,
                message.result.error.field,
              ),
            );
          return;
        }
        case 'event':
          for (const listener of eventListeners) listener(message.event, message.payload);
          return;
        case 'vault-seal':
          void answerVault(message.id, () => options.vault.seal(message.secret));
          return;
        case 'vault-open':
          void answerVault(message.id, () => options.vault.open(message.sealed));
          return;
      }
    });
    child.on('exit', (code) => {
      const error = new AppError('unexpected', `The Patchdeck engine stopped (exit code ${code}).`);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      reject(error);
    });
    send({
      type: 'start',
      dbPath: options.dbPath,
      nativeBinding: options.nativeBinding,
      version: options.version,
      vaultStatus: options.vault.status(),
    });
  });
}
