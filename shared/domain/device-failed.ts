import type { JobDeviceStatus } from './jobs';

/**
 * A device of a job failed, whatever stopped it (a changed host key included): what the console and the CLI count
 * as failed. Apart from the schemas in jobs.ts because the console's job pages use it: a value imported from there
 * would create zod schemas with the first paint, before the renderer tells zod not to probe for eval (a CSP report).
 */
export function deviceFailed(status: JobDeviceStatus): boolean {
  return status === 'failed' || status === 'host-key-mismatch';
}
