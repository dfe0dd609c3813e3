import type { AvailableUpdate, InstalledPackage, OsFacts, PlatformFamily } from '../../../shared/domain/inventory';

/** Which shell a remote script is written for. Windows OpenSSH runs PowerShell scripts via -EncodedCommand. */
export type RemoteShell = 'sh' | 'powershell';

/**
 * A remote script is fixed text chosen by Patchdeck. Nothing from a device, a feed or a user is pasted into it;
 * values (package names, versions) travel as separately quoted arguments, checked by the adapter first.
 */
export interface RemoteScript {
  readonly shell: RemoteShell;
  readonly script: string;
  /** Run through sudo (password, when needed, goes on stdin, never on the command line). */
  readonly sudo: boolean;
}

export type ScanDepth = 'quick' | 'full';

/** Everything one scan learns about a device, parsed from the output of that platform's scan script. */
export interface ScanReport {
  readonly os: OsFacts;
  readonly packages: readonly InstalledPackage[];
  readonly updates: readonly AvailableUpdate[];
  readonly rebootRequired: boolean;
  /** The package metadata refresh failed (or was not attempted on a quick scan); updates may be out of date. */
  readonly metadataStale: boolean;
  /** Things worth telling the technician that did not fail the scan. */
  readonly warnings: readonly string[];
}

/** Output of one remote execution, as the SSH layer returns it. */
export interface RemoteOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

export interface PlatformAdapter {
  readonly family: PlatformFamily;
  /** The one script a scan runs on the device; full scans refresh package metadata first. */
  scanScript(depth: ScanDepth): RemoteScript;
  /**
   * Parse the scan script's output. Throws ParseError (with a sentence naming what was wrong) on output that is
   * empty, truncated or garbage: the caller then marks the scan failed and keeps the previous inventory.
   */
  parseScan(output: RemoteOutput, depth: ScanDepth): ScanReport;
}

/** Output from a device that does not have the shape a parser expects. */
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseError';
  }
}
