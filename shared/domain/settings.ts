import { z } from 'zod';

/** How Patchdeck talks SSH when a scan or deployment does not say otherwise. */
export const SshDefaults = z.object({
  /** Devices worked on at once. */
  concurrency: z
    .number()
    .int()
    .min(1, { error: 'concurrency must be at least 1' })
    .max(1024, { error: 'concurrency must be at most 1024' }),
  /** A device that does not accept the TCP connection in this time is unreachable. */
  connectTimeoutMs: z
    .number()
    .int()
    .min(500, { error: 'the connect timeout must be at least 0.5 s' })
    .max(120_000, { error: 'the connect timeout must be at most 120 s' }),
  /** A device that accepts TCP but does not finish SSH sign-in in this time has timed out. */
  handshakeTimeoutMs: z
    .number()
    .int()
    .min(1_000, { error: 'the sign-in timeout must be at least 1 s' })
    .max(300_000, { error: 'the sign-in timeout must be at most 300 s' }),
  /** Longest a single remote command (a scan, an install step) may run. */
  commandTimeoutMs: z
    .number()
    .int()
    .min(5_000, { error: 'the command timeout must be at least 5 s' })
    .max(86_400_000, { error: 'the command timeout must be at most 24 hours' }),
});
export type SshDefaults = z.infer<typeof SshDefaults>;

/** Every stored setting. Each top-level key is one row of the `settings` table (key → JSON value). */
export const Settings = z.object({
  ssh: SshDefaults,
  /** A device whose last good scan is older than this many days is shown as not fresh. */
  scanFreshnessDays: z
    .number()
    .int()
    .min(1, { error: 'the scan freshness threshold must be at least 1 day' })
    .max(365, { error: 'the scan freshness threshold must be at most 365 days' }),
  /** The folder the console offers for a backup (null: the user's documents folder, chosen by main). */
  backupFolder: z.string().min(1).max(4096).nullable(),
  /**
   * Store passwords even when the OS offers no keyring (Electron's safeStorage falls back to basic_text, which
   * only obfuscates). Off until the technician opts in, having been told what it means.
   */
  allowWeakSecretStorage: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

/** A change to some settings: what is left out keeps its value. */
export const SettingsUpdate = z
  .object({
    ssh: SshDefaults.partial().strict().optional(),
    scanFreshnessDays: Settings.shape.scanFreshnessDays.optional(),
    backupFolder: Settings.shape.backupFolder.optional(),
    allowWeakSecretStorage: Settings.shape.allowWeakSecretStorage.optional(),
  })
  .strict();
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export const BackupRequest = z.object({
  /** The file to write: an absolute path the technician chose in a save dialog. */
  path: z.string().min(1).max(4096),
  overwrite: z.boolean().default(false),
});

export const BackupResult = z.object({
  path: z.string(),
  bytes: z.number().int(),
  schemaVersion: z.number().int(),
  /** What the technician must know about the passwords inside (sealed by this machine's keychain or a passphrase). */
  secretsNote: z.string(),
});
export type BackupResult = z.infer<typeof BackupResult>;

export const RestoreRequest = z.object({ path: z.string().min(1).max(4096) });

export const RestoreResult = z.object({
  restoredFrom: z.string(),
  /** Where the database that was replaced now lives. */
  previousKeptAs: z.string().nullable(),
  /** The schema version of the restored file, before it is brought up to date on the next open. */
  schemaVersion: z.number().int(),
  /** Always true: the engine closed its database, main must restart the engine process. */
  restartRequired: z.literal(true),
});
export type RestoreResult = z.infer<typeof RestoreResult>;
