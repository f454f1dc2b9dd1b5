import type { SecretStore } from '../secrets/secretStore.js';
import type { ClientPolicy } from '../policy/clientPolicy.js';
import { BackupError, type BackupData } from './backupPayload.js';
import type { ImportPlan } from './importPlan.js';

/**
 * Applies a plan. Secrets go first (each one's previous value remembered), then the database in
 * one transaction; if anything fails, the secrets written are put back as they were, so a failed
 * import changes nothing. Secrets of keys that left are deleted only after the commit.
 */
export async function applyImport(
  data: BackupData,
  secrets: SecretStore,
  plan: ImportPlan,
): Promise<{ warnings: string[] }> {
  const previous = new Map<string, string | null>();
  const warnings: string[] = [];
  try {
    for (const key of plan.write.keys) {
      const before = await secrets.get(key.id);
      previous.set(key.id, before);
      if (before !== key.secret) await secrets.set(key.id, key.secret);
    }
    data.store.db.transaction(() => writeRows(data, plan))();
  } catch (error) {
    for (const [id, before] of previous) {
      try {
        if (before === null) await secrets.delete(id);
        else await secrets.set(id, before);
      } catch {
        warnings.push(`could not restore the secret of ${id}`);
      }
    }
    if (warnings.length)
      throw new BackupError(`The import failed and ${warnings.join(', ')}: ${(error as Error).message}`);
    throw error;
  }
  for (const id of plan.dropSecrets) {
    try {
      await secrets.delete(id);
    } catch {
      warnings.push(`the secret of removed key ${id} could not be deleted from the secret store`);
    }
  }
  return { warnings };
}

/** The plan's rows, through the store's repositories; the caller holds the transaction. */
function writeRows({ store, policies, prices }: BackupData, plan: ImportPlan): void {
  const tables = store.backupTables;
  if (plan.mode === 'replace') tables.clear();
  tables.insert({
    providers: plan.write.providers,
    accounts: plan.write.accounts,
    projects: plan.write.projects,
    // The secret is in the secret store by now; the database never holds it.
    keys: plan.write.keys.map(({ secret: _secret, ...key }) => key),
    tokens: plan.write.tokens.map(({ policy: _policy, ...token }) => token),
  });
  for (const token of plan.write.tokens) policies.set(token.id, token.policy as ClientPolicy);
  for (const [name, value] of plan.write.settings) store.settings.set(name, value);
  for (const price of plan.write.prices) prices.set(price);
  for (const rule of plan.write.limits) store.poolLimits.put(rule);
  store.learnedLimits.save(plan.write.learnedLimits);
}
