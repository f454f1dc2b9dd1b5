import { liveSecrets } from '../log/liveSecrets.js';
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

/**
 * Opens the chosen backend. There is no fallback: a keychain that fails is an error, never plain
 * text. Every secret read from it or written to it is from then on masked by value wherever this
 * process writes text (log/liveSecrets.ts), whatever its shape.
 */
export async function openSecretStore(dataDir: string, env = process.env): Promise<SecretStore> {
  const kind = secretStoreKindFromEnv(env);
  return maskingSecrets(
    kind === 'file' ? FileSecretStore.open(dataDir, env.GEMGATE_PASSPHRASE) : await KeychainStore.open(),
  );
}

function maskingSecrets(store: SecretStore): SecretStore {
  return {
    kind: store.kind,
    async get(id) {
      const secret = await store.get(id);
      liveSecrets.add(secret);
      return secret;
    },
    async set(id, secret) {
      liveSecrets.add(secret);
      await store.set(id, secret);
    },
    // A removed key stays masked: it is no less secret for being out of the pool.
    delete: (id) => store.delete(id),
  };
}
