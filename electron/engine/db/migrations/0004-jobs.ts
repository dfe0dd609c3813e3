import type { Migration } from '../migrate';

/** jobs: filled in by the jobs work (not shipped yet, so it may still change). */
export const migration0004: Migration = {
  version: 4,
  name: 'jobs',
  up() {},
};
