/** Where key material lives. Only the gateway process ever holds a key in clear, in memory. */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** Where the secrets are, in words for a person (`serve` prints it): "the OS keychain", … */
  readonly description?: string;
  get(id: string): Promise<string | null>;
  set(id: string, secret: string): Promise<void>;
  delete(id: string): Promise<boolean>;
}

export type SecretStoreKind = 'keychain' | 'file';

/** A failure the user can fix; its message says how. Never carries key material. */
export class SecretStoreError extends Error {
  override name = 'SecretStoreError';
}
