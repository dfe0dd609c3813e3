import { assertNever } from '../../../shared/errors';
import type { PackageManager } from '../../../shared/domain/inventory';
import type { PolicyContent } from '../../../shared/domain/policies';
import { matchesPackagePattern } from './package-pattern';
import type { UpdateFacts } from './update-facts';

/** Application stores, as opposed to the operating system's own packages and updates. */
const thirdPartyManagers: ReadonlySet<PackageManager> = new Set([
  'brew',
  'brew-cask',
  'macos-app',
  'winget',
  'choco',
]);

/**
 * Whether the policy's content covers an update. Every condition narrows: an exclude pattern leaves the update
 * out, include patterns (when there are any) keep only the updates they name, third-party apps are left out when
 * the policy says so, and the kind (security only, all, classifications) decides the rest.
 */
export function updateInContent(content: PolicyContent, update: UpdateFacts): boolean {
  if (content.exclude.some((pattern) => matchesPackagePattern(pattern, update.name))) return false;
  if (
    content.include.length > 0 &&
    !content.include.some((pattern) => matchesPackagePattern(pattern, update.name))
  )
    return false;
  if (!content.thirdParty && thirdPartyManagers.has(update.manager)) return false;
  switch (content.kind) {
    case 'security':
      return update.security;
    case 'all':
      return true;
    case 'classifications':
      return (
        content.classifications.includes(update.classification) ||
        (update.security && content.classifications.includes('security'))
      );
    default:
      return assertNever(content.kind, 'content kind');
  }
}
