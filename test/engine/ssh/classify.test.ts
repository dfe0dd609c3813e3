import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { classifyConnectFailure } from '../../../electron/engine/ssh/classify';

// Errors shaped as node's net and ssh2 raise them. Refused, stalled and auth failures are also produced for real
// against a local sshd in connect.test.ts; DNS and routing failures cannot be, without touching other networks.
function nodeError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}
function ssh2Error(level: string, message: string): Error {
  return Object.assign(new Error(message), { level });
}

describe('classifyConnectFailure', () => {
  it.each([
    [
      nodeError('ECONNREFUSED'),
      'unreachable',
      'web-01 (10.0.0.5:22) refused the connection: is sshd running, and on this port?',
    ],
    [
      nodeError('EHOSTUNREACH'),
      'unreachable',
      'web-01 (10.0.0.5:22) cannot be reached: no route to the host (is it switched on and on the network?).',
    ],
    [
      nodeError('ENETUNREACH'),
      'unreachable',
      'web-01 (10.0.0.5:22) cannot be reached: this computer has no route to its network (VPN down?).',
    ],
    [
      nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND web-01'),
      'unreachable',
      'web-01 (10.0.0.5:22) could not be found: its name does not resolve in DNS.',
    ],
    [
      nodeError('EAI_AGAIN'),
      'unreachable',
      'web-01 (10.0.0.5:22) could not be found: its name does not resolve in DNS.',
    ],
    [
      nodeError('ETIMEDOUT'),
      'unreachable',
      'web-01 (10.0.0.5:22) did not answer: the host is off, or a firewall drops the connection.',
    ],
    [
      ssh2Error('client-authentication', 'All configured authentication methods failed'),
      'auth-failed',
      'web-01 (10.0.0.5:22) did not accept the sign-in: wrong user name, password or key.',
    ],
    [ssh2Error('client-timeout', 'Timed out while waiting for handshake'), 'timeout', undefined],
    [
      new Error('Cannot parse privateKey: Encrypted private OpenSSH key detected, but no passphrase given'),
      'auth-failed',
      undefined,
    ],
    [ssh2Error('protocol', 'Connection lost before handshake'), 'failed', undefined],
    [
      new Error('Unsupported key exchange'),
      'failed',
      'Connecting to web-01 (10.0.0.5:22) failed: Unsupported key exchange.',
    ],
  ] as const)('%s → %s', (error, code, message) => {
    const classified = classifyConnectFailure(error, 'web-01 (10.0.0.5:22)', 'ssh');
    expect(classified.code).toBe(code);
    if (message !== undefined) expect(classified.message).toBe(message);
    expect(classified.message).toContain('web-01 (10.0.0.5:22)');
  });

  it('passes an AppError through unchanged', () => {
    const original = new AppError('host-key-mismatch', 'changed');
    expect(classifyConnectFailure(original, 'x', 'ssh')).toBe(original);
  });
});
