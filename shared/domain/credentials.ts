import { z } from 'zod';

/**
 * Where a stored password lives: sealed by the OS keychain, only obfuscated (safeStorage without a keyring, after
 * the technician opted in), or encrypted with the command line's passphrase.
 */
export const SecretStorage = z.enum(['os-keychain', 'obfuscated', 'passphrase']);
export type SecretStorage = z.output<typeof SecretStorage>;

/** Which of a device's stored passwords: its login password or the one its sudo asks for. */
export const StoredSecretKind = z.enum(['password', 'sudo']);
export type StoredSecretKind = z.output<typeof StoredSecretKind>;

/** How Patchdeck signs in to one device, retired ones too, as Settings lists it: never the secret itself. */
export const DeviceCredential = z.object({
  deviceId: z.number().int(),
  deviceName: z.string(),
  clientName: z.string(),
  user: z.string(),
  authKind: z.enum(['key', 'password', 'agent']),
  /** The private key file for a key login, else null. */
  keyPath: z.string().nullable(),
  /** Where the login password lives; null when none is stored. */
  password: SecretStorage.nullable(),
  /** Where the sudo password lives; null when none is stored (sudo then reuses the login password, if any). */
  sudoPassword: SecretStorage.nullable(),
  /** When the device was retired (its stored passwords can still be forgotten); null for a managed device. */
  retiredAt: z.string().nullable(),
});
export type DeviceCredential = z.output<typeof DeviceCredential>;

export const CredentialForgetRequest = z.object({
  deviceId: z.number().int().positive(),
  secret: StoredSecretKind,
});
