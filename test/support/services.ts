import { openStore } from '../../proxy/store/openStore.js';
import { FileSecretStore } from '../../proxy/secrets/fileStore.js';
import { GeminiClient } from '../../proxy/upstream/geminiClient.js';
import { ProviderClient } from '../../proxy/upstream/openaiCompatible/providerClient.js';
import { buildServices, type Services } from '../../proxy/app/services.js';

/**
 * The gateway's services over a data folder, made in this process the way a CLI command makes them
 * (its keys in the encrypted file store under `passphrase`); everything is closed after `run`.
 */
export async function withDataFolder<T>(
  dataDir: string,
  passphrase: string,
  run: (services: Services) => T | Promise<T>,
): Promise<T> {
  const store = openStore(dataDir);
  const client = new GeminiClient(store.settings.get('upstream.baseUrl'));
  const providerClient = new ProviderClient(10_000);
  try {
    const secrets = FileSecretStore.open(dataDir, passphrase);
    return await run(buildServices(store, { secrets, client, providerClient }));
  } finally {
    await client.close();
    await providerClient.close();
    store.close();
  }
}
