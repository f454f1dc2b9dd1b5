import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { KeyRecord } from '../store/keys.js';
import { readJsonBody, UpstreamNetworkError, type GeminiClient } from '../upstream/geminiClient.js';
import { classifyFailure, isGoogleErrorBody, type UpstreamVerdict } from '../upstream/classifyOutcome.js';
import { ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { classifyProviderFailure } from '../upstream/openaiCompatible/classifyProviderFailure.js';
import { errorFacts, isProviderErrorBody } from '../upstream/openaiCompatible/chatWire.js';
import { GEMINI_PROVIDER, ProviderRepository } from '../store/providers.js';

export type CheckVerdict = 'ok' | 'invalid' | 'denied' | 'unreachable' | 'missing-secret' | 'error';

export interface CheckResult {
  ok: boolean;
  verdict: CheckVerdict;
  detail: string;
  /** The key's state after the check. */
  state: KeyRecord['state'];
}

/**
 * Asks the key's provider whether it works, with the cheapest call there is (list models: no
 * generation quota used). A refused key is marked dead; a dead key that works again is revived. A
 * key the user disabled by hand stays disabled either way. Another provider's keys are asked
 * through `providers` (a client made for the call when none is given).
 */
export async function checkKey(
  store: Store,
  secrets: SecretStore,
  client: GeminiClient,
  key: KeyRecord,
  providers?: ProviderClient,
): Promise<CheckResult> {
  if (key.provider !== GEMINI_PROVIDER) {
    const own = providers ?? new ProviderClient(30_000);
    try {
      return await checkProviderKey(store, secrets, own, key);
    } finally {
      if (!providers) await own.close();
    }
  }
  const secret = await secrets.get(key.id);
  const now = Date.now();
  if (!secret) {
    return {
      ok: false,
      verdict: 'missing-secret',
      detail: 'no secret in the secret store: remove and re-add the key',
      state: key.state,
    };
  }
  let status: number;
  let body: unknown;
  try {
    const response = await client.get('v1beta/models?pageSize=1', secret);
    status = response.status;
    body = await readJsonBody(response.body);
  } catch (error) {
    const detail = error instanceof UpstreamNetworkError ? error.message : String(error);
    return { ok: false, verdict: 'unreachable', detail, state: key.state };
  }
  const failure = classifyFailure(status, isGoogleErrorBody(body) ? body : undefined);
  const message = isGoogleErrorBody(body) ? body.error.message : `HTTP ${status}`;
  return judged(store, key, status, failure, message, now);
}

/** The same check for a key of an OpenAI-compatible provider: GET {base}/models with the key. */
async function checkProviderKey(
  store: Store,
  secrets: SecretStore,
  client: ProviderClient,
  key: KeyRecord,
): Promise<CheckResult> {
  const provider = new ProviderRepository(store.db).get(key.provider);
  if (!provider) {
    return {
      ok: false,
      verdict: 'error',
      detail: `provider ${key.provider} no longer exists`,
      state: key.state,
    };
  }
  const secret = await secrets.get(key.id);
  const now = Date.now();
  if (!secret) {
    return {
      ok: false,
      verdict: 'missing-secret',
      detail: 'no secret in the secret store: remove and re-add the key',
      state: key.state,
    };
  }
  let status: number;
  let body: unknown;
  let retryAfter: string | string[] | undefined;
  try {
    const response = await client.listModels(provider.baseUrl, secret);
    status = response.status;
    retryAfter = response.headers['retry-after'];
    body = await readJsonBody(response.body);
  } catch (error) {
    const detail = error instanceof UpstreamNetworkError ? error.message : String(error);
    return { ok: false, verdict: 'unreachable', detail, state: key.state };
  }
  const wire = isProviderErrorBody(body) ? body : undefined;
  const failure = classifyProviderFailure(status, wire, retryAfter);
  return judged(store, key, status, failure, errorFacts(wire).message || `HTTP ${status}`, now);
}

/** What a check's answer does to the key: revives it, kills it, or leaves it be. */
function judged(
  store: Store,
  key: KeyRecord,
  status: number,
  failure: UpstreamVerdict,
  message: string,
  now: number,
): CheckResult {
  store.keys.markChecked(key.id, now);
  if (status === 200 || status === 429) {
    if (key.state === 'dead') store.keys.setState(key.id, 'active', null, now);
    const state = key.state === 'dead' ? 'active' : key.state;
    return {
      ok: true,
      verdict: 'ok',
      detail: status === 429 ? 'valid (currently rate-limited)' : 'valid',
      state,
    };
  }
  if (failure.kind === 'key-invalid' || failure.kind === 'key-denied') {
    if (key.state === 'active') store.keys.setState(key.id, 'dead', failure.reason, now);
    const state = key.state === 'active' ? 'dead' : key.state;
    return {
      ok: false,
      verdict: failure.kind === 'key-invalid' ? 'invalid' : 'denied',
      detail: failure.reason,
      state,
    };
  }
  return { ok: false, verdict: 'error', detail: message, state: key.state };
}
