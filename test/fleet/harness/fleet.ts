// The real test fleet: Debian bookworm hosts (overlay of a cached debootstrap image, each in its
// own network namespace, running the real sshd) and the local apt repository they install from.
//
//   const fleet = await startFleet({ count: 3 });
//   const host = fleet.hosts[0];           // { name, address, port, user, password, privateKeyPath, ... }
//   await fleet.repository.publish({ name: 'pd-hello', version: '1.2-1', suite: 'bookworm-security' });
//   await host.exec(['dpkg-query', '-W', 'pd-hello']);   // as root inside the host, not over SSH
//   await host.stopSshd(); await host.freeze(); await host.linkDown(); await host.slowLink(256);
//   // `sudo reboot` / `sudo shutdown -r now` inside a host is played by the harness (host.reboot()).
//   await fleet.stop();
//
// Needs root (mount, ip netns, chroot), debootstrap, dpkg-dev/apt-utils (apt-ftparchive), openssh.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestRepository } from './apt-repository';
import type { TestRepository } from './apt-repository';
import { ensureBaseImage } from './base-image';
import type { BaseImage } from './base-image';
import { withFileLock } from './file-lock';
import {
  FLEET_NETWORK,
  FLEET_RUN_ROOT,
  MAX_FLEETS,
  MAX_HOSTS_PER_FLEET,
  fleetDir,
  linkAddresses,
  validatePrefix,
} from './fleet-paths';
import { FleetHost } from './fleet-host';
import { mapLimited, runChecked } from './run-command';
import { cleanupStaleFleets, liveOwnerOf, readFleetRecords, removeFleet } from './stale-fleets';
import type { FleetRecord } from './stale-fleets';

export type { FleetHost, FleetHostInfo } from './fleet-host';
export type { TestRepository } from './apt-repository';
export type { TestPackage } from './test-package';

/** What startFleet builds. */
export interface FleetOptions {
  /** Number of hosts, 1 to 1024. */
  readonly count: number;
  /**
   * Names the fleet's namespaces and interfaces ("<prefix>-1", ...), 1-8 lowercase letters/digits.
   * Leftovers of a crashed run with this prefix are removed first; if another live process is
   * running a fleet with this prefix, startFleet waits (up to 10 minutes) for it to stop.
   * Default: "pdf" plus this process's id, which no other process uses.
   */
  readonly prefix?: string;
}

/** A running fleet of Debian hosts with the local apt repository they all install from. */
export interface Fleet {
  readonly hosts: readonly FleetHost[];
  readonly repository: TestRepository;
  readonly image: BaseImage;
  /** Milliseconds from startFleet's call until every sshd answered (image build included). */
  readonly startMs: number;
  /** Stops every host and removes the fleet's files; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Makes the whole fleet network unreachable from the test machine except through a host's own
 * link. Without it, a host whose link is down would be looked for via the default route, out on
 * the real network. Left in place on purpose: it is harmless and other fleets may rely on it.
 */
async function guardFleetNetwork(): Promise<void> {
  await runChecked(['ip', 'route', 'replace', 'unreachable', `${FLEET_NETWORK}.0.0/16`]);
}

/**
 * Takes `prefix` for this process: waits while another live process runs a fleet with the same
 * prefix (two engineers running one test file at once), then removes leftovers and picks a free
 * address block, all under one lock so two starts cannot take the same prefix or block.
 */
async function claimFleet(prefix: string, waitMs = 600_000): Promise<FleetRecord> {
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    const claimed = await withFileLock(join(FLEET_RUN_ROOT, 'slots.lock'), async () => {
      const owner = await liveOwnerOf(prefix);
      if (owner !== undefined) return owner;
      await cleanupStaleFleets(prefix);
      const taken = new Set((await readFleetRecords()).map((record) => record.slot));
      const slot = Array.from({ length: MAX_FLEETS }, (_, i) => i).find((candidate) => !taken.has(candidate));
      if (slot === undefined) {
        throw new Error(
          `all ${MAX_FLEETS} fleet address blocks are in use by running fleets; stop one first`,
        );
      }
      const record: FleetRecord = { prefix, slot, ownerPid: process.pid };
      await mkdir(fleetDir(prefix), { recursive: true, mode: 0o755 });
      await writeFile(join(fleetDir(prefix), 'fleet.json'), JSON.stringify(record));
      return record;
    });
    if (typeof claimed !== 'number') return claimed;
    if (Date.now() > deadline) {
      throw new Error(
        `fleet "${prefix}" is still in use by process ${claimed} after ${waitMs} ms; use another prefix`,
      );
    }
    if (!announced) {
      console.warn(`fleet "${prefix}" is in use by process ${claimed}; waiting for it to stop`);
      announced = true;
    }
    await sleep(1_000);
  }
}

/**
 * Starts `count` hosts from the cached base image (building it if needed), after removing leftovers
 * of crashed runs. Hosts start in parallel; if any fails, the whole fleet is removed and the error rethrown.
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const started = Date.now();
  const prefix = options.prefix ?? `pdf${process.pid.toString(36)}`;
  validatePrefix(prefix);
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > MAX_HOSTS_PER_FLEET) {
    throw new Error(
      `fleet size must be a whole number from 1 to ${MAX_HOSTS_PER_FLEET}, got ${options.count}`,
    );
  }
  await mkdir(FLEET_RUN_ROOT, { recursive: true, mode: 0o755 });
  // apt inside the hosts reads the repository as user _apt, through every parent directory.
  await chmod(FLEET_RUN_ROOT, 0o755);
  const { slot } = await claimFleet(prefix);
  await guardFleetNetwork();
  const image = await ensureBaseImage();
  const dir = fleetDir(prefix);

  const repository = await createTestRepository(join(dir, 'repo'), image.debs);
  const hosts: FleetHost[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // A host that failed half-way removed itself; the holes in the array are those.
    await mapLimited(
      hosts.filter((host) => host !== undefined),
      16,
      (host) => host.stop(),
    );
    await removeFleet(prefix);
  };
  try {
    // Each host start is mostly waiting on short processes (mount, ip, ssh-keygen); a few per core keeps them busy.
    await mapLimited(
      Array.from({ length: options.count }, (_, index) => index),
      Math.max(4, availableParallelism() * 4),
      async (index) => {
        const name = `${prefix}-${index + 1}`;
        const host = await FleetHost.start({
          name,
          imageRootfs: image.rootfsDir,
          hostDir: join(dir, 'hosts', name),
          repositoryDir: repository.dir,
          privateKeyPath: image.privateKeyPath,
          ...linkAddresses(slot, index),
        });
        hosts[index] = host;
      },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { hosts, repository, image, startMs: Date.now() - started, stop };
}
