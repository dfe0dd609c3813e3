import { type Nevra, parseNevra } from '../linux-rpm';
import { ParseError } from '../types';

/** One advisory for one package, as `updateinfo list` prints it. */
export interface PackageAdvisory {
  readonly id: string;
  /** security, bugfix, enhancement, newpackage, unspecified … in dnf's words, lower case. */
  readonly type: string;
  readonly severity: string | null;
  readonly nevra: Nevra;
}

// Lines dnf, yum and RHEL's subscription-manager plugin print around the advisory list.
const chatter =
  /^(Updating and loading repositories:|Repositories loaded\.|Loaded plugins:|Last metadata expiration check:|updateinfo list done|Updating Subscription Management repositories\.|Unable to read consumer identity|This system is (?:not )?registered )/;

/**
 * Parses `dnf updateinfo list` (dnf 4 and yum: "ID  Important/Sec.  NEVRA", the type word for other kinds) and
 * dnf 5's table ("Name Type Severity Package Issued" header). Throws ParseError on a line of neither shape.
 */
export function parseUpdateinfoList(stdout: string): PackageAdvisory[] {
  const advisories: PackageAdvisory[] = [];
  let dnf5Table = false;
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    if (line === '' || chatter.test(line)) continue;
    const tokens = line.split(/\s+/);
    if (tokens[0] === 'Name' && tokens[1] === 'Type' && tokens[2] === 'Severity') {
      dnf5Table = true;
      continue;
    }
    const advisory = dnf5Table ? readDnf5Row(tokens) : readDnf4Row(tokens);
    if (advisory === null)
      throw new ParseError(
        `updateinfo printed a line Patchdeck cannot read as an advisory: "${line.slice(0, 160)}".`,
      );
    advisories.push(advisory);
  }
  return advisories;
}

function readDnf4Row(tokens: string[]): PackageAdvisory | null {
  const [id, kind, nevraText] = tokens;
  const nevra = nevraText ? parseNevra(nevraText) : null;
  if (tokens.length !== 3 || !id || !kind || nevra === null) return null;
  // "Important/Sec." is a security advisory with its severity; other kinds print just their type.
  const security = /^(\w+)\/Sec\.$/.exec(kind);
  if (security?.[1]) return { id, type: 'security', severity: security[1], nevra };
  return { id, type: kind.toLowerCase(), severity: null, nevra };
}

function readDnf5Row(tokens: string[]): PackageAdvisory | null {
  // Name Type Severity Package Issued(date time); the severity column is empty for some advisories.
  const nevraIndex = tokens.findIndex((token, index) => index >= 2 && parseNevra(token) !== null);
  const [id, type] = tokens;
  const nevraText = tokens[nevraIndex];
  const nevra = nevraText ? parseNevra(nevraText) : null;
  if (!id || !type || nevra === null || nevraIndex > 3) return null;
  const severity = nevraIndex === 3 ? (tokens[2] ?? null) : null;
  return { id, type: type.toLowerCase(), severity, nevra };
}
