import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { liveSecrets } from '../log/liveSecrets.js';
import { FileSecretStore } from './fileStore.js';
import { KEYCHAIN_INSTALL_HINT, KeychainStore, loadKeytar, type Keytar } from './keychainStore.js';
import { SecretStoreError, type SecretStore } from './secretStore.js';

/** The file holding the file store's passphrase when gemgate chose that store and none was given. */
export const GENERATED_PASSPHRASE_FILE = 'secrets.passphrase';

export type SecretStoreChoice = 'keychain' | 'file' | 'either';

/** GEMGATE_SECRET_STORE: `keychain`, `file`, or unset: the keychain where its module loads, else the file. */
export function secretStoreChoiceFromEnv(env = process.env): SecretStoreChoice {
  const kind = env.GEMGATE_SECRET_STORE;
  if (kind === undefined || kind === '') return 'either';
  if (kind !== 'keychain' && kind !== 'file') {
    throw new SecretStoreError(`GEMGATE_SECRET_STORE must be "keychain" or "file", not "${kind}".`);
  }
  return kind;
}

/**
 * Opens the secret store:
 *
 * | GEMGATE_SECRET_STORE | keychain module | store                                                          |
 * |----------------------|-----------------|----------------------------------------------------------------|
 * | `keychain`           | loads           | the OS keychain; one that does not answer is an error          |
 * | `keychain`           | missing         | an error saying how to install it (the desktop app asks so)    |
 * | unset                | loads           | the OS keychain, as above: never a silent fallback to a file   |
 * | unset                | missing         | the encrypted file store, said so in its description           |
 * | `file`               | —               | the encrypted file store                                       |
 *
 * The file store's passphrase is GEMGATE_PASSPHRASE. When gemgate chose the file store itself and no
 * passphrase is set (a bare machine: `npm ci && npx gemgate serve`), it makes a random one, kept in
 * the data folder (`secrets.passphrase`, readable by the user only), so the two commands work; the
 * description says so and how to do better. A chosen `file` store still needs GEMGATE_PASSPHRASE.
 */
export async function openSecretStore(
  dataDir: string,
  env = process.env,
  keytar: () => Keytar | Error = loadKeytar,
): Promise<SecretStore> {
  return maskingSecrets(await openBackend(dataDir, env, keytar));
}

async function openBackend(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  keytar: () => Keytar | Error,
): Promise<SecretStore> {
  const choice = secretStoreChoiceFromEnv(env);
  if (choice === 'file') return FileSecretStore.open(dataDir, env.GEMGATE_PASSPHRASE);
  const module = keytar();
  if (choice === 'keychain' || !(module instanceof Error)) return KeychainStore.open(undefined, module);
  const given = env.GEMGATE_PASSPHRASE;
  const store = FileSecretStore.open(dataDir, given || generatedPassphrase(dataDir));
  const unlocked = given
    ? 'GEMGATE_PASSPHRASE'
    : `a passphrase kept in ${GENERATED_PASSPHRASE_FILE} beside it`;
  return store.withDescription(
    `${store.description}, unlocked by ${unlocked}: the OS keychain module (keytar) is not installed; for the keychain, ${KEYCHAIN_INSTALL_HINT}`,
  );
}

/**
 * The passphrase gemgate made for this data folder, made now the first time. Made exclusively (a
 * hard link fails when the file exists), so a `gemgate keys add` started at the same moment as
 * `serve` reads the one passphrase rather than writing a second.
 */
function generatedPassphrase(dataDir: string): string {
  const file = path.join(dataDir, GENERATED_PASSPHRASE_FILE);
  const kept = readPassphrase(file);
  if (kept) return kept;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(draft, `${crypto.randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
  return readPassphrase(file)!;
}

function readPassphrase(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined; // not made yet
  }
}

/**
 * The store as the gateway uses it: every secret read from it or written to it is from then on
 * masked by value wherever this process writes text (log/liveSecrets.ts), whatever its shape.
 */
function maskingSecrets(store: SecretStore): SecretStore {
  return {
    kind: store.kind,
    ...(store.description === undefined ? {} : { description: store.description }),
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
      // As openBackend chooses: the keychain when chosen, or when left to gemgate and its module loads.
      const choice = secretStoreChoiceFromEnv(env);
      if (choice !== 'either') return choice;
      return loadKeytar() instanceof Error ? 'file' : 'keychain';
    },
    get: async (id) => (await open()).get(id),
    set: async (id, secret) => (await open()).set(id, secret),
    delete: async (id) => (await open()).delete(id),
  };
}
