import type { Store } from '../../store/openStore.js';
import type { SecretStore } from '../../secrets/secretStore.js';
import type { BackupSource, PolicySource, PriceSource } from './adminContext.js';
import type { ClientPolicyView, PriceInput } from './contract.js';
import { schemaFor } from './schemaFor.js';
import { PolicyRepository } from '../../policy/policyRepository.js';
import { clientPolicySchema, describePolicy, parseClientPolicy } from '../../policy/clientPolicy.js';
import { PriceRepository } from '../../usage/priceRepository.js';
import { modelPriceSchema } from '../../usage/modelPrice.js';
import { collectBackup } from '../../backup/backupPayload.js';
import { openBackup, sealBackup } from '../../backup/backupFile.js';
import { applyImport, planImport } from '../../backup/importBackup.js';
import { localDay } from '../../usage/calendar.js';

// The routes pass a policy or a price on to the rules that own them (so their messages reach the
// user); these prove that those rules take exactly the shapes the contract gives the dashboard.
schemaFor<ClientPolicyView>()(clientPolicySchema);
schemaFor<PriceInput>()(modelPriceSchema);

/** Client policies as stored; the gateway reads these rows on every request, so a change applies at once. */
export function policySource(store: Store): PolicySource {
  const policies = new PolicyRepository(store.db);
  const accountLabel = (id: string) => store.accounts.get(id)?.label ?? id;
  return {
    get(tokenId) {
      const policy = policies.get(tokenId);
      return { policy, summary: describePolicy(policy, accountLabel) };
    },
    set(tokenId, raw) {
      policies.set(tokenId, parseClientPolicy(raw));
    },
  };
}

/** The price table: shipped defaults with the user's own rows on top. */
export function priceSource(store: Store): PriceSource {
  const prices = new PriceRepository(store.db);
  return {
    list: () => prices.list(),
    set: (raw) => void prices.set(raw),
    reset: (model) => prices.reset(model.replace(/^models\//, '')),
  };
}

/** Encrypted backups, the same file `gemgate backup export` writes and `backup import` reads. */
export function backupSource(store: Store, secrets: SecretStore): BackupSource {
  let lastExportAt: number | null = null;
  return {
    lastExportAt: () => lastExportAt,
    async export(passphrase) {
      const { payload } = await collectBackup(store, secrets);
      const content = sealBackup(payload, passphrase);
      lastExportAt = Date.now();
      return { fileName: `gemgate-backup-${localDay(lastExportAt)}.json`, content };
    },
    async import({ passphrase, data, mode, dryRun }) {
      // Decrypted and validated completely before anything is written.
      const plan = planImport(store, openBackup(data, passphrase), mode);
      const changing = plan.changes.some((change) => change.action !== 'keep' && change.action !== 'skip');
      const warnings = !dryRun && changing ? (await applyImport(store, secrets, plan)).warnings : [];
      return { changes: plan.changes, warnings };
    },
  };
}
