import type { InstallRun, Preflight } from '../platforms/types';
import type { PackageStep } from './planned-package';

/** How a change that no rescan verified was read: its version by the pre-flight script, or the install's own word. */
export type UnverifiedSource = 'pre-flight' | 'package-manager';

/** What can be said about the planned packages when the rescan after an install failed. */
export interface UnverifiedChanges {
  readonly changed: readonly {
    readonly step: PackageStep;
    readonly after: string | null;
    readonly readBy: UnverifiedSource;
  }[];
  /** Sentences naming each planned package whose outcome is unknown or did not change. */
  readonly unknown: readonly string[];
}

/**
 * After an install whose verify rescan failed, the changes that really reached the device must still be recorded
 * (the audit trail holds every change), but none is verified. A package the pre-flight script reads again
 * (`reread`, null when that failed too) is taken at the version it reports, where that moved off the plan's `from`.
 * An item it cannot show installed (a new install such as an Apple update or a SUSE patch), or every package when it
 * could not be read, is recorded as planned only when the package manager finished and reported success; otherwise
 * nothing is claimed about it.
 */
export function changesWithoutRescan(
  plan: readonly PackageStep[],
  reread: Preflight | null,
  install: InstallRun,
): UnverifiedChanges {
  const changed: { step: PackageStep; after: string | null; readBy: UnverifiedSource }[] = [];
  const unknown: string[] = [];
  const reportedSuccess = install.state === 'finished' && install.exitCode === 0;
  for (const step of plan) {
    const found = reread?.packages.find((entry) => entry.name === step.name);
    // Only a version, or a package gone that was installed, is evidence; an item never installed shows neither.
    if (found !== undefined && (found.installed !== null || step.from !== null)) {
      if (found.installed === step.from) unknown.push(`${step.name} is still at ${step.from ?? 'nothing'}`);
      else changed.push({ step, after: found.installed, readBy: 'pre-flight' });
      continue;
    }
    if (reportedSuccess) changed.push({ step, after: step.to, readBy: 'package-manager' });
    else unknown.push(`what became of ${step.name} is unknown`);
  }
  return { changed, unknown };
}
