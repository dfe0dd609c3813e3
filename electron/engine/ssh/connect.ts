import { readFile } from 'node:fs/promises';
import { connect as connectTcp, type Socket } from 'node:net';
import type { Config, NodeSSH } from 'node-ssh';
import { AppError, assertNever } from '../../../shared/errors';
import type { RemoteOutput, RemoteScript } from '../platforms/types';
import { classifyConnectFailure } from './classify';
import { hostKeyFingerprint } from './host-key';
import { runScript, type RunOptions } from './run';
import { describeTarget, validateAddress, validateTarget, type SshAddress, type SshTarget } from './target';

/** Timeouts and switches for opening a connection. */
export interface ConnectOptions {
  /** A host that does not complete the TCP connect in this time is 'unreachable' (default 3 s). */
  readonly connectTimeoutMs?: number;
  /** A host that accepts TCP but does not finish SSH key exchange and sign-in in this time is 'timeout' (default 10 s). */
  readonly handshakeTimeoutMs?: number;
  /** SSH keepalive interval (default 15 s); after keepaliveCountMax unanswered (default 3) the connection is dropped. */
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  /** TCP_NODELAY on the socket (default true); false exists to measure what it saves. */
  readonly noDelay?: boolean;
  /** Aborting cancels the connect; once connected it closes the session and its running scripts reject 'cancelled'. */
  readonly signal?: AbortSignal;
}

/** One open, authenticated connection to a device; several scripts can run over it, one after another or at once. */
export interface SshSession {
  readonly target: SshTarget;
  /** Fingerprint of the host key the device presented ('SHA256:...'), to pin on first use. */
  readonly hostKey: string;
  /** Run a Patchdeck script with its arguments passed as data (see buildCommandLine). */
  run(script: RemoteScript, args?: readonly string[], options?: RunOptions): Promise<RemoteOutput>;
  /** Close the connection; safe to call more than once. */
  close(): void;
}

/** node-ssh (and ssh2's crypto) load on first connect, not at start-up: most CLI commands never connect. */
async function loadNodeSsh(): Promise<typeof NodeSSH> {
  return (await import('./node-ssh-module')).NodeSSH;
}

export const defaultConnectTimeoutMs = 3_000;
export const defaultHandshakeTimeoutMs = 10_000;
const defaultKeepaliveIntervalMs = 15_000;
const defaultKeepaliveCountMax = 3;
// After a polite disconnect, give the server this long to close before the socket is torn down.
const closeGraceMs = 2_000;

/**
 * Connect to a device, check its host key against the pin (before any credential is sent) and sign in.
 * Throws AppError: 'invalid-input', 'unreachable', 'timeout', 'host-key-mismatch', 'auth-failed', 'cancelled', 'failed'.
 */
export async function openSession(target: SshTarget, options: ConnectOptions = {}): Promise<SshSession> {
  validateTarget(target);
  const device = describeTarget(target);
  const { signal } = options;
  if (signal?.aborted) throw cancelledError(device);
  const credentials = await loadCredentials(target, device);
  const sock = await openTcp(target, device, options);

  let presentedKey: string | undefined;
  const hostVerifier = (key: Buffer): boolean => {
    presentedKey = hostKeyFingerprint(key);
    return target.pinnedHostKey === null || target.pinnedHostKey === presentedKey;
  };
  const ssh = new (await loadNodeSsh())();
  const onAbort = (): void => {
    sock.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await ssh.connect({
      sock,
      host: target.host,
      port: target.port,
      username: target.username,
      ...credentials,
      hostVerifier,
      tryKeyboard: false,
      readyTimeout: options.handshakeTimeoutMs ?? defaultHandshakeTimeoutMs,
      keepaliveInterval: options.keepaliveIntervalMs ?? defaultKeepaliveIntervalMs,
      keepaliveCountMax: options.keepaliveCountMax ?? defaultKeepaliveCountMax,
    });
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    sock.destroy();
    if (signal?.aborted) throw cancelledError(device);
    if (
      presentedKey !== undefined &&
      target.pinnedHostKey !== null &&
      presentedKey !== target.pinnedHostKey
    ) {
      throw hostKeyMismatchError(device, target.pinnedHostKey, presentedKey);
    }
    throw classifyConnectFailure(error, device, 'ssh');
  }

  const client = ssh.connection;
  if (client === null || presentedKey === undefined) {
    sock.destroy();
    throw new AppError('failed', `${device} closed the connection right after sign-in.`);
  }
  // Errors after sign-in end the connection; the scripts in flight then fail with the reason kept here.
  let connectionLoss: AppError | undefined;
  client.on('error', (error: Error & { level?: string }) => {
    connectionLoss ??=
      error.level === 'client-timeout'
        ? new AppError(
            'unreachable',
            `${device} stopped answering (no reply to SSH keepalives); Patchdeck dropped the connection.`,
          )
        : new AppError('failed', `The connection to ${device} broke: ${error.message}.`);
  });
  const hostKey = presentedKey;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    signal?.removeEventListener('abort', onAbort);
    ssh.dispose();
    setTimeout(() => sock.destroy(), closeGraceMs).unref();
  };
  sock.once('close', () => {
    closed = true;
    signal?.removeEventListener('abort', onAbort);
  });

  return {
    target,
    hostKey,
    run: (script, args = [], runOptions = {}) =>
      runScript({ client, device, sudo: target.sudo, connectionLoss: () => connectionLoss }, script, args, {
        ...runOptions,
        signal: eitherSignal(signal, runOptions.signal),
      }),
    close,
  };
}

/**
 * Learn the device's host key fingerprint without signing in: the key exchange runs, then Patchdeck hangs up before
 * any user name, password or key is offered. For showing a changed key to the technician before they trust it,
 * without handing credentials to a host that may be an impostor.
 * Throws AppError: 'invalid-input', 'unreachable', 'timeout', 'cancelled', 'failed'.
 */
export async function readHostKey(target: SshAddress, options: ConnectOptions = {}): Promise<string> {
  // Only the address: no credential is offered, so a forgotten password or a missing agent must not stop it.
  validateAddress(target);
  const device = describeTarget(target);
  const { signal } = options;
  if (signal?.aborted) throw cancelledError(device);
  const sock = await openTcp(target, device, options);
  let presentedKey: string | undefined;
  const onAbort = (): void => {
    sock.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new (await loadNodeSsh())().connect({
      sock,
      username: target.username,
      // Refusing every key ends the handshake right after the key exchange, before authentication starts.
      hostVerifier: (key: Buffer): boolean => {
        presentedKey = hostKeyFingerprint(key);
        return false;
      },
      readyTimeout: options.handshakeTimeoutMs ?? defaultHandshakeTimeoutMs,
    });
  } catch (error) {
    if (signal?.aborted) throw cancelledError(device);
    if (presentedKey !== undefined) return presentedKey;
    throw classifyConnectFailure(error, device, 'ssh');
  } finally {
    signal?.removeEventListener('abort', onAbort);
    sock.destroy();
  }
  throw new AppError('failed', `${device} let Patchdeck in without checking its host key.`);
}

function hostKeyMismatchError(device: string, pinned: string, presented: string): AppError {
  return new AppError(
    'host-key-mismatch',
    `The host key of ${device} has changed: Patchdeck pinned ${pinned}, but the device presented ${presented}. ` +
      'Nothing was sent to it. If the device was reinstalled or its key rotated, compare the new key with the ' +
      "machine's own and trust it (Trust new key on the Devices page, or `patchdeck device trust` with " +
      '--fingerprint); otherwise someone may be intercepting the connection.',
  );
}

function cancelledError(device: string): AppError {
  return new AppError('cancelled', `Connecting to ${device} was cancelled.`);
}

function eitherSignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return AbortSignal.any([a, b]);
}

type Credentials = Pick<Config, 'privateKey' | 'passphrase' | 'password' | 'agent'>;

async function loadCredentials(target: SshTarget, device: string): Promise<Credentials> {
  const { auth } = target;
  switch (auth.kind) {
    case 'password':
      return { password: auth.password };
    case 'agent':
      return { agent: auth.socketPath ?? process.env['SSH_AUTH_SOCK'] };
    case 'key': {
      let privateKey: string;
      try {
        privateKey = await readFile(auth.privateKeyPath, 'utf8');
      } catch (error) {
        const reason =
          error instanceof Error && 'code' in error && error.code === 'ENOENT'
            ? 'does not exist'
            : 'cannot be read';
        throw new AppError(
          'invalid-input',
          `The private key file ${auth.privateKeyPath} for ${device} ${reason}.`,
          'auth',
        );
      }
      return auth.passphrase === undefined ? { privateKey } : { privateKey, passphrase: auth.passphrase };
    }
    default:
      return assertNever(auth, 'SSH sign-in method');
  }
}

/**
 * The TCP connect is done here rather than by ssh2 so that TCP_NODELAY is set (ssh2 never sets it, and the
 * handshake's small packets then wait on Nagle's algorithm) and so that "no answer" and "answered but stalled"
 * get separate timeouts and separate error codes.
 */
function openTcp(target: SshAddress, device: string, options: ConnectOptions): Promise<Socket> {
  const timeoutMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  const { signal } = options;
  return new Promise<Socket>((resolve, reject) => {
    const sock = connectTcp({ host: target.host, port: target.port, noDelay: options.noDelay ?? true });
    const cleanUp = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      sock.removeListener('error', onError);
      sock.removeListener('connect', onConnect);
    };
    const fail = (error: AppError): void => {
      cleanUp();
      sock.destroy();
      reject(error);
    };
    const onConnect = (): void => {
      cleanUp();
      // ssh2 attaches its own error handler when it takes the socket; this one covers the moment in between.
      sock.on('error', () => undefined);
      resolve(sock);
    };
    const onError = (error: Error): void => fail(classifyConnectFailure(error, device, 'tcp'));
    const onAbort = (): void => fail(cancelledError(device));
    const timer = setTimeout(
      () =>
        fail(
          new AppError(
            'unreachable',
            `${device} did not answer within ${timeoutMs / 1000} s: the host is off, or a firewall drops the connection.`,
          ),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    sock.once('connect', onConnect);
    sock.once('error', onError);
  });
}
