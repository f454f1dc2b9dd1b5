import type { ProviderRecord } from '../store/providers.js';
import { UpstreamNetworkError, readJsonBody } from '../upstream/geminiClient.js';
import { maskApiKey } from '../util/apiKey.js';
import { modelIdsOf, type ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { classifyProviderFailure } from '../upstream/openaiCompatible/classifyProviderFailure.js';
import { isProviderErrorBody } from '../upstream/openaiCompatible/chatWire.js';
import { InputError } from '../failures/inputError.js';

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
    let status: number;
    let body: unknown;
    let retryAfter: string | string[] | undefined;
    try {
      const response = await client.listModels(provider.baseUrl, key);
      status = response.status;
      retryAfter = response.headers['retry-after'];
      body = await readJsonBody(response.body);
    } catch (error) {
      const detail = error instanceof UpstreamNetworkError ? error.message : String(error);
      throw new InputError(
        `${position} (${masked}) could not be checked: ${provider.name} (${provider.baseUrl}) could not be reached (${detail}). Nothing was added.`,
      );
    }
    if (status >= 200 && status < 300) {
      models ??= modelIdsOf(body);
      continue;
    }
    const verdict = classifyProviderFailure(status, isProviderErrorBody(body) ? body : undefined, retryAfter);
    if (verdict.kind === 'key-invalid' || verdict.kind === 'key-denied') {
      throw new InputError(
        `${position} (${masked}) was refused by ${provider.name}: ${verdict.reason}. Check that it is a key of this service and region. Nothing was added.`,
      );
    }
    // Busy, or a model list this service does not serve: the key itself was not refused.
    if (verdict.kind === 'rate-limited') continue;
    if (verdict.kind === 'not-found' && provider.modelsSource !== 'pending') continue;
    throw new InputError(
      `${position} (${masked}) could not be checked: ${provider.name} answered HTTP ${status} at ${provider.baseUrl}/models. Nothing was added.`,
    );
  }
  return models ? { models } : {};
}
