import type { Ring } from '../../../shared/domain/fleet';
import type { AvailableUpdate, PlatformFamily } from '../../../shared/domain/inventory';

/** What the policy rules need to know of a device. */
export interface DeviceFacts {
  readonly id: number;
  readonly clientId: number;
  readonly tags: readonly string[];
  readonly ring: Ring;
  readonly platform: PlatformFamily | null;
}

/** What the policy rules need to know of a missing update on a device. */
export type UpdateFacts = Pick<
  AvailableUpdate,
  'name' | 'security' | 'classification' | 'manager' | 'advisoryIds'
> & {
  readonly firstSeenAt: string;
};
