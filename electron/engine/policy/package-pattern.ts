/**
 * Whether a package name matches a policy's glob (`openssl*`, `linux-image-?.*`): `*` any run of characters,
 * `?` exactly one, everything else literal, without regard to case (package managers differ in case, KB ids too).
 */
export function matchesPackagePattern(pattern: string, name: string): boolean {
  return compiled(pattern).test(name);
}

const cache = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (!regex) {
    const body = [...pattern]
      .map((character) =>
        character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[\\^$.|+()[\]{}/-]/g, '\\$&'),
      )
      .join('');
    regex = new RegExp(`^${body}$`, 'is');
    cache.set(pattern, regex);
  }
  return regex;
}
