import { isIP } from 'node:net';
import { AppError, assertNever } from '../../../shared/errors';
import { sshUserNamePattern } from '../../../shared/domain/validation';

/** How Patchdeck proves who it is to a device. */
export type SshAuth =
  | { readonly kind: 'key'; readonly privateKeyPath: string; readonly passphrase?: string }
  | { readonly kind: 'password'; readonly password: string }
  /** socketPath defaults to SSH_AUTH_SOCK of the engine's process. */
  | { readonly kind: 'agent'; readonly socketPath?: string };

/**
 * How privileged scripts run on the device.
 * - `null`: never through sudo (the account is already root, or the device is Windows);
 * - `{ password: null }`: sudo without a password (NOPASSWD rule);
 * - `{ password }`: sudo, with the password written to its stdin.
 */
export type SshSudo = null | { readonly password: string | null };

/** One device as the SSH layer reaches it. */
export interface SshTarget {
  /** The device's name as the technician knows it, used in messages ("web-01 (10.0.0.5:22) ..."). */
  readonly name?: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly auth: SshAuth;
  /** OpenSSH-style 'SHA256:<unpadded base64>' of the host key seen before, or null on first use. */
  readonly pinnedHostKey: string | null;
  readonly sudo: SshSudo;
}

// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens, 253 characters at most.
const hostNamePattern =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const fingerprintPattern = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** "web-01 (10.0.0.5:22)" or "10.0.0.5:22": how every message names the device. */
export function describeTarget(target: Pick<SshTarget, 'name' | 'host' | 'port'>): string {
  const address =
    isIP(target.host) === 6 ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  return target.name ? `${target.name} (${address})` : address;
}

/** Where a device is reached and as whom: all that reading its host key needs (no sign-in follows). */
export type SshAddress = Pick<SshTarget, 'name' | 'host' | 'port' | 'username'>;

/**
 * Check an address before any connection is tried, so a typo is reported as the field it is in and never
 * reaches DNS or the network. Throws AppError 'invalid-input' naming the field.
 */
export function validateAddress(address: SshAddress): void {
  const { host, port, username } = address;
  // "10.0.0.256" fits the host name grammar, but a technician meant an address: say it is wrong, not "not found".
  if (
    typeof host !== 'string' ||
    (isIP(host) === 0 && (!hostNamePattern.test(host) || /^[0-9.]+$/.test(host)))
  ) {
    throw new AppError('invalid-input', `"${String(host)}" is not a host name or an IP address.`, 'host');
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new AppError(
      'invalid-input',
      `The SSH port must be a whole number from 1 to 65535, not ${String(port)}.`,
      'port',
    );
  }
  if (typeof username !== 'string' || !sshUserNamePattern.test(username) || username.length > 256) {
    throw new AppError(
      'invalid-input',
      `"${String(username)}" is not a valid user name for SSH.`,
      'username',
    );
  }
}

/**
 * Check a target before a sign-in is tried: its address (validateAddress), and that its sign-in, pin and sudo
 * settings can be used. Throws AppError 'invalid-input' naming the field, or 'auth-failed' for a forgotten password.
 */
export function validateTarget(target: SshTarget): void {
  validateAddress(target);
  const { auth, pinnedHostKey, sudo } = target;
  switch (auth.kind) {
    case 'key':
      if (auth.privateKeyPath.length === 0) {
        throw new AppError(
          'invalid-input',
          'The private key file is missing: choose the key to sign in with.',
          'auth',
        );
      }
      break;
    case 'password':
      // Every form refuses an empty password, so an empty one here is one the database no longer holds (forgotten
      // under Settings): a sign-in problem for the technician to fix, not a typo.
      if (auth.password.length === 0) {
        throw new AppError(
          'auth-failed',
          `No SSH password is stored for ${describeTarget(target)}: enter it again in the device's settings, or sign in with a key or ssh-agent.`,
          'auth',
        );
      }
      break;
    case 'agent':
      if (auth.socketPath === undefined && !process.env['SSH_AUTH_SOCK']) {
        throw new AppError(
          'invalid-input',
          'No SSH agent is running for Patchdeck (SSH_AUTH_SOCK is not set).',
          'auth',
        );
      }
      break;
    default:
      assertNever(auth, 'SSH sign-in method');
  }
  if (pinnedHostKey !== null && !fingerprintPattern.test(pinnedHostKey)) {
    throw new AppError(
      'invalid-input',
      `The pinned host key "${pinnedHostKey}" is not a SHA256 fingerprint.`,
      'pinnedHostKey',
    );
  }
  if (sudo !== null && sudo.password !== null && /[\0\n\r]/.test(sudo.password)) {
    // sudo reads one line from stdin: a line break would cut the password and feed the rest to the script.
    throw new AppError(
      'invalid-input',
      'The sudo password cannot contain a line break or a NUL character.',
      'sudo',
    );
  }
}
