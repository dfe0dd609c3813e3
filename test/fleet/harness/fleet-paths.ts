import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Parent of every running fleet's working files: /tmp/patchdeck-fleet/<prefix>/. */
export const FLEET_RUN_ROOT = join(tmpdir(), 'patchdeck-fleet');

/** Network of the fleet: a private /16 no real machine here uses; only our namespaces live in it. */
export const FLEET_NETWORK = '10.213';

/** Hosts one fleet can hold: each fleet owns a /20 of FLEET_NETWORK, cut into /30 links. */
export const MAX_HOSTS_PER_FLEET = 1024;
export const MAX_FLEETS = 16;

// Interface names are at most 15 bytes; "<prefix>-<index>" must fit, so the prefix stays short.
const PREFIX = /^[a-z][a-z0-9]{0,7}$/;

/** Throws unless `prefix` can name namespaces and interfaces ("pdf", "bench2"). */
export function validatePrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) {
    throw new Error(
      `fleet prefix ${JSON.stringify(prefix)} must be 1-8 lowercase letters or digits, starting with a letter`,
    );
  }
}

/** Directory of one fleet's working files. */
export function fleetDir(prefix: string): string {
  return join(FLEET_RUN_ROOT, prefix);
}

/** The two ends of host `index`'s /30 link in fleet `slot`: the test machine's side and the host's. */
export function linkAddresses(slot: number, index: number): { machineSide: string; hostSide: string } {
  const offset = slot * MAX_HOSTS_PER_FLEET * 4 + index * 4;
  const third = offset >> 8;
  const fourth = offset & 255;
  return {
    machineSide: `${FLEET_NETWORK}.${third}.${fourth + 1}`,
    hostSide: `${FLEET_NETWORK}.${third}.${fourth + 2}`,
  };
}
