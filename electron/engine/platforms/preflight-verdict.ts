import type { PreflightPackage } from './types';

/** A pre-flight finding for an item this device cannot update at all; the note says why, for the technician. */
export function cannotUpdate(
  reason: string,
): Pick<PreflightPackage, 'installed' | 'candidate' | 'rollbackPossible' | 'rollbackNote'> {
  return { installed: null, candidate: null, rollbackPossible: false, rollbackNote: reason };
}

/** The finding for one package, once its installed and offered versions are known; the caller judges rollback. */
export function packageVerdict(name: string, installed: string | null, candidate: string | null) {
  return (rollbackPossible: boolean, rollbackNote: string): PreflightPackage => ({
    name,
    installed,
    candidate,
    rollbackPossible,
    rollbackNote,
  });
}

/** Why Patchdeck cannot roll back a kernel that the distribution replaces in place (Alpine, Arch). */
export function inPlaceKernelNote(name: string, distribution: string): string {
  return `${name} is a kernel ${distribution} replaces in place: the running kernel's modules are gone once the new one is installed, so going back means reinstalling the old package by hand and rebooting again.`;
}
