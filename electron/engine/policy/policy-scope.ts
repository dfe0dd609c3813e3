import type { PolicyScope } from '../../../shared/domain/policies';
import type { DeviceFacts } from './update-facts';

/**
 * Whether a policy of `clientId` with this scope covers the device. Each field that is set narrows (devices AND
 * tags AND platforms AND rings); within a field any value matches (tag `web` OR tag `db`). An empty field does not
 * narrow, so a scope with nothing set covers every device of the client.
 */
export function deviceInScope(clientId: number, scope: PolicyScope, device: DeviceFacts): boolean {
  if (device.clientId !== clientId) return false;
  if (scope.deviceIds.length > 0 && !scope.deviceIds.includes(device.id)) return false;
  if (scope.tags.length > 0) {
    const tags = device.tags.map((tag) => tag.toLowerCase());
    if (!scope.tags.some((tag) => tags.includes(tag.toLowerCase()))) return false;
  }
  if (scope.platforms.length > 0 && (device.platform === null || !scope.platforms.includes(device.platform)))
    return false;
  if (scope.rings.length > 0 && !scope.rings.includes(device.ring)) return false;
  return true;
}
