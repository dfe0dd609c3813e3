import type { Migration } from '../migrate';

/** policies: filled in by the policies work (not shipped yet, so it may still change). */
export const migration0005: Migration = {
  version: 5,
  name: 'policies',
  up() {},
};
