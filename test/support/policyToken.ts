import { openStore } from '../../proxy/store/openStore.js';
import { ClientPolicies } from '../../proxy/policy/clientPolicies.js';
import type { ClientPolicy } from '../../proxy/policy/clientPolicy.js';

/**
 * A new client token under `policy`, made in the data folder the way the CLI makes one (the running
 * gateway reads policies on every request). Returns the token's secret.
 */
export function tokenWithPolicy(dataDir: string, name: string, policy: ClientPolicy): string {
  const store = openStore(dataDir);
  try {
    const { record, token } = store.tokens.create(name);
    new ClientPolicies(store).set(record.id, policy);
    return token;
  } finally {
    store.close();
  }
}
