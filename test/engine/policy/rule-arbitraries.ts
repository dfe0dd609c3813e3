import fc from 'fast-check';
import { rings } from '../../../shared/domain/fleet';
import { UpdateClassification, packageManagers } from '../../../shared/domain/inventory';
import type { DeviceFacts, UpdateFacts } from '../../../electron/engine/policy/update-facts';

/** Instants within a few years of now, as ms, so date arithmetic stays exact. */
export const instantMs = fc.integer({
  min: Date.parse('2025-01-01T00:00:00Z'),
  max: Date.parse('2028-01-01T00:00:00Z'),
});

export const packageName = fc.constantFrom(
  'openssl',
  'OpenSSL',
  'curl',
  'libc6',
  'KB5034441',
  'firefox',
  'linux-image-amd64',
);

export const tag = fc.constantFrom('web', 'db', 'Web', 'edge', 'finance');

export const device: fc.Arbitrary<DeviceFacts> = fc.record({
  id: fc.integer({ min: 1, max: 6 }),
  clientId: fc.integer({ min: 1, max: 3 }),
  tags: fc.uniqueArray(tag, { maxLength: 3 }),
  ring: fc.constantFrom(...rings),
  platform: fc.constantFrom('debian', 'rhel', 'windows', 'macos', null),
});

export const update: fc.Arbitrary<UpdateFacts> = fc.record({
  name: packageName,
  security: fc.boolean(),
  classification: fc.constantFrom(...UpdateClassification.options),
  manager: fc.constantFrom(...packageManagers),
  advisoryIds: fc.uniqueArray(fc.constantFrom('KB5034441', 'DSA-5678-1', 'kb5030000'), { maxLength: 2 }),
  firstSeenAt: instantMs.map((ms) => new Date(ms).toISOString()),
});
