import type { Device } from '../../../shared/domain/fleet';
import type { Patch } from '../../../shared/domain/scan';
import type { ExceptionRow } from '../db/repositories/policies';
import { holdingException } from '../policy/exception-rules';

/**
 * A deployment of "everything" (`--all`) or "every security update" (`--all-security`) leaves out what an exception
 * holds on the device, as a policy's run does: the exception was made for a reason (a vendor's application that
 * breaks with the new version) and a sweep must not undo it. Each update left out is named in the job's warnings
 * with the exception's reason and expiry; deploying the package by name (`--package`, or chosen in the console) still
 * installs it.
 */
export function leaveOutExcepted(
  exceptions: ReadonlyMap<string, readonly ExceptionRow[]>,
  device: Device,
  patches: readonly Patch[],
  now: Date,
): { readonly patches: Patch[]; readonly warnings: string[] } {
  const kept: Patch[] = [];
  const warnings: string[] = [];
  for (const patch of patches) {
    const holding = holdingException(exceptions, device, patch, now);
    if (!holding) kept.push(patch);
    else
      warnings.push(
        `${patch.name} is held by an exception until ${holding.expiresAt} (${holding.reason}): not installed. ` +
          `Deploy it by name to install it anyway.`,
      );
  }
  return { patches: kept, warnings };
}
