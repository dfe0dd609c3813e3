import { describe, expect, it } from 'vitest';
import { formatAgo, formatCountOf, timeZoneNames } from '../../renderer/src/format';

describe('formatAgo', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');

  it('says how long ago in the largest whole unit', () => {
    expect(formatAgo('2026-11-22T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-11-22T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatAgo('2026-11-22T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatAgo('2026-11-21T10:00:00Z', now)).toBe('yesterday');
    expect(formatAgo('2026-11-19T12:00:00Z', now)).toBe('3 days ago');
  });

  it('shows text that is not a date as it is', () => {
    expect(formatAgo('garbage', now)).toBe('garbage');
  });
});

describe('timeZoneNames', () => {
  it('lists UTC first, once, and real IANA zones', () => {
    const zones = timeZoneNames();
    expect(zones[0]).toBe('UTC');
    expect(zones.filter((zone) => zone === 'UTC')).toHaveLength(1);
    expect(zones).toContain('Europe/Berlin');
  });
});

describe('formatCountOf', () => {
  it('names one in the singular, none and many in the plural, with thousands separated', () => {
    expect(formatCountOf(1, 'device')).toBe('1 device');
    expect(formatCountOf(0, 'device')).toBe('0 devices');
    expect(formatCountOf(2000, 'ready device')).toBe('2,000 ready devices');
  });
});
