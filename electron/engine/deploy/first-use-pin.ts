import type { Device } from '../../../shared/domain/fleet';
import { appendAudit } from '../audit/audit-log';
import { setDeviceHostKey } from '../db/repositories/inventory';
import type { EngineContext } from '../engine-context';

/** The pool's onHostKey callback for a device: pin the key it presented on first use, with an audit entry. */
export function pinOnFirstUse(context: EngineContext, device: Device): (fingerprint: string) => void {
  const { database } = context;
  return (fingerprint) =>
    database.transaction(() => {
      setDeviceHostKey(database, device.id, fingerprint);
      appendAudit(database, context.clock.now(), context.actor, {
        action: 'device.host-key-pinned',
        subjectType: 'device',
        subjectId: device.id,
        subjectName: device.name,
        details: { previous: null, current: fingerprint },
      });
    });
}
