import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { PoolKey } from '../pool/keyPool.js';
import type { Logger } from '../log/logger.js';

/**
 * Active keys of active accounts, with their secrets read from the secret store. Secrets already
 * loaded are reused, so a reload after `keys add` costs one keychain read per new key only.
 */
export async function loadPoolKeys(
  store: Store,
  secrets: SecretStore,
  logger: Logger,
  known: ReadonlyMap<string, PoolKey> = new Map(),
): Promise<PoolKey[]> {
  const accounts = new Map(store.accounts.list().map((account) => [account.id, account]));
  const keys: PoolKey[] = [];
  for (const record of store.keys.list()) {
    const account = accounts.get(record.accountId);
    if (record.state !== 'active' || !account || account.state !== 'active') continue;
    const cached = known.get(record.id);
    const apiKey = cached?.apiKey ?? (await secrets.get(record.id));
    if (!apiKey) {
      logger.warn({ keyId: record.id }, 'key has no secret in the secret store; skipped (re-add it)');
      continue;
    }
    keys.push({
      keyId: record.id,
      projectId: record.projectId,
      accountId: record.accountId,
      tier: account.tier,
      apiKey,
      masked: record.masked,
      provider: record.provider,
    });
  }
  return keys;
}
