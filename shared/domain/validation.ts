import { z } from 'zod';

/** Names show up in reports, file names and terminal output: no control characters (which includes newlines). */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** A display name (client, device, policy): trimmed, 1 to 100 characters, one line. */
export function nameSchema(what: string) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(100, { error: `${what} must be at most 100 characters` })
    .refine((value) => !hasControlCharacter(value), { error: `${what} must be a single line of text` });
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** True for an IPv4 literal in dotted-quad form. */
export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** True for an IPv6 literal (with optional zone id and embedded IPv4 tail), without brackets. */
export function isIpv6(text: string): boolean {
  const [address, zone, ...rest] = text.split('%');
  if (address === undefined || rest.length > 0 || zone === '') return false;
  let groups = address;
  let tailGroups = 0;
  const lastColon = groups.lastIndexOf(':');
  if (lastColon >= 0 && groups.slice(lastColon + 1).includes('.')) {
    if (!isIpv4(groups.slice(lastColon + 1))) return false;
    groups = `${groups.slice(0, lastColon + 1)}0`;
    tailGroups = 1;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const parts = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!parts.every((part) => /^[0-9a-f]{1,4}$/i.test(part))) return false;
  const expected = 8 - (tailGroups > 1 ? 1 : 0);
  return halves.length === 2 ? parts.length < expected : parts.length === expected;
}

/** True for a DNS hostname (RFC 1123 labels, at most 253 characters, not all-numeric TLD). */
export function isHostname(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (!labels.every((label) => HOSTNAME_LABEL.test(label))) return false;
  // "300.1.1.1" is a broken IPv4 address, not a hostname.
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

/** A device address: hostname, IPv4 or IPv6 literal. */
export const HostSchema = z
  .string({ error: 'host is required' })
  .trim()
  .min(1, { error: 'host must not be empty' })
  .refine((host) => isIpv4(host) || isIpv6(host) || isHostname(host), {
    error: (issue) => `host '${String(issue.input)}' is neither a hostname nor an IP address`,
  });

export const PortSchema = z.coerce
  .number({ error: 'port must be a number' })
  .int({ error: 'port must be a whole number' })
  .min(1, { error: 'port must be between 1 and 65535' })
  .max(65535, { error: 'port must be between 1 and 65535' });

/** True when the runtime knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone as the IANA database spells it: the runtime matches names without regard to case, so "europe/berlin"
 * is accepted, and is stored as "Europe/Berlin" rather than shown so on every report. Other aliases stay as given.
 */
function canonicalCase(zone: string): string {
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return canonical.toLowerCase() === zone.toLowerCase() ? canonical : zone;
}

export const TimeZoneSchema = z
  .string()
  .trim()
  .refine(isTimeZone, {
    error: (issue) =>
      `'${String(issue.input)}' is not an IANA time zone (e.g. Europe/Berlin, America/New_York)`,
  })
  .transform(canonicalCase);

/**
 * SSH user names: POSIX portable names plus what Windows and LDAP accounts use ('DOMAIN\\user', 'user@domain', a
 * machine account's trailing '$'). Never a leading '-' or '$': ssh would read the one as an option, and the SSH
 * layer refuses both (ssh/target.ts checks the same pattern), so a device stored with one could never be reached.
 */
export const sshUserNamePattern = /^[A-Za-z0-9._@\\][A-Za-z0-9._@\\$-]*$/;

export const SshUserSchema = z
  .string({ error: 'user is required' })
  .trim()
  .min(1, { error: 'user must not be empty' })
  .max(256, { error: 'user must be at most 256 characters' })
  .regex(sshUserNamePattern, {
    error: 'user may contain only letters, digits and . _ @ \\ - $, and must not start with - or $',
  });

export const TagSchema = z
  .string()
  .trim()
  .min(1, { error: 'a tag must not be empty' })
  .max(40, { error: 'a tag must be at most 40 characters' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9:_./-]*$/, {
    error: 'a tag starts with a letter or digit and may contain letters, digits and : _ . / -',
  });
