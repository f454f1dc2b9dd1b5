import { createRequire } from 'node:module';
import type * as KeytarModule from 'keytar';
import { SecretStoreError, type SecretStore } from './secretStore.js';

export const KEYCHAIN_SERVICE = 'gemgate';

type Keytar = typeof KeytarModule;

const FIX =
  'On Linux, run gemgate inside a desktop session that provides the Secret Service (GNOME Keyring or KWallet), ' +
  'or start one with `dbus-run-session` and an unlocked `gnome-keyring-daemon`; ' +
  'or use the encrypted file store instead: GEMGATE_SECRET_STORE=file with GEMGATE_PASSPHRASE set.';

function loadKeytar(): Keytar {
  try {
    // keytar is a native module that loads libsecret at require time; load it only when chosen so
    // the file backend works on machines without libsecret.
    return createRequire(import.meta.url)('keytar') as Keytar;
  } catch (error) {
    throw new SecretStoreError(
      `The OS keychain module could not be loaded (${(error as Error).message}). ${FIX}`,
    );
  }
}

/** Secrets in the OS keychain (macOS Keychain, Windows Credential Vault, Secret Service on Linux). */
export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;

  private constructor(
    private readonly keytar: Keytar,
    private readonly service: string,
  ) {}

  /** Opens the keychain and proves it answers, so a missing Secret Service fails now, clearly. */
  static async open(service = KEYCHAIN_SERVICE): Promise<KeychainStore> {
    const store = new KeychainStore(loadKeytar(), service);
    await store.call(() => store.keytar.getPassword(service, '__probe__'));
    return store;
  }

  get(id: string): Promise<string | null> {
    return this.call(() => this.keytar.getPassword(this.service, id));
  }

  set(id: string, secret: string): Promise<void> {
    return this.call(() => this.keytar.setPassword(this.service, id, secret));
  }

  delete(id: string): Promise<boolean> {
    return this.call(() => this.keytar.deletePassword(this.service, id));
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new SecretStoreError(`The OS keychain is not available (${(error as Error).message}). ${FIX}`);
    }
  }
}
