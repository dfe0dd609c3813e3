import { AppError, assertNever, isAppError } from '../../../shared/errors';
import { eventNames } from '../../../shared/ipc/channel-names';
import type { Channel, ChannelHandlers, Request } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import { createHandlers } from '../api/handlers';
import { toErrorShape } from '../api/dispatch';
import { createEngine } from '../create-engine';
import type { Log } from '../log';
import type { SealedSecret, SecretVault, VaultStatus } from '../vault/secret-vault';
import type { HostToMain, MainToHost } from './host-protocol';

/**
 * The engine's home in the app: an Electron utility process, so SSH fan-out and SQLite never stall the window.
 * It speaks to main over the utility process's parentPort (see host-protocol.ts).
 */
interface ParentPort {
  on(event: 'message', listener: (message: { data: MainToHost }) => void): void;
  postMessage(message: HostToMain): void;
}

const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;
const post = (message: HostToMain) => parentPort.postMessage(message);

const log: Log = {
  info: (message, details) => console.log(message, details ?? ''),
  warn: (message, details) => console.warn(message, details ?? ''),
  error: (message, details) => console.error(message, details ?? ''),
};

let nextVaultId = 1;
const vaultRequests = new Map<number, (result: Result<unknown>) => void>();

function askMain<T>(message: (id: number) => HostToMain): Promise<T> {
  const id = nextVaultId++;
  return new Promise<T>((resolve, reject) => {
    vaultRequests.set(id, (result) =>
      result.ok ? resolve(result.value as T) : reject(new AppError(result.error.code, result.error.message)),
    );
    post(message(id));
  });
}

function mainVault(status: VaultStatus): SecretVault {
  return {
    status: () => status,
    seal: (secret) => askMain<SealedSecret>((id) => ({ type: 'vault-seal', id, secret })),
    open: (sealed) => askMain<string>((id) => ({ type: 'vault-open', id, sealed })),
  };
}

let handlers: ChannelHandlers | null = null;

async function call(channel: Channel, request: unknown): Promise<Result<unknown>> {
  if (!handlers) return err(new AppError('unexpected', 'The engine is not started yet.').toShape());
  try {
    const handler = handlers[channel] as (request: Request<Channel>) => Promise<unknown>;
    return ok(await handler(request as Request<Channel>));
  } catch (error) {
    return err(toErrorShape(error, channel, log));
  }
}

parentPort.on('message', ({ data }) => {
  switch (data.type) {
    case 'start': {
      try {
        const engine = createEngine({
          dbPath: data.dbPath,
          vault: mainVault(data.vaultStatus),
          log,
          ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
        });
        handlers = createHandlers(engine, { version: data.version });
        // While the app runs (also hidden in the tray) it starts what is due and keeps the daily compliance trend.
        engine.scheduler.start();
        // Jobs a crash or a kill interrupted carry on from their journal (a finished step never runs twice).
        void engine.deploy
          .resumeInterrupted()
          .catch((error: unknown) =>
            log.error('Could not resume interrupted jobs', { error: String(error) }),
          );
        const snapshot = () => {
          try {
            engine.reports.recordComplianceSnapshot();
          } catch (error) {
            log.error('Could not record the compliance snapshot', { error: String(error) });
          }
        };
        snapshot();
        setInterval(snapshot, 60 * 60_000).unref();
        for (const event of eventNames)
          engine.events.on(event, (payload) => post({ type: 'event', event, payload }));
        post({ type: 'ready' });
      } catch (error) {
        post({
          type: 'start-failed',
          error: isAppError(error) ? error.toShape() : toErrorShape(error, 'start', log),
        });
      }
      return;
    }
    case 'call':
      void call(data.channel, data.request).then((result) => post({ type: 'answer', id: data.id, result }));
      return;
    case 'vault-answer':
      vaultRequests.get(data.id)?.(data.result);
      vaultRequests.delete(data.id);
      return;
    default:
      assertNever(data, 'message from main');
  }
});
