import type { Store } from '../store/openStore.js';
import type { Account } from '../store/accounts.js';
import { TIERS, type Tier } from '../pool/tier.js';
import type { KeyRecord } from '../store/keys.js';
import type { SecretStore } from '../secrets/secretStore.js';
import {
  describeMalformedKey,
  describeMalformedProviderKey,
  fingerprintApiKey,
  isWellFormedApiKey,
  isWellFormedProviderKey,
  maskApiKey,
} from '../util/apiKey.js';
import { GEMINI_PROVIDER, type ProviderRecord } from '../store/providers.js';
import { newId } from '../util/ids.js';
import { InputError } from '../failures/inputError.js';

export interface AddKeysInput {
  account: string;
  /** Required when the account is new; when given for an existing account it must match. */
  tier?: string;
  /** Google Cloud project id the keys belong to. Keys of one project share its quota. */
  project?: string;
  /** `gemini` (the default) or another provider's name. */
  provider?: string;
  keys: string[];
}

export interface AddedKey {
  id: string;
  masked: string;
  accountId: string;
  projectId: string;
}

/**
 * Shows another provider's keys to that provider before they are added (providerKeys.ts); throws
 * an InputError naming the first key it refuses. Its model list comes back when it sent one.
 */
export type ProviderKeyCheck = (
  provider: ProviderRecord,
  keys: readonly string[],
) => Promise<{ models?: string[] }>;

/**
 * Adds and removes keys of any provider: the secret goes to the secret store, everything else to
 * the database. Every candidate is checked before anything is written, so bad input changes
 * nothing. Gemini's keys are checked against Gemini afterwards (the caller's KeyChecker); another
 * provider's are first shown to the service (GET /models, which costs nothing): a key it refuses,
 * or a service that cannot be reached, stops the whole paste before anything is written, and the
 * first key that works brings the provider's model list, when it has none yet.
 */
export class KeyRegistry {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
    private readonly checkWithProvider: ProviderKeyCheck,
  ) {}

  async add(input: AddKeysInput): Promise<AddedKey[]> {
    const provider =
      input.provider === undefined || input.provider === GEMINI_PROVIDER
        ? undefined
        : this.store.providers.get(input.provider);
    const candidates = input.keys.map((key) => key.trim()).filter((key) => key.length > 0);
    // A malformed paste is refused by the registry's own checks, with its own words, before any call.
    const verified =
      provider && candidates.length > 0 && candidates.every(isWellFormedProviderKey)
        ? await this.checkWithProvider(provider, candidates)
        : undefined;
    const added = await this.record(input);
    if (provider && provider.modelsSource === 'pending' && verified?.models) {
      this.store.providers.setModels(provider.name, verified.models, 'fetched');
    }
    return added;
  }

  /**
   * Adds keys without showing them to their provider first: for a caller that has just done so
   * itself, key by key (the dashboard's paste, proxy/keys/addPaste.ts). Every other check holds.
   */
  async addChecked(input: AddKeysInput): Promise<AddedKey[]> {
    return this.record(input);
  }

  private async record(input: AddKeysInput): Promise<AddedKey[]> {
    const provider = this.resolveProvider(input.provider);
    const { account, tier } = this.resolveAccount(input.account, input.tier);
    const candidates = input.keys.map((key) => key.trim()).filter((key) => key.length > 0);
    if (candidates.length === 0)
      throw new InputError('No keys given: pass them as arguments or one a line on stdin.');
    if (provider !== GEMINI_PROVIDER && input.project !== undefined) {
      throw new InputError(
        `--project names a Google Cloud project, which only Gemini keys have; the keys of ${provider} share their account's quota. Nothing was added.`,
      );
    }
    const seen = new Set<string>();
    candidates.forEach((candidate, index) => {
      const position = candidates.length > 1 ? `Key #${index + 1}` : 'The key';
      if (provider === GEMINI_PROVIDER && !isWellFormedApiKey(candidate)) {
        throw new InputError(
          `${position} is not a Gemini API key: it is ${describeMalformedKey(candidate)}. Nothing was added.`,
        );
      }
      if (provider !== GEMINI_PROVIDER && !isWellFormedProviderKey(candidate)) {
        throw new InputError(
          `${position} is not an API key: it is ${describeMalformedProviderKey(candidate)}. Nothing was added.`,
        );
      }
      const fingerprint = fingerprintApiKey(candidate);
      if (seen.has(fingerprint))
        throw new InputError(`${position} (${maskApiKey(candidate)}) is given twice. Nothing was added.`);
      seen.add(fingerprint);
      const existing = this.store.keys.findByFingerprint(fingerprint);
      if (existing) {
        throw new InputError(
          `${position} (${maskApiKey(candidate)}) is already in the pool as ${existing.id}. Nothing was added.`,
        );
      }
    });
    if (input.project !== undefined && !/^[a-z][a-z0-9-]{4,61}[a-z0-9]$/.test(input.project)) {
      throw new InputError(
        `"${input.project}" is not a Google Cloud project id (6-30 lowercase letters, digits and hyphens, starting with a letter). Nothing was added.`,
      );
    }

    const now = Date.now();
    const planned = candidates.map((secret) => ({ id: newId('key'), secret }));
    const written: string[] = [];
    try {
      for (const key of planned) {
        await this.secrets.set(key.id, key.secret);
        written.push(key.id);
      }
      return this.store.db.transaction(() => {
        const accountRow = account ?? this.store.accounts.create(input.account, tier, now);
        let shared = input.project
          ? this.store.projects.findByGcpProject(accountRow.id, input.project)
          : undefined;
        if (input.project && !shared)
          shared = this.store.projects.create(accountRow.id, input.project, input.project, now);
        // Another provider limits the account, not each key: its keys share one project.
        if (provider !== GEMINI_PROVIDER) {
          shared =
            this.store.projects.findForProvider(accountRow.id, provider) ??
            this.store.projects.create(accountRow.id, provider, null, now, provider);
        }
        return planned.map(({ id, secret }) => {
          const masked = maskApiKey(secret);
          const project = shared ?? this.store.projects.create(accountRow.id, masked, null, now);
          this.store.keys.insert({
            id,
            accountId: accountRow.id,
            projectId: project.id,
            masked,
            fingerprint: fingerprintApiKey(secret),
            state: 'active',
            createdAt: now,
          });
          return { id, masked, accountId: accountRow.id, projectId: project.id };
        });
      })();
    } catch (error) {
      await Promise.allSettled(written.map((id) => this.secrets.delete(id)));
      throw error;
    }
  }

  async remove(id: string): Promise<KeyRecord> {
    const key = this.require(id);
    await this.secrets.delete(id);
    this.store.db.transaction(() => {
      this.store.keys.delete(id);
      this.store.projects.deleteIfEmpty(key.projectId);
    })();
    return key;
  }

  private require(id: string): KeyRecord {
    const key = this.store.keys.get(id);
    if (!key) throw new InputError(`No key with id "${id}". \`gemgate keys list\` shows the ids.`);
    return key;
  }

  private resolveProvider(name: string | undefined): string {
    if (name === undefined || name === GEMINI_PROVIDER) return GEMINI_PROVIDER;
    if (this.store.providers.get(name)) return name;
    throw new InputError(
      `No provider "${name}": add it first with \`gemgate providers add ${name} --base-url URL\`. Nothing was added.`,
    );
  }

  private resolveAccount(
    label: string,
    tierInput: string | undefined,
  ): { account: Account | undefined; tier: Tier } {
    if (!label || !label.trim()) throw new InputError('An account name is required (--account NAME).');
    if (tierInput !== undefined && !TIERS.includes(tierInput as Tier)) {
      throw new InputError(`Unknown tier "${tierInput}": use primary or backup. Nothing was added.`);
    }
    const account = this.store.accounts.findByLabel(label);
    if (account && tierInput !== undefined && account.tier !== tierInput) {
      throw new InputError(
        `Account "${label}" is a ${account.tier} account, not ${tierInput}. Nothing was added.`,
      );
    }
    return { account, tier: (tierInput as Tier | undefined) ?? account?.tier ?? 'primary' };
  }
}
