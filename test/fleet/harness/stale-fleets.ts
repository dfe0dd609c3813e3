import { existsSync } from 'node:fs';
import { readdir, readFile, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FLEET_RUN_ROOT, fleetDir, validatePrefix } from './fleet-paths';
import { runCommand } from './run-command';

/** What a running fleet records about itself in <fleetDir>/fleet.json. */
export interface FleetRecord {
  readonly prefix: string;
  readonly slot: number;
  readonly ownerPid: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Records of every fleet directory under FLEET_RUN_ROOT (unreadable ones are skipped). */
export async function readFleetRecords(): Promise<FleetRecord[]> {
  if (!existsSync(FLEET_RUN_ROOT)) return [];
  const records: FleetRecord[] = [];
  for (const name of await readdir(FLEET_RUN_ROOT)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(join(FLEET_RUN_ROOT, name, 'fleet.json'), 'utf8'));
    } catch {
      // A fleet that crashed before writing its record has no slot to free.
      continue;
    }
    const record = parsed as Partial<FleetRecord> | null;
    if (
      typeof record?.prefix === 'string' &&
      Number.isInteger(record.slot) &&
      Number.isInteger(record.ownerPid)
    ) {
      records.push(record as FleetRecord);
    }
  }
  return records;
}

/** Processes whose root directory lies inside `dir` (our chrooted hosts), found through /proc. */
async function processesRootedIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const root = await readlink(join('/proc', entry, 'root'));
      if (root === dir || root.startsWith(`${dir}/`)) pids.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}

/** SIGKILLs `pids` and waits (up to 10 s) until they are gone. */
export async function killAndWait(pids: readonly number[]): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + 10_000;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(20);
}

/** Kills every process in network namespace `name`, then deletes it (its veth pair goes with it). */
export async function deleteNamespace(name: string): Promise<void> {
  const listed = await runCommand(['ip', 'netns', 'pids', name]);
  if (listed.exitCode === 0) await killAndWait(listed.stdout.split(/\s+/).filter(Boolean).map(Number));
  await runCommand(['ip', 'netns', 'delete', name]);
}

function mountPointsBelow(dir: string, mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .map((line) => (line.split(' ')[4] ?? '').replace(/\\040/g, ' '))
    .filter((point) => point === dir || point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** Unmounts everything mounted at or below `dir`, deepest first. */
export async function unmountBelow(dir: string): Promise<void> {
  const points = mountPointsBelow(dir, await readFile('/proc/self/mountinfo', 'utf8'));
  if (points.length === 0) return;
  // One umount for all of them: at 50 hosts the process start-ups add up.
  const result = await runCommand(['umount', ...points]);
  if (result.exitCode === 0) return;
  // Still busy (a process in the root namespace has a file open there): detach what is left anyway.
  for (const point of mountPointsBelow(dir, await readFile('/proc/self/mountinfo', 'utf8'))) {
    await runCommand(['umount', '--lazy', point]);
  }
}

/** Removes fleet `prefix` entirely (processes, namespaces, veths, mounts, files), whoever owns it. */
export async function removeFleet(prefix: string): Promise<void> {
  const pattern = new RegExp(`^${prefix}-\\d+$`);
  const dir = fleetDir(prefix);
  const namespaces = (await runCommand(['ip', 'netns', 'list'])).stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => pattern.test(name));
  await Promise.all(namespaces.map(deleteNamespace));
  await killAndWait(await processesRootedIn(dir));
  const links = (await runCommand(['ip', '-o', 'link', 'show'])).stdout
    .split('\n')
    .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1] ?? '')
    .filter((name) => pattern.test(name));
  for (const link of links) await runCommand(['ip', 'link', 'delete', link]);
  await unmountBelow(dir);
  await rm(dir, { recursive: true, force: true });
}

/** The pid of another live process that owns fleet `prefix`, if there is one. */
export async function liveOwnerOf(prefix: string): Promise<number | undefined> {
  const record = (await readFleetRecords()).find((candidate) => candidate.prefix === prefix);
  if (!record || record.ownerPid === process.pid || !isAlive(record.ownerPid)) return undefined;
  return record.ownerPid;
}

/**
 * Removes what crashed earlier runs left behind: fleet `prefix` (namespaces, veths, processes,
 * mounts, working files) and every other fleet whose owning process is dead. A fleet that another
 * live process is using is never touched: removing it would break that process's tests.
 */
export async function cleanupStaleFleets(prefix: string): Promise<void> {
  validatePrefix(prefix);
  const owner = await liveOwnerOf(prefix);
  if (owner !== undefined) {
    throw new Error(
      `fleet "${prefix}" belongs to running process ${owner}, so it is not stale; use another prefix`,
    );
  }
  const orphans = (await readFleetRecords()).filter(
    (record) => record.prefix !== prefix && !isAlive(record.ownerPid),
  );
  await removeFleet(prefix);
  for (const record of orphans) {
    try {
      validatePrefix(record.prefix);
    } catch {
      continue;
    }
    await removeFleet(record.prefix);
  }
}
