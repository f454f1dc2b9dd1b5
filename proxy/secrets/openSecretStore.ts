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

/**
 * The chosen backend, opened the first time a secret is read or written: a command that touches
 * no secret (listing keys, changing a setting) never unlocks the keychain or asks for the
 * passphrase, and one that does fails there with the backend's own message.
 */
export function openSecretStoreWhenUsed(dataDir: string, env = process.env): SecretStore {
  let opening: Promise<SecretStore> | undefined;
  const open = () => (opening ??= openSecretStore(dataDir, env));
  return {
    get kind() {
      return secretStoreKindFromEnv(env);
    },
    get: async (id) => (await open()).get(id),
    set: async (id, secret) => (await open()).set(id, secret),
    delete: async (id) => (await open()).delete(id),
  };
}
