import { describe, expect, it } from 'vitest';
import { parseZypperXml } from '../../../../electron/engine/platforms/suse/zypper-xml';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { fixture } from '../detect/framed-run';

const recorded = fixture('suse/zypper-list-updates.xml');

/** The recorded list-updates output with the first package's name ending in `reference`. */
const withReference = (reference: string) =>
  recorded.replace('name="openssl-3"', `name="openssl-3${reference}"`);

describe('parseZypperXml on character references', () => {
  it('decodes the references XML allows', () => {
    const parsed = parseZypperXml(withReference('&#x41;&#66;&#x1F600;&amp;'), 'list-updates');
    expect(parsed.updates[0]?.attributes.get('name')).toBe('openssl-3AB\u{1F600}&');
  });

  it.each([
    ['beyond Unicode', '&#x110000;'],
    ['a surrogate', '&#xD800;'],
    ['a decimal surrogate', '&#57343;'],
    ['a NUL', '&#0;'],
    ['a control character', '&#x1B;'],
    ['a non-character', '&#xFFFE;'],
    ['a number too long for any character', '&#99999999999999999999999;'],
  ])("throws ParseError naming zypper's XML and the reference for %s", (_, reference) => {
    const parse = () => parseZypperXml(withReference(reference), 'list-updates');
    expect(parse).toThrow(ParseError);
    expect(parse).toThrow(
      `zypper list-updates's XML output has a character reference that is not a character: "${reference}".`,
    );
  });
});
