import { FileSecretStore } from './fileStore.js';
import { KeychainStore } from './keychainStore.js';
import { SecretStoreError, type SecretStore, type SecretStoreKind } from './secretStore.js';

export function secretStoreKindFromEnv(env = process.env): SecretStoreKind {
  const kind = env.GEMGATE_SECRET_STORE ?? 'keychain';
  if (kind !== 'keychain' && kind !== 'file') {
    throw new SecretStoreError(`GEMGATE_SECRET_STORE must be "keychain" or "file", not "${kind}".`);
  }
  return kind;
}

/** Opens the chosen backend. There is no fallback: a keychain that fails is an error, never plain text. */
export async function openSecretStore(dataDir: string, env = process.env): Promise<SecretStore> {
  const kind = secretStoreKindFromEnv(env);
  if (kind === 'file') return FileSecretStore.open(dataDir, env.GEMGATE_PASSPHRASE);
  return KeychainStore.open();
}
