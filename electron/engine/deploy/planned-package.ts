/**
 * One package a job means to change on one device: `version` is the version to reinstall on a rollback (null there:
 * remove an item the deployment installed new), null on a deployment (the package manager's newest offer is
 * installed).
 */
export interface PlannedPackage {
  readonly name: string;
  readonly version: string | null;
  /**
   * On a rollback, the version its deployment left installed: a device found at another version has changed since
   * (a later job, or by hand) and the package is left alone. Absent where the installed version cannot tell, and in
   * rollbacks written before this was recorded.
   */
  readonly expected?: string | null;
}

/**
 * One package as the pre-flight check decided it: installed now (null: a new install, such as a Windows KB), the
 * version expected after the run (null: removed, when a rollback takes back a new install).
 */
export interface PackageStep {
  readonly name: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly rollbackPossible: boolean;
  readonly rollbackNote: string | null;
  /** The update finishes installing at the next restart, so it is verified after the reboot. */
  readonly completesAtRestart?: boolean;
}

/** The last lines of a package manager's output, to quote in an error. */
export function outputTail(output: string, lines = 8): string {
  const kept = output
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
  return kept.slice(-lines).join(' / ');
}
