import type { Migration } from '../migrate';
import { migration0001 } from './0001-fleet-and-audit';
import { migration0002 } from './0002-inventory';

/** Every migration, in order. Append only. */
export const migrations: readonly Migration[] = [migration0001, migration0002];
