import type { Policy } from '../../../shared/domain/policies';
import { appendAudit } from '../audit/audit-log';
import type { Database } from '../db/database';
import { listPolicyRows, updatePolicyRow, type PolicyRowValues } from '../db/repositories/policies';
import { policyFromRow } from './policy-service';

/**
 * Take a device that is being removed out of every policy that names it, inside the removal's transaction.
 * Left behind, its id would name no device (ids are never given again), and the policy's next edit would be refused
 * for it. A policy whose device list this empties would then cover every device of its client, so it is switched
 * off instead, for the technician to review. Each policy changed is audited with the device that was taken out.
 */
export function forgetRemovedDevice(
  database: Database,
  device: { readonly id: number; readonly name: string; readonly clientName: string },
  now: Date,
  actor: string,
): void {
  for (const policy of listPolicyRows(database).map(policyFromRow)) {
    if (!policy.scope.deviceIds.includes(device.id)) continue;
    const deviceIds = policy.scope.deviceIds.filter((id) => id !== device.id);
    const enabled = policy.enabled && deviceIds.length > 0;
    updatePolicyRow(database, policy.id, rowValues(policy, deviceIds, enabled), now.toISOString());
    appendAudit(database, now, actor, {
      action: 'policy.updated',
      subjectType: 'policy',
      subjectId: policy.id,
      subjectName: policy.name,
      details: {
        reason:
          deviceIds.length > 0
            ? `device ${device.clientName}/${device.name} was removed`
            : `device ${device.clientName}/${device.name}, the last device the policy named, was removed: policy switched off`,
        before: { deviceIds: policy.scope.deviceIds, enabled: policy.enabled },
        after: { deviceIds, enabled },
      },
    });
  }
}

/** The row to store for `policy` with another device list and enabled flag; everything else as it was. */
function rowValues(policy: Policy, deviceIds: readonly number[], enabled: boolean): PolicyRowValues {
  const {
    id: _id,
    name,
    clientId,
    clientName: _clientName,
    timeZone,
    effectiveTimeZone: _effectiveTimeZone,
    enabled: _enabled,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    ...settings
  } = policy;
  return {
    name,
    clientId,
    timeZone,
    enabled,
    settings: { ...settings, scope: { ...settings.scope, deviceIds: [...deviceIds] } },
  };
}
