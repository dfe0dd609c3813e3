import type { Migration } from '../migrate';

/**
 * Package builds by name, without regard to case (as approval decisions and exceptions match packages): a client's
 * report asks, for each package a fleet-wide decision named, whether it is installed on one of the client's devices,
 * and walks from the few builds of that name to the devices instead of through every installed package.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'package-builds-by-name',
  up(database) {
    database.exec('CREATE INDEX package_builds_by_name ON package_builds(name COLLATE NOCASE);');
  },
};
