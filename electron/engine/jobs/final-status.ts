import type { Log } from '../log';
import type { DeploymentOutcome, StartedDeployment } from './scheduler';

/**
 * The started job's final status. A job the deploy engine could not finish counts as failed and is logged: in the
 * background scheduler nobody awaits it, and its rejection must not go unhandled.
 */
export function finalStatus(
  started: StartedDeployment,
  what: string,
  log: Log,
): Promise<DeploymentOutcome['status']> {
  return started.finished.then(
    (outcome) => outcome.status,
    (error: unknown) => {
      log.error(
        `scheduled deployment of ${what} did not finish: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 'failed' as const;
    },
  );
}
