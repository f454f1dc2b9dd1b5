import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { GeminiClient } from '../upstream/geminiClient.js';
import type { ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { ClientPolicies } from '../policy/clientPolicies.js';
import { PriceTable } from '../usage/priceTable.js';
import { UsageQueries } from '../usage/usageQueries.js';
import { KeyRegistry } from '../keys/keyRegistry.js';
import { verifyProviderKeys } from '../keys/providerKeys.js';
import { KeySwitch } from '../keys/keySwitch.js';
import { KeyChecker } from '../keys/checkKey.js';
import { AccountAdmin } from '../keys/accountAdmin.js';
import { ProviderAdmin } from '../keys/providerAdmin.js';
import { Backups } from '../backup/backups.js';

/**
 * The gateway's domain services over one store: the rules for policies, prices, the usage log,
 * keys, accounts, providers and backups, each built once. The running gateway hands them to its
 * routes, its dashboard and its pool; each CLI command builds them over the same data folder
 * (proxy/cli/session.ts), so a change made either way goes through the same rules.
 */
export interface Services {
  store: Store;
  secrets: SecretStore;
  policies: ClientPolicies;
  prices: PriceTable;
  usage: UsageQueries;
  /** Adds (another provider's keys checked with it first) and removes keys. */
  keys: KeyRegistry;
  /** Turns keys on and off by hand. */
  keySwitch: KeySwitch;
  /** Asks a key's provider whether it works, and marks it dead or revives it. */
  checks: KeyChecker;
  accounts: AccountAdmin;
  providers: ProviderAdmin;
  backups: Backups;
}

export interface ServiceDeps {
  secrets: SecretStore;
  /** Gemini's client: the gateway's own, so key checks go where requests go. */
  client: GeminiClient;
  /** Other providers' client: their key checks, reachability and model lists. */
  providerClient: ProviderClient;
}

export function buildServices(store: Store, deps: ServiceDeps): Services {
  const { secrets, client, providerClient } = deps;
  const policies = new ClientPolicies(store);
  const prices = new PriceTable(store);
  return {
    store,
    secrets,
    policies,
    prices,
    usage: new UsageQueries(store, prices),
    keys: new KeyRegistry(store, secrets, (provider, keys) =>
      verifyProviderKeys(providerClient, provider, keys),
    ),
    keySwitch: new KeySwitch(store),
    checks: new KeyChecker(store, secrets, client, providerClient),
    accounts: new AccountAdmin(store),
    providers: new ProviderAdmin(store, secrets, providerClient),
    backups: new Backups({ store, policies, prices }, secrets),
  };
}
