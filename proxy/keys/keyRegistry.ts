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

/** The keys of a paste: its lines, trimmed, the empty ones dropped. */
export function keyLines(lines: readonly string[]): string[] {
  return lines.map((line) => line.trim()).filter((line) => line.length > 0);
}

/**
 * One key of a paste, screened before anything is asked or written. `position` is its place in the
 * paste, from 1. A line that is not shaped like a key carries no mask: it is never echoed.
 */
export type ScreenedKey = { position: number; secret: string } & (
  | { problem: 'malformed'; shape: string }
  | { problem: 'repeated'; masked: string }
  | { problem: 'duplicate'; masked: string; existing: KeyRecord }
  | { problem?: undefined; masked: string }
);

/**
 * The checks each key of a paste must pass, in order: shaped like a key of its provider, not a
 * line above it again, not already in the pool. KeyRegistry refuses the whole paste at the first
 * problem; the dashboard's paste (addPaste.ts) gives each key its own verdict.
 */
export function screenKeys(
  keys: Pick<Store['keys'], 'findByFingerprint'>,
  provider: string,
  candidates: readonly string[],
): ScreenedKey[] {
  const gemini = provider === GEMINI_PROVIDER;
  const seen = new Set<string>();
  return candidates.map((secret, index): ScreenedKey => {
    const position = index + 1;
    if (gemini ? !isWellFormedApiKey(secret) : !isWellFormedProviderKey(secret)) {
      const shape = gemini ? describeMalformedKey(secret) : describeMalformedProviderKey(secret);
      return { position, secret, problem: 'malformed', shape };
    }
    const fingerprint = fingerprintApiKey(secret);
    const masked = maskApiKey(secret);
    if (seen.has(fingerprint)) return { position, secret, masked, problem: 'repeated' };
    seen.add(fingerprint);
    const existing = keys.findByFingerprint(fingerprint);
    if (existing) return { position, secret, masked, problem: 'duplicate', existing };
    return { position, secret, masked };
  });
}

/**
 * A provider added without a model list (`pending`) adopts the one its first working key brought
 * back; a list it already has, fetched or typed in, stays. `provider` is undefined for Gemini.
 */
export function adoptModelList(
  providers: Pick<Store['providers'], 'setModels'>,
  provider: ProviderRecord | undefined,
  models: string[] | undefined,
): void {
  if (provider?.modelsSource === 'pending' && models) {
    providers.setModels(provider.name, models, 'fetched');
  }
}

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
    const provider = this.resolveProvider(input.provider);
    const candidates = keyLines(input.keys);
    // A malformed paste is refused by the registry's own checks, with its own words, before any call.
    const verified =
      provider && candidates.length > 0 && candidates.every(isWellFormedProviderKey)
        ? await this.checkWithProvider(provider, candidates)
        : undefined;
    const added = await this.record(input, provider, candidates);
    adoptModelList(this.store.providers, provider, verified?.models);
    return added;
  }

  /**
   * Adds keys without showing them to their provider first: for a caller that has just done so
   * itself, key by key (the dashboard's paste, proxy/keys/addPaste.ts). Every other check holds.
   */
  async addChecked(input: AddKeysInput): Promise<AddedKey[]> {
    return this.record(input, this.resolveProvider(input.provider), keyLines(input.keys));
  }

  /** `providerRecord` is undefined for Gemini; `candidates` are the paste's lines (keyLines). */
  private async record(
    input: AddKeysInput,
    providerRecord: ProviderRecord | undefined,
    candidates: string[],
  ): Promise<AddedKey[]> {
    const provider = providerRecord?.name ?? GEMINI_PROVIDER;
    const { account, tier } = this.resolveAccount(input.account, input.tier);
    if (candidates.length === 0)
      throw new InputError('No keys given: pass them as arguments or one a line on stdin.');
    if (provider !== GEMINI_PROVIDER && input.project !== undefined) {
      throw new InputError(
        `--project names a Google Cloud project, which only Gemini keys have; the keys of ${provider} share their account's quota. Nothing was added.`,
      );
    }
    const screened = screenKeys(this.store.keys, provider, candidates);
    for (const key of screened) {
      const position = screened.length > 1 ? `Key #${key.position}` : 'The key';
      const problem = describeProblem(key, position, provider);
      if (problem) throw new InputError(`${problem} Nothing was added.`);
    }
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

  /** The named provider's record, or undefined for Gemini; throws for a provider not added yet. */
  private resolveProvider(name: string | undefined): ProviderRecord | undefined {
    if (name === undefined || name === GEMINI_PROVIDER) return undefined;
    const provider = this.store.providers.get(name);
    if (provider) return provider;
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

/** Why KeyRegistry refuses a screened key, in the CLI's words; undefined when it has no problem. */
function describeProblem(key: ScreenedKey, position: string, provider: string): string | undefined {
  switch (key.problem) {
    case 'malformed':
      return provider === GEMINI_PROVIDER
        ? `${position} is not a Gemini API key: it is ${key.shape}.`
        : `${position} is not an API key: it is ${key.shape}.`;
    case 'repeated':
      return `${position} (${key.masked}) is given twice.`;
    case 'duplicate':
      return `${position} (${key.masked}) is already in the pool as ${key.existing.id}.`;
    default:
      return undefined;
  }
}
