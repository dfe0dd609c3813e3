import type { Device } from '../../../shared/domain/fleet';
import { appendAudit } from '../audit/audit-log';
import { pinDeviceHostKeyIfUnset } from '../db/repositories/inventory';
import type { EngineContext } from '../engine-context';

/**
 * The pool's onHostKey callback for a device: pin the key it presented on first use, with an audit entry, unless
 * another operation pinned one meanwhile; answers the key pinned now, which the pool holds the session to.
 */
export function pinOnFirstUse(context: EngineContext, device: Device): (fingerprint: string) => string {
  const { database } = context;
  return (fingerprint) =>
    database.transaction(() => {
      const { written, stored } = pinDeviceHostKeyIfUnset(database, device.id, fingerprint);
      if (written) {
        appendAudit(database, context.clock.now(), context.actor, {
          action: 'device.host-key-pinned',
          subjectType: 'device',
          subjectId: device.id,
          subjectName: device.name,
          details: { previous: null, current: fingerprint },
        });
      }
      // A device removed meanwhile has no key to hold the session to; the work's own write reports it gone.
      return stored ?? fingerprint;
    });
}
