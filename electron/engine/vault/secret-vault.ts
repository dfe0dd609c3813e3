/** A secret after the vault sealed it: only the vault that sealed it (same scheme) can open it. */
export interface SealedSecret {
  readonly scheme: string;
  readonly sealed: string;
}

export interface VaultStatus {
  readonly kind: string;
  readonly available: boolean;
  /** Something the technician must know, e.g. that the OS keyring is missing and secrets would be weakly protected. */
  readonly warning: string | null;
  /** Secrets would only be obfuscated, not encrypted (safeStorage's basic_text): used only if the technician opts in. */
  readonly weak?: boolean;
}

/**
 * Where passwords go. Secrets are never stored in plain text: the app seals with Electron's safeStorage (OS
 * keychain), the CLI with a key derived from a passphrase. A vault that cannot seal safely throws
 * AppError('vault-unavailable') with the reason, and the caller stores nothing.
 */
export interface SecretVault {
  status(): VaultStatus;
  seal(secret: string): Promise<SealedSecret>;
  open(secret: SealedSecret): Promise<string>;
}
