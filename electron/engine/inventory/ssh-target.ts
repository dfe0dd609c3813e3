import type { Device } from '../../../shared/domain/fleet';
import { assertNever } from '../../../shared/errors';
import type { SshTarget } from '../ssh/target';

/** How the SSH layer reaches a device, from its stored settings and its opened secrets. */
export function sshTargetFor(
  device: Device,
  secrets: { password: string | null; sudoPassword: string | null },
): SshTarget {
  const base = {
    name: device.name,
    host: device.host,
    port: device.port,
    username: device.user,
    pinnedHostKey: device.hostKey,
  };
  const sudo = device.sudo ? { password: secrets.sudoPassword } : null;
  switch (device.auth.kind) {
    case 'key':
      return { ...base, auth: { kind: 'key', privateKeyPath: device.auth.keyPath }, sudo };
    case 'agent':
      return { ...base, auth: { kind: 'agent' }, sudo };
    case 'password':
      return { ...base, auth: { kind: 'password', password: secrets.password ?? '' }, sudo };
    default:
      return assertNever(device.auth, 'device auth');
  }
}
