import { createRequire } from 'node:module';
import type * as KeytarModule from 'keytar';
import { SecretStoreError, type SecretStore } from './secretStore.js';

export const KEYCHAIN_SERVICE = 'gemgate';

export type Keytar = typeof KeytarModule;

const FIX =
  'On Linux, run gemgate inside a desktop session that provides the Secret Service (GNOME Keyring or KWallet), ' +
  'or start one with `dbus-run-session` and an unlocked `gnome-keyring-daemon`; ' +
  'or use the encrypted file store instead: GEMGATE_SECRET_STORE=file with GEMGATE_PASSPHRASE set.';

/** How to get the keychain module where `npm ci` could not build it (it is an optional dependency). */
export const KEYCHAIN_INSTALL_HINT =
  'install libsecret-1-dev, python3, make and g++ (Debian/Ubuntu), then run npm ci again';

/**
 * The keychain module (keytar), or why it cannot be loaded. keytar is a native module with no
 * prebuilt binary for current Node, so `npm ci` builds it, which needs libsecret's headers and a
 * compiler; without them npm leaves the optional dependency out. Loaded only when the keychain is
 * chosen or tried, so the file store works on machines without libsecret.
 */
export function loadKeytar(): Keytar | Error {
  try {
    return createRequire(import.meta.url)('keytar') as Keytar;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Secrets in the OS keychain (macOS Keychain, Windows Credential Vault, Secret Service on Linux). */
export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly description = 'the OS keychain';

  private constructor(
    private readonly keytar: Keytar,
    private readonly service: string,
  ) {}

  /** Opens the keychain and proves it answers, so a missing Secret Service fails now, clearly. */
  static async open(
    service = KEYCHAIN_SERVICE,
    keytar: Keytar | Error = loadKeytar(),
  ): Promise<KeychainStore> {
    if (keytar instanceof Error) {
      throw new SecretStoreError(
        `The OS keychain module could not be loaded (${keytar.message.split('\n')[0]}): ${KEYCHAIN_INSTALL_HINT}. ${FIX}`,
      );
    }
    const store = new KeychainStore(keytar, service);
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
