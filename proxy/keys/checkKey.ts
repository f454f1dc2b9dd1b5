import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { KeyRecord } from '../store/keys.js';
import { readJsonBody, UpstreamNetworkError, type GeminiClient } from '../upstream/geminiClient.js';
import { classifyFailure, isGoogleErrorBody, type UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { classifyProviderFailure } from '../upstream/openaiCompatible/classifyProviderFailure.js';
import { errorFacts, isProviderErrorBody } from '../upstream/openaiCompatible/chatWire.js';
import { GEMINI_PROVIDER, type ProviderRecord } from '../store/providers.js';

export type CheckVerdict = 'ok' | 'invalid' | 'denied' | 'unreachable' | 'missing-secret' | 'error';

export interface CheckResult {
  ok: boolean;
  verdict: CheckVerdict;
  detail: string;
  /** The key's state after the check. */
  state: KeyRecord['state'];
}

/** What a provider answered when shown a key (its cheapest call: list models), or that it could not be reached. */
export type KeyProbe =
  | { kind: 'answered'; status: number; failure: UpstreamVerdict; message: string; body: unknown }
  | { kind: 'unreachable'; detail: string };

/** Asks Gemini about a key with the cheapest call there is (one model listed: no generation quota used). */
export async function probeGeminiKey(client: GeminiClient, secret: string): Promise<KeyProbe> {
  try {
    const response = await client.get('v1beta/models?pageSize=1', secret);
    const body = await readJsonBody(response.body);
    const failure = classifyFailure(response.status, isGoogleErrorBody(body) ? body : undefined);
    const message = isGoogleErrorBody(body) ? body.error.message : `HTTP ${response.status}`;
    return { kind: 'answered', status: response.status, failure, message, body };
  } catch (error) {
    return {
      kind: 'unreachable',
      detail: error instanceof UpstreamNetworkError ? error.message : String(error),
    };
  }
}

/** The same for a key of an OpenAI-compatible provider: GET {base}/models with the key. */
export async function probeProviderKey(
  client: ProviderClient,
  provider: ProviderRecord,
  secret: string,
): Promise<KeyProbe> {
  try {
    const response = await client.listModels(provider.baseUrl, secret);
    const body = await readJsonBody(response.body);
    const wire = isProviderErrorBody(body) ? body : undefined;
    const failure = classifyProviderFailure(response.status, wire, response.headers['retry-after']);
    const message = errorFacts(wire).message || `HTTP ${response.status}`;
    return { kind: 'answered', status: response.status, failure, message, body };
  } catch (error) {
    return {
      kind: 'unreachable',
      detail: error instanceof UpstreamNetworkError ? error.message : String(error),
    };
  }
}

/**
 * What a probe says about the key, whatever its state:
 *
 * | answer                          | verdict       | ok    |
 * | ------------------------------- | ------------- | ----- |
 * | 200                             | `ok`          | true  |
 * | 429 (busy, the key itself fine) | `ok`          | true  |
 * | key invalid (400 API_KEY_INVALID, 401) | `invalid` | false |
 * | key denied (403 suspended, leaked, service disabled) | `denied` | false |
 * | anything else                   | `error`       | false |
 * | no answer                       | `unreachable` | false |
 */
export function probeVerdict(probe: KeyProbe): Omit<CheckResult, 'state'> {
  if (probe.kind === 'unreachable') return { ok: false, verdict: 'unreachable', detail: probe.detail };
  if (probe.status === 200 || probe.status === 429) {
    return {
      ok: true,
      verdict: 'ok',
      detail: probe.status === 429 ? 'valid (currently rate-limited)' : 'valid',
    };
  }
  const { failure } = probe;
  if (failure.kind === 'key-invalid' || failure.kind === 'key-denied') {
    return {
      ok: false,
      verdict: failure.kind === 'key-invalid' ? 'invalid' : 'denied',
      detail: failure.reason,
    };
  }
  return { ok: false, verdict: 'error', detail: probe.message };
}

/**
 * Asks a key's provider whether it works, with the cheapest call there is (list models: no
 * generation quota used): Gemini with the gateway's own client (so checks go where requests go),
 * another provider with GET {base}/models. A refused key is marked dead; a dead key that works again
 * is revived. A key the user disabled by hand stays disabled either way. Built once
 * (proxy/app/services.ts) for the dashboard, the CLI and the dead-key rechecker.
 */
export class KeyChecker {
  constructor(
    private readonly store: Pick<Store, 'keys' | 'providers'>,
    private readonly secrets: SecretStore,
    private readonly client: GeminiClient,
    private readonly providers: ProviderClient,
  ) {}

  /** Shows a secret (not yet a key of the pool) to Gemini, or to the named provider. */
  probe(provider: ProviderRecord | undefined, secret: string): Promise<KeyProbe> {
    return provider
      ? probeProviderKey(this.providers, provider, secret)
      : probeGeminiKey(this.client, secret);
  }

  async check(key: KeyRecord): Promise<CheckResult> {
    const provider = key.provider === GEMINI_PROVIDER ? undefined : this.store.providers.get(key.provider);
    if (key.provider !== GEMINI_PROVIDER && !provider) {
      return {
        ok: false,
        verdict: 'error',
        detail: `provider ${key.provider} no longer exists`,
        state: key.state,
      };
    }
    const secret = await this.secrets.get(key.id);
    if (!secret) {
      return {
        ok: false,
        verdict: 'missing-secret',
        detail: 'no secret in the secret store: remove and re-add the key',
        state: key.state,
      };
    }
    const now = Date.now();
    const probe = await this.probe(provider, secret);
    const verdict = probeVerdict(probe);
    if (probe.kind === 'unreachable') return { ...verdict, state: key.state };
    return { ...verdict, state: this.judged(key, verdict, now) };
  }

  /** What a check's answer does to the key: revives it, kills it, or leaves it be; returns its state. */
  private judged(key: KeyRecord, answer: Omit<CheckResult, 'state'>, now: number): KeyRecord['state'] {
    const { verdict } = answer;
    const { keys } = this.store;
    keys.markChecked(key.id, now);
    if (verdict === 'ok') {
      if (key.state === 'dead') keys.setState(key.id, 'active', null, now);
      return key.state === 'dead' ? 'active' : key.state;
    }
    if (verdict === 'invalid' || verdict === 'denied') {
      // probeVerdict's detail for a refused key is the provider's reason, word for word.
      if (key.state === 'active') keys.setState(key.id, 'dead', answer.detail, now);
      return key.state === 'active' ? 'dead' : key.state;
    }
    return key.state;
  }
}
