import type { Settings } from '../../../shared/domain/settings';
import { defaultConnectTimeoutMs, defaultHandshakeTimeoutMs } from '../ssh/connect';
import { defaultCommandTimeoutMs } from '../ssh/run';

/** What a new database starts with: the SSH layer's own defaults, so an untouched Settings page changes nothing. */
export const defaultSettings: Settings = {
  ssh: {
    concurrency: 32,
    connectTimeoutMs: defaultConnectTimeoutMs,
    handshakeTimeoutMs: defaultHandshakeTimeoutMs,
    commandTimeoutMs: defaultCommandTimeoutMs,
  },
  scanFreshnessDays: 7,
  backupFolder: null,
  allowWeakSecretStorage: false,
};
