import type { Db } from '../store/database.js';
import type { SecretStore } from '../secrets/secretStore.js';
import { GEMINI_PROVIDER, ProviderRepository, type ProviderRecord } from '../store/providers.js';
import { isWellFormedProviderKey, maskApiKey } from '../util/apiKey.js';
import { modelIdsOf, type ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { probeProviderKey } from './checkKey.js';
import { KeyInputError, KeyRegistry, type AddKeysInput, type AddedKey } from './keyRegistry.js';

/**
 * Adds keys to any provider. Gemini's go straight to the registry (checked afterwards, as before);
 * another provider's are first shown to the service (GET /models, which costs nothing): a key it
 * refuses, or a service that cannot be reached, stops the whole paste before anything is written.
 * The first key that works also brings the provider's model list, when it has none yet.
 */
export async function addKeys(
  db: Db,
  secrets: SecretStore,
  client: ProviderClient,
  input: AddKeysInput,
): Promise<AddedKey[]> {
  const registry = new KeyRegistry(db, secrets);
  if (input.provider === undefined || input.provider === GEMINI_PROVIDER) return registry.add(input);
  const providers = new ProviderRepository(db);
  const provider = providers.get(input.provider);
  const candidates = input.keys.map((key) => key.trim()).filter((key) => key.length > 0);
  // A malformed paste is refused by the registry's own checks, with its own words, before any call.
  const verified =
    provider && candidates.length > 0 && candidates.every(isWellFormedProviderKey)
      ? await verifyProviderKeys(client, provider, candidates)
      : undefined;
  const added = await registry.add(input);
  if (provider && provider.modelsSource === 'pending' && verified?.models) {
    providers.setModels(provider.name, verified.models, 'fetched');
  }
  return added;
}

/** Asks the service about each key; throws a KeyInputError naming the first it refuses. */
async function verifyProviderKeys(
  client: ProviderClient,
  provider: ProviderRecord,
  keys: readonly string[],
): Promise<{ models?: string[] }> {
  let models: string[] | undefined;
  for (const [index, key] of keys.entries()) {
    const position = keys.length > 1 ? `Key #${index + 1}` : 'The key';
    const masked = maskApiKey(key);
    const probe = await probeProviderKey(client, provider, key);
    if (probe.kind === 'unreachable') {
      throw new KeyInputError(
        `${position} (${masked}) could not be checked: ${provider.name} (${provider.baseUrl}) could not be reached (${probe.detail}). Nothing was added.`,
      );
    }
    if (probe.status >= 200 && probe.status < 300) {
      models ??= modelIdsOf(probe.body);
      continue;
    }
    const verdict = probe.failure;
    if (verdict.kind === 'key-invalid' || verdict.kind === 'key-denied') {
      throw new KeyInputError(
        `${position} (${masked}) was refused by ${provider.name}: ${verdict.reason}. Check that it is a key of this service and region. Nothing was added.`,
      );
    }
    // Busy, or a model list this service does not serve: the key itself was not refused.
    if (verdict.kind === 'rate-limited') continue;
    if (verdict.kind === 'not-found' && provider.modelsSource !== 'pending') continue;
    throw new KeyInputError(
      `${position} (${masked}) could not be checked: ${provider.name} answered HTTP ${probe.status} at ${provider.baseUrl}/models. Nothing was added.`,
    );
  }
  return models ? { models } : {};
}
