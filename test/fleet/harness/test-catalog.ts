import type { TestPackage } from './test-package';

/** Packages every fleet host has installed at these (old) versions when it starts. */
export const INSTALLED_AT_START: readonly TestPackage[] = [
  { name: 'pd-hello', version: '1.0-1', suite: 'bookworm' },
  { name: 'pd-tools', version: '2.0-1', suite: 'bookworm' },
  // Binary and source names differ, as with libssl3 from openssl: advisories name the source.
  { name: 'pd-libfoo1', version: '1.0-1', suite: 'bookworm', source: 'pd-foo' },
];

/** Newer versions the local repository offers from the start, plus one package no host has. */
export const OFFERED_AT_START: readonly TestPackage[] = [
  { name: 'pd-hello', version: '1.1-1', suite: 'bookworm-security' },
  { name: 'pd-tools', version: '2.1-1', suite: 'bookworm' },
  { name: 'pd-libfoo1', version: '1.0-2', suite: 'bookworm-security', source: 'pd-foo' },
  { name: 'pd-extra', version: '1.0-1', suite: 'bookworm' },
];
