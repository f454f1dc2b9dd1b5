import type { ProviderRecord } from '../store/providers.js';
import { maskApiKey } from '../util/apiKey.js';
import { modelIdsOf, type ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { InputError } from '../failures/inputError.js';
import { probeProviderKey } from './checkKey.js';

/**
 * Asks the service about each key (GET {base}/models with it, which costs nothing); throws an
 * InputError naming the first it refuses, or naming the service when it cannot be reached. Returns
 * the model list the service sent, if any (KeyRegistry's ProviderKeyCheck).
 */
export async function verifyProviderKeys(
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
      throw new InputError(
        `${position} (${masked}) could not be checked: ${provider.name} (${provider.baseUrl}) could not be reached (${probe.detail}). Nothing was added.`,
      );
    }
    if (probe.status >= 200 && probe.status < 300) {
      models ??= modelIdsOf(probe.body);
      continue;
    }
    const verdict = probe.failure;
    if (verdict.kind === 'key-invalid' || verdict.kind === 'key-denied') {
      throw new InputError(
        `${position} (${masked}) was refused by ${provider.name}: ${verdict.reason}. Check that it is a key of this service and region. Nothing was added.`,
      );
    }
    // Busy, or a model list this service does not serve: the key itself was not refused.
    if (verdict.kind === 'rate-limited') continue;
    if (verdict.kind === 'not-found' && provider.modelsSource !== 'pending') continue;
    throw new InputError(
      `${position} (${masked}) could not be checked: ${provider.name} answered HTTP ${probe.status} at ${provider.baseUrl}/models. Nothing was added.`,
    );
  }
  return models ? { models } : {};
}
