import type { Migration } from '../migrate';

/** vulnerabilities: filled in by the vulnerabilities work (not shipped yet, so it may still change). */
export const migration0003: Migration = {
  version: 3,
  name: 'vulnerabilities',
  up() {},
};
