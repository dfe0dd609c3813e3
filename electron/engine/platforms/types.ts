import type {
  AvailableUpdate,
  InstalledPackage,
  OsFacts,
  PackageManager,
  PlatformFamily,
} from '../../../shared/domain/inventory';

/** Which shell a remote script is written for. PowerShell scripts reach Windows on stdin, behind a short -EncodedCommand bootstrap. */
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

/**
 * One list of offered updates a scan reads (winget's, Chocolatey's, Apple's softwareupdate, zypper's patches) and
 * whether it could. An update missing from a list proves it was installed only when that list was read.
 */
export interface OfferSource {
  /** As PlatformDeployment.offerSourceOf names it: 'winget', 'choco', 'softwareupdate', 'zypper-patches', … */
  readonly name: string;
  /** What it lists, for sentences: "winget's updates", "zypper's patches". */
  readonly lists: string;
  /** null: the scan read the whole list. Otherwise why it could not, or not completely (the scan's warning). */
  readonly unread: string | null;
}

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
  /**
   * The lists of offers the scan read or could not read. Absent where the family's parser does not say (Debian,
   * RHEL, Alpine, Arch: verify finds all their items in the installed inventory, not by their offers).
   */
  readonly offerSources?: readonly OfferSource[];
  /**
   * The managers whose offered updates the scan could not list, or listed only in part (a failed Windows Update
   * search, zypper skipping a repository): an update of theirs the scan did not see may still be missing, so the
   * ones stored from earlier scans are kept. A tool that is not installed is not here: it offers nothing. Absent:
   * every list was read.
   */
  readonly unreadUpdateManagers?: readonly PackageManager[];
  /**
   * The managers whose updates' advisories (security flag, classification, vendor severity, advisory ids) the scan
   * reads apart from the list of updates and could not read this time (RHEL's updateinfo). Their updates then carry
   * none, which says nothing: the ones stored from earlier scans keep theirs, and only new ones are stored with none.
   * Absent: read, or read with the list itself.
   */
  readonly unreadAdvisoryManagers?: readonly PackageManager[];
  /** As unreadAdvisoryManagers, for the updates' CVE ids (RHEL's updateinfo cves). */
  readonly unreadCveManagers?: readonly PackageManager[];
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
  /** Install, roll back and reboot; absent for families Patchdeck can scan but not yet patch. */
  readonly deployment?: PlatformDeployment;
}

/** One package as the pre-flight check found it, before anything is installed. */
export interface PreflightPackage {
  readonly name: string;
  /** null: not installed on this device. */
  readonly installed: string | null;
  /** The version the package manager would install now; null when it offers none. */
  readonly candidate: string | null;
  /** Whether the installed version could be reinstalled later; rollbackNote says why not. */
  readonly rollbackPossible: boolean;
  readonly rollbackNote: string | null;
  /**
   * 'update': an item installed as a whole that no device has before its install (a Windows KB, an Apple update
   * other than the OS itself, a SUSE patch), so when it is offered (candidate not null) it is planned as a new install. Absent or
   * 'package': a package, which is skipped when it is not installed.
   */
  readonly kind?: 'package' | 'update';
  /** The update finishes installing only when the device restarts (Apple's "Action: restart"): verified after it. */
  readonly completesAtRestart?: boolean;
}

/** What the pre-flight check learned about a device. */
export interface Preflight {
  /** Free space where the package manager downloads, in bytes (null when it could not be read). */
  readonly freeBytes: number | null;
  /** The process holding the package manager's lock ("apt-get (pid 812)"), or null when it is free. */
  readonly lockHolder: string | null;
  readonly rebootPending: boolean;
  /** Changes on every boot: compared before and after a reboot to know the device really restarted. */
  readonly bootId: string | null;
  readonly packages: readonly PreflightPackage[];
  /** Things the technician should know before this install that do not stop it (Arch: a partial upgrade). */
  readonly warnings?: readonly string[];
}

/** An install or rollback run, read from the device (it keeps running there if Patchdeck goes away). */
export interface InstallRun {
  /** not-started: the device never began this run; lost: it began but the package manager died without a result. */
  readonly state: 'finished' | 'not-started' | 'lost';
  /** true when this call started the run, false when it found a run started earlier (after a restart). */
  readonly startedNow: boolean;
  readonly exitCode: number | null;
  readonly output: string;
  /** How long the package manager itself ran, measured on the device. */
  readonly packageManagerMs: number | null;
}

export type InstallMode = 'upgrade' | 'downgrade';

/**
 * How a family installs, rolls back and reboots. Runs are tagged (job and device ids) and the device itself
 * refuses to start a tagged run twice, so a restarted Patchdeck can ask what became of a run instead of repeating it.
 */
export interface PlatformDeployment {
  /**
   * The item a deployment names for an update the scan found (its source in front on Windows and macOS, the package
   * name on Linux), or null when Patchdeck cannot install that update on this family.
   */
  itemFor(update: Pick<AvailableUpdate, 'name' | 'manager'>): string | null;
  /**
   * The advisory an item names (RHEL `--advisory=RHSA-…`), or null for a package or an update item. A deployment
   * plans an advisory as the packages the device's last scan found it fixing.
   */
  advisoryOf(item: string): string | null;
  /**
   * The name the item has in the installed inventory, where verify reads its version; null for items the inventory
   * does not list (winget, Chocolatey, Apple updates, SUSE patches), which verify finds by their offer having gone
   * from the rescan.
   */
  installedName(item: string): string | null;
  /**
   * The offer source (ScanReport.offerSources) whose list shows the item; verify trusts an offer's absence only when
   * the rescan read that list. Families whose items the inventory all lists (installedName never null) leave it out.
   */
  offerSourceOf?(item: string): string;
  /** Whether a rollback can remove an item the job installed new (Windows: a KB is uninstalled). */
  readonly removesNewInstalls: boolean;
  /** Args: the package names. Read-only. */
  readonly preflightScript: RemoteScript;
  parsePreflight(output: RemoteOutput, packages: readonly string[]): Preflight;
  /** Throws AppError 'invalid-input' for a name that is not a valid package name of this family. */
  checkPackageName(name: string): void;
  /** Throws AppError 'invalid-input' for a version string this family's package manager could not take. */
  checkVersion(version: string): void;
  /**
   * The arguments of installScript for one run: upgrade names, or downgrade name/version pairs, where a null version
   * removes an item the deployment installed new (only when removesNewInstalls).
   */
  installArguments(
    tag: string,
    mode: InstallMode,
    packages: readonly { name: string; version: string | null }[],
  ): string[];
  /** Starts the tagged run unless the device already has it, then waits for its result. */
  readonly installScript: RemoteScript;
  /** Args: [tag]. Reports a tagged run's state without starting anything, waiting for it if it is still going. */
  readonly installStatusScript: RemoteScript;
  /** Args: [tag]. Prints the run's log as it grows, for the console's live view; absent where the run keeps none. */
  readonly installLogScript?: RemoteScript;
  parseInstall(output: RemoteOutput): InstallRun;
  /** Schedules a reboot a moment later, so the command returns before the connection drops. */
  readonly rebootScript: RemoteScript;
  readonly bootIdScript: RemoteScript;
  parseBootId(output: RemoteOutput): string;
}

/** Output from a device that does not have the shape a parser expects. */
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseError';
  }
}
