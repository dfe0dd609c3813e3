import { AppError, isAppError } from '../../../shared/errors';

/** What the connection attempt was doing when it failed: decides between "no answer" and "answered, then stalled". */
export type ConnectStage = 'tcp' | 'ssh';

/**
 * Turn whatever node's net or ssh2 threw while connecting into an AppError a technician can act on.
 * `device` is the target as describeTarget names it.
 */
export function classifyConnectFailure(error: unknown, device: string, stage: ConnectStage): AppError {
  if (isAppError(error)) return error;
  const code = errorProperty(error, 'code');
  const level = errorProperty(error, 'level');
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new AppError(
        'unreachable',
        `${device} refused the connection: is sshd running, and on this port?`,
      );
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return new AppError(
        'unreachable',
        `${device} cannot be reached: no route to the host (is it switched on and on the network?).`,
      );
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return new AppError(
        'unreachable',
        `${device} cannot be reached: this computer has no route to its network (VPN down?).`,
      );
    case 'ETIMEDOUT':
      return new AppError(
        'unreachable',
        `${device} did not answer: the host is off, or a firewall drops the connection.`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new AppError('unreachable', `${device} could not be found: its name does not resolve in DNS.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new AppError(
        'failed',
        `${device} dropped the connection during ${stage === 'tcp' ? 'connect' : 'the SSH handshake'}: a firewall or a non-SSH service on the port?`,
      );
    default:
      break;
  }
  if (level === 'client-authentication') {
    return new AppError(
      'auth-failed',
      `${device} did not accept the sign-in: wrong user name, password or key.`,
    );
  }
  if (level === 'client-timeout') {
    return new AppError(
      'timeout',
      `${device} accepted the connection but did not complete the SSH handshake in time: is this an SSH port, and is the host overloaded?`,
    );
  }
  if (message.startsWith('Cannot parse privateKey')) {
    return new AppError(
      'auth-failed',
      `The private key for ${device} could not be read: wrong passphrase, or not a private key file.`,
    );
  }
  if (message === 'Connection lost before handshake' || message === 'No response from server') {
    return new AppError(
      'failed',
      `${device} closed the connection before SSH could start: is this an SSH port, or does the host refuse this computer?`,
    );
  }
  return new AppError('failed', `Connecting to ${device} failed: ${message}.`);
}

function errorProperty(error: unknown, name: 'code' | 'level'): string | undefined {
  if (typeof error !== 'object' || error === null || !(name in error)) return undefined;
  const value = (error as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
