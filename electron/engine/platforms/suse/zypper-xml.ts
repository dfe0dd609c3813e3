import { ParseError } from '../types';

/** One <update> element of zypper's XML output: a package update or a patch. */
export interface ZypperUpdate {
  readonly kind: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** Issues the patch references: CVE ids, bugzilla numbers. */
  readonly issues: readonly { readonly type: string; readonly id: string }[];
  /** Repository alias the update comes from. */
  readonly repository: string | null;
}

/** What one zypper --xmlout run said. */
export interface ZypperXmlOutput {
  readonly updates: ZypperUpdate[];
  readonly errors: string[];
  readonly warnings: string[];
}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

// XML's Char production: what a character reference may name. Anything else (NUL, most controls, a surrogate, a
// number past U+10FFFF) is not XML, and String.fromCodePoint would throw a bare RangeError or make a lone surrogate.
const isXmlChar = (code: number): boolean =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  (code >= 0x10000 && code <= 0x10ffff);

/** Entities and character references decoded; `command` names the zypper run in the ParseError for a bad one. */
function decode(text: string, command: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (!entity.startsWith('#')) return entities[entity] ?? whole;
    const code = entity.startsWith('#x')
      ? Number.parseInt(entity.slice(2), 16)
      : Number.parseInt(entity.slice(1), 10);
    if (!isXmlChar(code)) {
      throw new ParseError(
        `zypper ${command}'s XML output has a character reference that is not a character: "${whole}".`,
      );
    }
    return String.fromCodePoint(code);
  });
}

/** The attributes of one XML start tag's body (`name="x" edition="1-2"`) from zypper `command`, entities decoded. */
export function attributesOf(tagBody: string, command: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tagBody.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (match[1]) attributes.set(match[1], decode(match[2] ?? match[3] ?? '', command));
  }
  return attributes;
}

/**
 * A small, tolerant reader for the XML zypper prints with --xmlout (list-updates, list-patches): it reads the
 * <update> elements with their attributes, issues and source, and the error and warning messages, and ignores
 * everything else. Throws ParseError when the document is not zypper's or was cut off.
 */
export function parseZypperXml(xml: string, command: string): ZypperXmlOutput {
  const text = xml.trim();
  if (!text.includes('<stream>')) {
    throw new ParseError(
      `zypper ${command} did not print its XML document (it said: "${text.slice(0, 80).replace(/\s+/g, ' ')}").`,
    );
  }
  if (!text.endsWith('</stream>'))
    throw new ParseError(`zypper ${command}'s XML output was cut off before </stream>.`);
  const messages = [...text.matchAll(/<message\s+type="(\w+)">([\s\S]*?)<\/message>/g)].map((match) => ({
    type: match[1] ?? '',
    text: decode(match[2] ?? '', command)
      .trim()
      .replace(/\s*\n\s*/g, ' / '),
  }));
  const errors = messages.filter((message) => message.type === 'error').map((message) => message.text);
  const warnings = messages.filter((message) => message.type === 'warning').map((message) => message.text);
  if (!text.includes('<update-status')) return { updates: [], errors, warnings };
  if (!text.includes('</update-list>') && !/<update-list\s*\/>/.test(text)) {
    throw new ParseError(`zypper ${command}'s XML output has no complete update list.`);
  }

  const updates: ZypperUpdate[] = [];
  for (const match of text.matchAll(/<update\s([^>]*?)(?:\/>|>([\s\S]*?)<\/update>)/g)) {
    const attributes = attributesOf(match[1] ?? '', command);
    const body = match[2] ?? '';
    const kind = attributes.get('kind');
    if (!kind || !attributes.get('name') || !attributes.get('edition')) {
      throw new ParseError(
        `zypper ${command} printed an <update> without kind, name or edition: "${match[0].slice(0, 120)}".`,
      );
    }
    const issues = [...body.matchAll(/<issue\s([^>]*?)\/?>/g)].map((issue) => {
      const issueAttributes = attributesOf(issue[1] ?? '', command);
      return { type: issueAttributes.get('type') ?? '', id: issueAttributes.get('id') ?? '' };
    });
    const source = /<source\s([^>]*?)\/?>/.exec(body);
    updates.push({
      kind,
      attributes,
      issues,
      repository: source?.[1] ? (attributesOf(source[1], command).get('alias') ?? null) : null,
    });
  }
  return { updates, errors, warnings };
}
