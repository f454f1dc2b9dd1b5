import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { KeyRecord } from '../store/keys.js';
import { readJsonBody, UpstreamNetworkError, type GeminiClient } from '../upstream/geminiClient.js';
import { classifyFailure, isGoogleErrorBody } from '../upstream/classifyOutcome.js';

export type CheckVerdict = 'ok' | 'invalid' | 'denied' | 'unreachable' | 'missing-secret' | 'error';

export interface CheckResult {
  ok: boolean;
  verdict: CheckVerdict;
  detail: string;
  /** The key's state after the check. */
  state: KeyRecord['state'];
}

/**
 * Asks Gemini whether a key works, with the cheapest call there is (list one model: no generation
 * quota used). A refused key is marked dead; a dead key that works again is revived. A key the
 * user disabled by hand stays disabled either way.
 */
export async function checkKey(
  store: Store,
  secrets: SecretStore,
  client: GeminiClient,
  key: KeyRecord,
): Promise<CheckResult> {
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
  const failure = classifyFailure(status, isGoogleErrorBody(body) ? body : undefined);
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
  const message = isGoogleErrorBody(body) ? body.error.message : `HTTP ${status}`;
  return { ok: false, verdict: 'error', detail: message, state: key.state };
}
