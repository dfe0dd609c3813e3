import { AppError } from '../../../shared/errors';
import { openSession, type ConnectOptions, type SshSession } from './connect';
import { describeTarget, type SshTarget } from './target';

/** How many devices the pool talks to at once, and how it connects to each. */
export interface SshPoolOptions {
  /** Most sessions open at the same time (default 32); more callers wait in line, first come first served. */
  readonly maxSessions?: number;
  /** Timeouts and TCP options for every connection the pool opens (their signal is ignored: pass it per session). */
  readonly connect?: Omit<ConnectOptions, 'signal'>;
}

/** Per-session options of SshPool.withSession. */
export interface WithSessionOptions {
  /** Cancels the wait for a slot, the connect, and every script the session is running. */
  readonly signal?: AbortSignal;
  /**
   * Called with the host key's fingerprint when the target had no pinned key yet: the caller pins it unless another
   * operation pinned one meanwhile, and answers the key pinned now. When that is not the key this session met, the
   * session is refused as a host-key mismatch before any work runs.
   */
  readonly onHostKey?: (fingerprint: string) => string;
  /** Called when this session's turn comes (a slot is free) and its connect begins: what came before was waiting. */
  readonly onTurn?: () => void;
}

export const defaultMaxSessions = 32;

/**
 * Bounded fan-out over devices: one connection per device for the duration of the caller's work, never more than
 * maxSessions at once, and the connection is closed however the work ends (return, throw, cancel).
 */
export class SshPool {
  readonly maxSessions: number;
  readonly #connect: Omit<ConnectOptions, 'signal'>;
  #open = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: SshPoolOptions = {}) {
    const maxSessions = options.maxSessions ?? defaultMaxSessions;
    if (!Number.isInteger(maxSessions) || maxSessions < 1) {
      throw new AppError(
        'invalid-input',
        `The SSH session limit must be a whole number of at least 1, not ${maxSessions}.`,
        'maxSessions',
      );
    }
    this.maxSessions = maxSessions;
    this.#connect = options.connect ?? {};
  }

  /** Sessions holding a slot right now (connecting or open). */
  get openSessions(): number {
    return this.#open;
  }

  /** Callers waiting for a slot. */
  get waitingSessions(): number {
    return this.#waiting.length;
  }

  /**
   * Open a session to `target`, hand it to `work`, and close it when `work` settles. Rejects with `work`'s error,
   * or with the AppError of a failed connect, or 'cancelled' when the signal aborts first.
   */
  async withSession<T>(
    target: SshTarget,
    work: (session: SshSession) => Promise<T>,
    options: WithSessionOptions = {},
  ): Promise<T> {
    const { signal } = options;
    await this.#takeSlot(target, signal);
    let session: SshSession | undefined;
    try {
      options.onTurn?.();
      session = await openSession(
        target,
        signal === undefined ? this.#connect : { ...this.#connect, signal },
      );
      if (target.pinnedHostKey === null && options.onHostKey) {
        const pinned = options.onHostKey(session.hostKey);
        if (pinned !== session.hostKey) throw pinnedMeanwhile(target, pinned, session.hostKey);
      }
      return await work(session);
    } finally {
      session?.close();
      this.#releaseSlot();
    }
  }

  #takeSlot(target: SshTarget, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelledWhileWaiting(target));
    if (this.#open < this.maxSessions) {
      this.#open += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(grant);
        if (index !== -1) this.#waiting.splice(index, 1);
        reject(cancelledWhileWaiting(target));
      };
      // The releasing caller hands its slot over directly, so #open never dips and a newcomer cannot jump the line.
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(grant);
    });
  }

  #releaseSlot(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#open -= 1;
    else next();
  }
}

function cancelledWhileWaiting(target: SshTarget): AppError {
  return new AppError('cancelled', `The work on ${describeTarget(target)} was cancelled before it started.`);
}

/** Another operation pinned a different key while this session connected: one of the two met someone else. */
function pinnedMeanwhile(target: SshTarget, pinned: string, presented: string): AppError {
  const device = describeTarget(target);
  return new AppError(
    'host-key-mismatch',
    `The host key of ${device} was pinned to ${pinned} by another connection while Patchdeck connected, but this ` +
      `connection met ${presented}. Nothing was run on it. Check the key on the machine itself; if ${presented} is ` +
      'right, trust it; otherwise someone may be intercepting the connection.',
  );
}
