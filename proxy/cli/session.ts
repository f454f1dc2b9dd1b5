import type { Command } from 'commander';
import { openStore } from '../store/openStore.js';
import { openSecretStoreWhenUsed } from '../secrets/openSecretStore.js';
import { GeminiClient } from '../upstream/geminiClient.js';
import { ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { buildServices, type Services } from '../app/services.js';
import { dataDirOf } from './options.js';

/** Long enough for a slow service to answer its model list; short enough that a wrong URL fails soon. */
const CHECK_TIMEOUT_MS = 30_000;

/**
 * Runs a command against the data folder: the store and the same services the gateway builds over
 * it, closed when the command is done. The secret store opens only if the command touches a secret;
 * the clients connect only if it calls a provider (key checks, adding a provider or its keys).
 */
export async function withServices<T>(
  command: Command,
  run: (services: Services) => T | Promise<T>,
): Promise<T> {
  const dataDir = dataDirOf(command);
  const store = openStore(dataDir);
  const client = new GeminiClient(store.settings.get('upstream.baseUrl'));
  const providerClient = new ProviderClient(CHECK_TIMEOUT_MS);
  try {
    const secrets = openSecretStoreWhenUsed(dataDir);
    return await run(buildServices(store, { secrets, client, providerClient }));
  } finally {
    await client.close();
    await providerClient.close();
    store.close();
  }
}
