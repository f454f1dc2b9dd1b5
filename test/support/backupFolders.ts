import { openStore, type Store } from '../../proxy/store/openStore.js';
import { FileSecretStore } from '../../proxy/secrets/fileStore.js';
import type { AddKeysInput, KeyRegistry } from '../../proxy/keys/keyRegistry.js';
import { GeminiClient } from '../../proxy/upstream/geminiClient.js';
import { ProviderClient } from '../../proxy/upstream/openaiCompatible/providerClient.js';
import { collectBackup, type BackupPayload } from '../../proxy/backup/backupPayload.js';
import { buildServices, type Services } from '../../proxy/app/services.js';
import { tempDataDir } from './dataDir.js';

/** A data folder as the import sees it: its database and its secret store (the encrypted file). */
export interface BackupFolder {
  dir: string;
  store: Store;
  secrets: FileSecretStore;
  /** The gateway's services over this folder (policies, prices, keys, ...). */
  services: Services;
  /** Adds keys the way `gemgate keys add` does. */
  addKeys(input: AddKeysInput): ReturnType<KeyRegistry['add']>;
  /** What `gemgate backup export` would put in the file, decrypted. */
  payload(): Promise<BackupPayload>;
}

/** Opens fresh data folders; `closeAll` (in afterEach) closes and removes them. */
export function backupFolders(): { open(label: string): BackupFolder; closeAll(): void } {
  const cleanups: Array<() => void> = [];
  return {
    open(label) {
      const data = tempDataDir(label);
      const store = openStore(data.dir);
      cleanups.push(() => {
        store.close();
        data.cleanup();
      });
      const secrets = FileSecretStore.open(data.dir, 'store pass');
      // Never called here: no folder checks keys or speaks to another provider.
      const client = new GeminiClient('http://127.0.0.1:9');
      const providerClient = new ProviderClient(10_000);
      cleanups.push(
        () => void client.close(),
        () => void providerClient.close(),
      );
      const services = buildServices(store, { secrets, client, providerClient });
      return {
        dir: data.dir,
        store,
        secrets,
        services,
        addKeys: (input) => services.keys.add(input),
        payload: async () => (await collectBackup(services, secrets)).payload,
      };
    },
    closeAll: () => cleanups.splice(0).forEach((cleanup) => cleanup()),
  };
}
