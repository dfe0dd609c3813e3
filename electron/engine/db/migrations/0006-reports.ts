import type { Migration } from '../migrate';

/** reports: filled in by the reports work (not shipped yet, so it may still change). */
export const migration0006: Migration = {
  version: 6,
  name: 'reports',
  up() {},
};
