import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import { GEMINI_PROVIDER, type ContinuationStyle, type ProviderRecord } from '../store/providers.js';
import { CONTINUATION_STYLES, PROVIDER_PRESETS, findPreset, presetOfUrl } from '../config/providerPresets.js';
import { UpstreamNetworkError } from '../upstream/geminiClient.js';
import type { ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { InputError } from '../failures/inputError.js';

export interface AddProviderInput {
  name: string;
  /** Only `openai-compatible`: Gemini is built in. */
  kind?: string;
  /** The API root, or a preset's name (`dashscope-intl`, `dashscope-cn`, `deepseek`, ...). */
  baseUrl: string;
  /** Model ids typed in; without them the list comes from GET {base}/models when a first key is added. */
  models?: readonly string[];
  continuation?: string;
}

export interface ProviderSummary extends ProviderRecord {
  keys: number;
  activeKeys: number;
}

/** Names a provider cannot take: the built-in one, and prefixes clients already use for Gemini's models. */
const RESERVED_NAMES = new Set([GEMINI_PROVIDER, 'google', 'models', 'tunedmodels']);
const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const MODEL_ID = /^[A-Za-z0-9._:@/-]{1,200}$/;

/**
 * Providers as the user manages them. Everything is checked before anything is written, the
 * service's reachability included, so bad configuration changes nothing.
 */
export class ProviderAdmin {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
    private readonly client: ProviderClient,
  ) {}

  list(): ProviderSummary[] {
    const keys = this.store.keys.list();
    return this.store.providers.list().map((provider) => {
      const own = keys.filter((key) => key.provider === provider.name);
      return {
        ...provider,
        keys: own.length,
        activeKeys: own.filter((key) => key.state === 'active').length,
      };
    });
  }

  get(name: string): ProviderRecord {
    const provider = this.store.providers.get(name);
    if (!provider) {
      const known = this.store.providers.list().map((candidate) => candidate.name);
      throw new InputError(
        `No provider "${name}". ${known.length ? `Providers: ${known.join(', ')} (and gemini, built in).` : 'Only gemini (built in) exists; add one with `gemgate providers add`.'}`,
      );
    }
    return provider;
  }

  async add(input: AddProviderInput, now = Date.now()): Promise<ProviderRecord> {
    const name = input.name.trim();
    if (!NAME.test(name) || RESERVED_NAMES.has(name)) {
      throw new InputError(
        RESERVED_NAMES.has(name)
          ? `"${name}" is taken by gemgate itself (gemini is the built-in provider). Choose another name. Nothing was added.`
          : `"${name}" is not a provider name: use 2 to 32 lowercase letters, digits and "-", starting with a letter (e.g. qwen). Nothing was added.`,
      );
    }
    const kind = input.kind ?? 'openai-compatible';
    if (kind !== 'openai-compatible') {
      throw new InputError(
        kind === GEMINI_PROVIDER
          ? 'Gemini is built in; its keys are added with `gemgate keys add`. Other providers are of kind openai-compatible. Nothing was added.'
          : `Unknown kind "${kind}": gemgate speaks to openai-compatible services besides Gemini. Nothing was added.`,
      );
    }
    const existing = this.store.providers.get(name);
    if (existing) {
      throw new InputError(
        `A provider named "${name}" already exists (${existing.baseUrl}). Remove it first, or choose another name. Nothing was added.`,
      );
    }
    const preset = findPreset(input.baseUrl.trim()) ?? presetOfUrl(input.baseUrl.trim());
    const baseUrl = preset?.baseUrl ?? parseBaseUrl(input.baseUrl);
    const continuation = parseContinuation(input.continuation) ?? preset?.continuation ?? 'prompt';
    const models = input.models === undefined ? undefined : parseModels(input.models);
    const listed = models ?? preset?.models;
    // Reachable at all? Without a key the service answers 401, which proves it is there.
    let status: number;
    try {
      const response = await this.client.listModels(baseUrl, undefined);
      status = response.status;
      await response.body.dump();
    } catch (error) {
      const detail = error instanceof UpstreamNetworkError ? error.message : String(error);
      throw new InputError(
        `${baseUrl} could not be reached (${detail}). Check the URL, or your network. Nothing was added.`,
      );
    }
    if (status === 404 && !listed) {
      throw new InputError(
        `${baseUrl} has no /models (HTTP 404): the base URL must be the API root that /chat/completions hangs off (often ending in /v1). If the service lists no models, give them with --models. Nothing was added.`,
      );
    }
    const provider: ProviderRecord = {
      name,
      kind: 'openai-compatible',
      baseUrl,
      models: [...(listed ?? [])],
      // A preset's own list counts as typed in: it is not asked for again.
      modelsSource: listed ? 'manual' : 'pending',
      continuation,
      preset: preset?.name ?? null,
      createdAt: now,
    };
    this.store.providers.insert(provider);
    return provider;
  }

  /**
   * Removes a provider with its keys (their secrets first, then the rows, in one transaction).
   * Accounts stay: they may hold keys of other providers.
   */
  async remove(name: string): Promise<{ provider: ProviderRecord; keys: number }> {
    const provider = this.get(name);
    const keys = this.store.keys.list().filter((key) => key.provider === name);
    for (const key of keys) await this.secrets.delete(key.id);
    this.store.db.transaction(() => {
      for (const key of keys) this.store.keys.delete(key.id);
      for (const project of this.store.projects.list()) {
        if (project.provider === name) this.store.projects.deleteIfEmpty(project.id);
      }
      this.store.providers.delete(name);
    })();
    return { provider, keys: keys.length };
  }
}

function parseBaseUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      `"${text}" is neither a URL nor a preset. Give the service's API root (https://…/v1) or one of: ${PROVIDER_PRESETS.map((preset) => preset.name).join(', ')}. Nothing was added.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`The base URL must be http or https, not ${url.protocol}. Nothing was added.`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InputError(
      'The base URL takes no query, fragment or credentials: the key is added with `gemgate keys add --provider`. Nothing was added.',
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function parseContinuation(raw: string | undefined): ContinuationStyle | undefined {
  if (raw === undefined) return undefined;
  if (!CONTINUATION_STYLES.includes(raw as ContinuationStyle)) {
    throw new InputError(
      `Unknown continuation "${raw}": use partial (DashScope), prefix (DeepSeek) or prompt. Nothing was added.`,
    );
  }
  return raw as ContinuationStyle;
}

function parseModels(raw: readonly string[]): string[] {
  const models = [...new Set(raw.map((id) => id.trim()).filter(Boolean))];
  if (models.length === 0) throw new InputError('--models is empty. Nothing was added.');
  const bad = models.find((id) => !MODEL_ID.test(id));
  if (bad !== undefined) {
    throw new InputError(
      `"${bad}" is not a model id (letters, digits and . _ : @ / -, at most 200). Nothing was added.`,
    );
  }
  return models;
}
