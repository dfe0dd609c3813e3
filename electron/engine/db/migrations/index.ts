import type { Migration } from '../migrate';
import { migration0001 } from './0001-fleet-and-audit';
import { migration0002 } from './0002-inventory';
import { migration0003 } from './0003-vulnerabilities';
import { migration0004 } from './0004-jobs';
import { migration0005 } from './0005-policies';
import { migration0006 } from './0006-reports';
import { migration0007 } from './0007-command-steps';
import { migration0008 } from './0008-planned-deployments';
import { migration0009 } from './0009-package-builds-by-name';
import { migration0010 } from './0010-job-device-failure-status';

/** Every migration, in order. Append only once shipped. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
];
