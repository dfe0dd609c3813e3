import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { describeTarget, validateTarget, type SshTarget } from '../../../electron/engine/ssh/target';

const base: SshTarget = {
  name: 'web-01',
  host: '10.0.0.5',
  port: 22,
  username: 'patch',
  auth: { kind: 'password', password: 'secret' },
  pinnedHostKey: null,
  sudo: null,
};

function problemWith(
  overrides: Partial<SshTarget>,
): { field: string | undefined; message: string } | undefined {
  try {
    validateTarget({ ...base, ...overrides });
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid-input') throw error;
    return { field: error.field, message: error.message };
  }
}

describe('validateTarget', () => {
  it.each([
    '10.0.0.5',
    '::1',
    'fe80::1',
    '2001:db8::42',
    'web-01',
    'web-01.client.example',
    'WEB01.local.',
    'a',
  ])('accepts host %s', (host) => {
    expect(problemWith({ host })).toBeUndefined();
  });

  it.each([
    '',
    ' web-01',
    'web 01',
    '-oProxyCommand=sh',
    'web;reboot',
    'host$(id)',
    '10.0.0.256',
    '1.2.3',
    '-web',
    `${'a'.repeat(64)}.example`,
    '[::1]',
  ])('refuses host %j, naming the field', (host) => {
    expect(problemWith({ host })).toMatchObject({ field: 'host' });
  });

  it.each([0, 65536, 22.5, Number.NaN, -22])('refuses port %s', (port) => {
    expect(problemWith({ port })?.message).toBe(
      `The SSH port must be a whole number from 1 to 65535, not ${String(port)}.`,
    );
  });

  it.each(['root', 'svc_patch', 'CORP\\tech', 'tech@corp.example', 'user.name'])(
    'accepts user %s',
    (username) => {
      expect(problemWith({ username })).toBeUndefined();
    },
  );

  it.each(['', 'root; reboot', 'a b', '-oProxyCommand=x', '-admin', 'x\ny'])(
    'refuses user %j',
    (username) => {
      expect(problemWith({ username })).toMatchObject({ field: 'username' });
    },
  );

  it('refuses a pin that is not an OpenSSH SHA256 fingerprint', () => {
    expect(
      problemWith({ pinnedHostKey: 'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48' }),
    ).toMatchObject({ field: 'pinnedHostKey' });
    expect(problemWith({ pinnedHostKey: `SHA256:${'A'.repeat(43)}` })).toBeUndefined();
  });

  it('refuses a sudo password with a line break, which would spill into the script', () => {
    expect(problemWith({ sudo: { password: 'one\ntwo' } })).toMatchObject({ field: 'sudo' });
    expect(problemWith({ sudo: { password: null } })).toBeUndefined();
  });

  it('refuses empty credentials; an empty password is one no longer stored, a sign-in problem', () => {
    expect(() => validateTarget({ ...base, auth: { kind: 'password', password: '' } })).toThrow(
      expect.objectContaining({ code: 'auth-failed', field: 'auth' }),
    );
    expect(problemWith({ auth: { kind: 'key', privateKeyPath: '' } })).toMatchObject({ field: 'auth' });
  });
});

describe('describeTarget', () => {
  it('names the device and its address the way messages use it', () => {
    expect(describeTarget(base)).toBe('web-01 (10.0.0.5:22)');
    expect(describeTarget({ host: '2001:db8::42', port: 2222 })).toBe('[2001:db8::42]:2222');
  });
});
