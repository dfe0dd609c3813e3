import type { Patch } from '../../../shared/domain/scan';
import type { Database } from '../db/database';

/** A device a patch query covers, with what its missing updates' ratings were computed from. */
export interface RatedDevice {
  readonly id: number;
  readonly name: string;
  readonly clientName: string;
  /**
   * The device's latest scan (every change to its missing updates, installed packages and system is a scan), its
   * name, and its client's id, name and SLA days, joined: when this changes, the device's rated updates are stale.
   */
  readonly inputs: string;
}

/** Which active devices a patch query covers: one device, one client's, or the whole fleet. */
export interface RatingScope {
  readonly deviceId?: number | undefined;
  readonly clientId?: number | undefined;
}

/** The active devices of the scope by id, each with its rating inputs (see RatedDevice). */
export function readRatedDevices(database: Database, scope: RatingScope): RatedDevice[] {
  return database
    .statement(
      `SELECT d.id, d.name, c.name AS clientName,
              json_array((SELECT max(s.id) FROM scans s WHERE s.device_id = d.id), d.name, c.id, c.name,
                c.sla_red_days, c.sla_yellow_days, c.sla_green_days) AS inputs
       FROM devices d JOIN clients c ON c.id = d.client_id
       WHERE d.retired_at IS NULL AND (@device IS NULL OR d.id = @device) AND (@client IS NULL OR d.client_id = @client)
       ORDER BY d.id`,
    )
    .all({ device: scope.deviceId ?? null, client: scope.clientId ?? null }) as RatedDevice[];
}

/** What the imported feeds (advisories, KEV, EPSS) are: it changes with every import. */
export function readFeedsVersion(database: Database): string {
  return database
    .statement(
      `SELECT coalesce(json_group_array(json_array(feed, imported_at, file_name, record_count, skipped_count,
                data_date)), '[]')
       FROM (SELECT * FROM feed_status ORDER BY feed)`,
    )
    .pluck()
    .get() as string;
}

/** Every device's rated missing updates, kept between calls (see createPatchRatings). */
export interface PatchRatings {
  /** The rated missing updates of the scope's active devices, by device id then package name. */
  patches(scope: RatingScope): Patch[];
  /** Changes whenever some device's rated updates change (rated again, retired, removed): what to keep views by. */
  readonly generation: number;
}

/**
 * Every device's rated missing updates, kept between calls: rating the whole fleet's missing updates (advisory
 * matching, KEV, EPSS, SLA) took about a second for 2,000 devices, and between scans and feed imports the answer
 * does not change. A device is rated again when its inputs change, every device when the feeds change. The clock
 * is not an input: colour, KEV, CVEs and due date do not depend on it (only the overdue flag does, which a Patch
 * does not carry).
 */
export function createPatchRatings(
  database: Database,
  rate: (devices: readonly RatedDevice[]) => Patch[],
): PatchRatings {
  const rated = new Map<number, { readonly inputs: string; readonly patches: readonly Patch[] }>();
  let feeds: string | null = null;
  let generation = 0;
  return {
    get generation() {
      return generation;
    },
    patches(scope) {
      const version = readFeedsVersion(database);
      if (version !== feeds) {
        rated.clear();
        feeds = version;
        generation += 1;
      }
      const scoped = readRatedDevices(database, scope);
      const stale = scoped.filter((device) => rated.get(device.id)?.inputs !== device.inputs);
      if (stale.length > 0) {
        const byDevice = new Map<number, Patch[]>(stale.map((device) => [device.id, []]));
        for (const patch of rate(stale)) byDevice.get(patch.deviceId)?.push(patch);
        for (const device of stale)
          rated.set(device.id, { inputs: device.inputs, patches: byDevice.get(device.id) ?? [] });
        generation += 1;
      }
      if (scope.deviceId === undefined && scope.clientId === undefined && rated.size > scoped.length) {
        // Retired and removed devices leave the fleet: forget their ratings.
        const active = new Set(scoped.map((device) => device.id));
        for (const id of rated.keys()) if (!active.has(id)) rated.delete(id);
        generation += 1;
      }
      return scoped.flatMap((device) => rated.get(device.id)?.patches ?? []);
    },
  };
}
