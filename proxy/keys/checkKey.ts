import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { KeyRecord } from '../store/keys.js';
import {
  readJsonBody,
  UpstreamNetworkError,
  type GeminiClient,
  type UpstreamResponse,
} from '../upstream/geminiClient.js';
import { classifyFailure, isGoogleErrorBody, type UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { ProviderClient } from '../upstream/openaiCompatible/providerClient.js';
import { classifyProviderFailure } from '../upstream/openaiCompatible/classifyProviderFailure.js';
import { errorFacts, isProviderErrorBody } from '../upstream/openaiCompatible/chatWire.js';
import { GEMINI_PROVIDER } from '../store/providers.js';

export type CheckVerdict = 'ok' | 'invalid' | 'denied' | 'unreachable' | 'missing-secret' | 'error';

export interface CheckResult {
  ok: boolean;
  verdict: CheckVerdict;
  detail: string;
  /** The key's state after the check. */
  state: KeyRecord['state'];
}

/** How one provider is asked about a key, and how its answer is read. */
interface Probe {
  send(secret: string): Promise<UpstreamResponse>;
  judge(
    status: number,
    body: unknown,
    retryAfter: string | string[] | undefined,
  ): {
    failure: UpstreamVerdict;
    message: string;
  };
}

/**
 * Asks a key's provider whether it works, with the cheapest call there is (list models: no
 * generation quota used): Gemini with its own client (so checks go where requests go), another
 * provider with GET {base}/models. A refused key is marked dead; a dead key that works again is
 * revived. A key the user disabled by hand stays disabled either way. Built once
 * (proxy/app/services.ts) for the dashboard, the CLI and the dead-key rechecker.
 */
export class KeyChecker {
  constructor(
    private readonly store: Pick<Store, 'keys' | 'providers'>,
    private readonly secrets: SecretStore,
    private readonly client: GeminiClient,
    private readonly providers: ProviderClient,
  ) {}

  async check(key: KeyRecord): Promise<CheckResult> {
    const probe = this.probeFor(key);
    if (typeof probe === 'string') return { ok: false, verdict: 'error', detail: probe, state: key.state };
    const secret = await this.secrets.get(key.id);
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
      const response = await probe.send(secret);
      status = response.status;
      retryAfter = response.headers['retry-after'];
      body = await readJsonBody(response.body);
    } catch (error) {
      const detail = error instanceof UpstreamNetworkError ? error.message : String(error);
      return { ok: false, verdict: 'unreachable', detail, state: key.state };
    }
    const { failure, message } = probe.judge(status, body, retryAfter);
    return this.judged(key, status, failure, message, now);
  }

  /** How to ask the key's provider; why it cannot be asked, when its provider is gone. */
  private probeFor(key: KeyRecord): Probe | string {
    if (key.provider === GEMINI_PROVIDER) {
      return {
        send: (secret) => this.client.get('v1beta/models?pageSize=1', secret),
        judge: (status, body) => {
          const google = isGoogleErrorBody(body) ? body : undefined;
          return {
            failure: classifyFailure(status, google),
            message: google ? google.error.message : `HTTP ${status}`,
          };
        },
      };
    }
    const provider = this.store.providers.get(key.provider);
    if (!provider) return `provider ${key.provider} no longer exists`;
    return {
      send: (secret) => this.providers.listModels(provider.baseUrl, secret),
      judge: (status, body, retryAfter) => {
        const wire = isProviderErrorBody(body) ? body : undefined;
        return {
          failure: classifyProviderFailure(status, wire, retryAfter),
          message: errorFacts(wire).message || `HTTP ${status}`,
        };
      },
    };
  }

  /** What a check's answer does to the key: revives it, kills it, or leaves it be. */
  private judged(
    key: KeyRecord,
    status: number,
    failure: UpstreamVerdict,
    message: string,
    now: number,
  ): CheckResult {
    const { keys } = this.store;
    keys.markChecked(key.id, now);
    if (status === 200 || status === 429) {
      if (key.state === 'dead') keys.setState(key.id, 'active', null, now);
      const state = key.state === 'dead' ? 'active' : key.state;
      return {
        ok: true,
        verdict: 'ok',
        detail: status === 429 ? 'valid (currently rate-limited)' : 'valid',
        state,
      };
    }
    if (failure.kind === 'key-invalid' || failure.kind === 'key-denied') {
      if (key.state === 'active') keys.setState(key.id, 'dead', failure.reason, now);
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
}
