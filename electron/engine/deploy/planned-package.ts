/**
 * One package a job means to change on one device: `version` is the version to reinstall on a rollback, null on
 * a deployment (the package manager's newest offer is installed).
 */
export interface PlannedPackage {
  readonly name: string;
  readonly version: string | null;
}

/** One package as the pre-flight check decided it: installed now, the version expected after the run. */
export interface PackageStep {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly rollbackPossible: boolean;
  readonly rollbackNote: string | null;
}

/** The last lines of a package manager's output, to quote in an error. */
export function outputTail(output: string, lines = 8): string {
  const kept = output
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
  return kept.slice(-lines).join(' / ');
}
