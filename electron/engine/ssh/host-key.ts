import { createHash } from 'node:crypto';

/** The OpenSSH fingerprint of a host key ('SHA256:' + unpadded base64), as `ssh-keygen -lf` prints it. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
