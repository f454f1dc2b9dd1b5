import type { Command } from 'commander';
import { openStore } from '../store/openStore.js';
import { openSecretStoreWhenUsed } from '../secrets/openSecretStore.js';
import { buildServices, type Services } from '../app/services.js';
import { dataDirOf } from './options.js';

/**
 * Runs a command against the data folder: the store and the same services the gateway builds over
 * it, closed when the command is done. The secret store opens only if the command touches a secret.
 */
export async function withServices<T>(
  command: Command,
  run: (services: Services) => T | Promise<T>,
): Promise<T> {
  const dataDir = dataDirOf(command);
  const store = openStore(dataDir);
  try {
    return await run(buildServices(store, { secrets: openSecretStoreWhenUsed(dataDir) }));
  } finally {
    store.close();
  }
}
