import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import { ClientPolicies } from '../policy/clientPolicies.js';
import { PriceTable } from '../usage/priceTable.js';
import { UsageQueries } from '../usage/usageQueries.js';
import { Backups } from '../backup/backups.js';

/**
 * The gateway's domain services over one store: the rules for policies, prices, the usage log,
 * keys and backups, each built once. The running gateway hands them to its routes and its
 * dashboard; each CLI command builds them over the same data folder (proxy/cli/session.ts), so a
 * change made either way goes through the same rules.
 */
export interface Services {
  store: Store;
  secrets: SecretStore;
  policies: ClientPolicies;
  prices: PriceTable;
  usage: UsageQueries;
  backups: Backups;
}

export interface ServiceDeps {
  secrets: SecretStore;
}

export function buildServices(store: Store, deps: ServiceDeps): Services {
  const policies = new ClientPolicies(store);
  const prices = new PriceTable(store);
  return {
    store,
    secrets: deps.secrets,
    policies,
    prices,
    usage: new UsageQueries(store),
    backups: new Backups({ store, policies, prices }, deps.secrets),
  };
}
