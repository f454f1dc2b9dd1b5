import type { GoogleErrorBody } from '../gemini/types.js';
import { GatewayError } from '../http/gatewayError.js';
import { isLease, type KeyLease, type KeyPool, type PoolUnavailable } from '../pool/keyPool.js';
import { classifyFailure, isGoogleErrorBody, type UpstreamFailure } from '../upstream/classifyOutcome.js';
import {
  readJsonBody,
  UpstreamNetworkError,
  type GeminiClient,
  type UpstreamCall,
  type UpstreamResponse,
} from '../upstream/geminiClient.js';

export type DispatchCall = Omit<UpstreamCall, 'apiKey'> & {
  /** The body as it may be sent through this key, when that depends on the key's project. */
  bodyFor?: (lease: KeyLease) => unknown;
  /** Try this project first (see SignatureRouting). */
  preferProjectId?: string;
};

export interface Attempt {
  keyId: string;
  status: number | 'network';
  failure?: UpstreamFailure['kind'];
}

export interface OpenedCall {
  lease: KeyLease;
  response: UpstreamResponse;
  attempts: Attempt[];
  /** Time spent waiting on Gemini (all attempts, up to the 200's headers): not gemgate's overhead. */
  upstreamMs: number;
}

/** How many keys one request may try before the client gets the last error. */
const MAX_FAILOVER = 8;

/**
 * Finds a key that gets a 200 from Gemini, before a single byte goes to the client: rate-limited,
 * dead and overloaded answers move on to the next key; the client's own mistakes go straight back.
 */
export class UpstreamDispatcher {
  constructor(
    private readonly pool: KeyPool,
    private readonly client: GeminiClient,
    private readonly maxFailover = MAX_FAILOVER,
  ) {}

  /** Resolves with a 200 response whose body the caller must consume or destroy; throws GatewayError otherwise. */
  open(call: DispatchCall, exclude: Set<string> = new Set()): Promise<OpenedCall> {
    const { bodyFor, preferProjectId, ...upstream } = call;
    return this.openWith(call.model, exclude, call.signal, preferProjectId, (lease) =>
      this.client.post({ ...upstream, body: bodyFor ? bodyFor(lease) : upstream.body, apiKey: lease.apiKey }),
    );
  }

  /** Same failover for a GET (model listing); `quotaModel` names the quota bucket it draws on. */
  get(path: string, quotaModel: string, signal?: AbortSignal): Promise<OpenedCall> {
    return this.openWith(quotaModel, new Set(), signal, undefined, (lease) =>
      this.client.get(path, lease.apiKey, signal),
    );
  }

  private async openWith(
    model: string,
    exclude: Set<string>,
    signal: AbortSignal | undefined,
    preferProjectId: string | undefined,
    send: (lease: KeyLease) => Promise<UpstreamResponse>,
  ): Promise<OpenedCall> {
    const attempts: Attempt[] = [];
    const call = { model, signal };
    let upstreamMs = 0;
    let lastError: GatewayError | undefined;
    for (let attempt = 0; attempt < this.maxFailover; attempt++) {
      const lease = this.pool.acquire(call.model, { exclude, preferProjectId });
      if (!isLease(lease)) throw lastError ?? poolUnavailableError(lease, call.model);
      exclude.add(lease.keyId);
      let response: UpstreamResponse;
      const sent = performance.now();
      try {
        response = await send(lease);
        upstreamMs += performance.now() - sent;
      } catch (error) {
        upstreamMs += performance.now() - sent;
        if (call.signal?.aborted) throw error;
        if (!(error instanceof UpstreamNetworkError)) throw error;
        const failure: UpstreamFailure = { kind: 'upstream-unavailable', status: 502 };
        this.pool.reportFailure(lease, call.model, failure);
        attempts.push({ keyId: lease.keyId, status: 'network', failure: failure.kind });
        lastError = new GatewayError(502, `Gemini could not be reached: ${error.message}`, {
          code: 'upstream_unreachable',
        });
        continue;
      }
      if (response.status === 200) {
        this.pool.reportSuccess(lease, call.model);
        attempts.push({ keyId: lease.keyId, status: 200 });
        return { lease, response, attempts, upstreamMs };
      }
      const readStarted = performance.now();
      const body = await readJsonBody(response.body);
      upstreamMs += performance.now() - readStarted;
      const google = isGoogleErrorBody(body) ? body : undefined;
      const failure = classifyFailure(response.status, google);
      this.pool.reportFailure(lease, call.model, failure);
      attempts.push({ keyId: lease.keyId, status: response.status, failure: failure.kind });
      lastError = upstreamError(response.status, google, failure);
      if (failure.kind === 'client-error' || failure.kind === 'not-found') throw lastError;
    }
    throw lastError ?? new GatewayError(503, 'No key could serve this request.');
  }
}

function upstreamError(
  status: number,
  google: GoogleErrorBody | undefined,
  failure: UpstreamFailure,
): GatewayError {
  const message = google?.error.message ?? `Gemini answered HTTP ${status}.`;
  const code =
    failure.kind === 'rate-limited'
      ? 'rate_limit_exceeded'
      : failure.kind === 'not-found'
        ? 'model_not_found'
        : failure.kind === 'key-invalid' || failure.kind === 'key-denied'
          ? 'upstream_key_rejected'
          : null;
  const headers: Record<string, string> = {};
  if (failure.kind === 'rate-limited' && failure.retryAfterMs !== null) {
    headers['retry-after'] = String(Math.ceil(failure.retryAfterMs / 1000));
  }
  return new GatewayError(status, message, { google, code, headers });
}

export function poolUnavailableError(state: PoolUnavailable, model: string, now = Date.now()): GatewayError {
  switch (state.kind) {
    case 'empty':
      return new GatewayError(
        503,
        'gemgate has no Gemini API keys yet. Add one with `gemgate keys add --account NAME`.',
        {
          code: 'no_keys',
        },
      );
    case 'all-dead':
      return new GatewayError(
        503,
        'Every Gemini API key in gemgate has been disabled (invalid, suspended or revoked). Check them with `gemgate keys check`.',
        { code: 'all_keys_disabled' },
      );
    case 'all-cooling': {
      const seconds = Math.max(1, Math.ceil((state.retryAt - now) / 1000));
      return new GatewayError(
        429,
        `Every Gemini API key is rate-limited for ${model} until ${new Date(state.retryAt).toISOString()} (in ${seconds}s).`,
        { code: 'rate_limit_exceeded', headers: { 'retry-after': String(seconds) } },
      );
    }
  }
}
