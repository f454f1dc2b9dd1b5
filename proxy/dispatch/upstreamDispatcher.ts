import type { GoogleErrorBody } from '../gemini/types.js';
import { GatewayError } from '../http/gatewayError.js';
import {
  isLease,
  type AcquireOptions,
  type KeyLease,
  type KeyPool,
  type KeyScope,
  type PoolUnavailable,
} from '../pool/keyPool.js';
import { affinityOf } from '../pool/affinity.js';
import { FileAffinity } from './fileAffinity.js';
import {
  classifyFailure,
  googleError,
  isGoogleErrorBody,
  type UpstreamFailure,
} from '../upstream/classifyOutcome.js';
import {
  readJsonBody,
  UpstreamNetworkError,
  type GeminiClient,
  type UpstreamCall,
  type UpstreamResponse,
} from '../upstream/geminiClient.js';

/** What a caller may say about which keys serve a call: client policy, conversation affinity. */
export type RoutingOptions = Pick<AcquireOptions, 'allowedTiers' | 'allowedAccountIds' | 'affinity'>;

export type DispatchCall = Omit<UpstreamCall, 'apiKey'> & {
  /** Defaults: no policy; affinity derived from a generate request's first user turn. */
  routing?: RoutingOptions;
  /** The body as it may be sent through this key, when that depends on the key's project. */
  bodyFor?: (lease: KeyLease) => unknown;
  /** Try this project first: it minted the conversation's thought signatures (see SignatureRouting). */
  preferProjectId?: string;
  /** The client policy's limits on which keys may serve this call. */
  keyScope?: KeyScope;
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

/** Pause before retrying elsewhere after a 5xx or network failure, doubling each time (capped). */
const UNAVAILABLE_BACKOFF_MS = 100;
const UNAVAILABLE_BACKOFF_MAX_MS = 1000;

const GENERATE_ACTIONS = new Set(['generateContent', 'streamGenerateContent']);

/**
 * Finds a key that gets a 200 from Gemini, before a single byte goes to the client: rate-limited,
 * dead and overloaded answers move on to the next key; the client's own mistakes go straight back.
 */
export class UpstreamDispatcher {
  /** Where the Files API files that requests name were found readable. */
  private readonly files = new FileAffinity();

  constructor(
    private readonly pool: KeyPool,
    private readonly client: GeminiClient,
    private readonly maxFailover = MAX_FAILOVER,
    private readonly backoffMs = UNAVAILABLE_BACKOFF_MS,
  ) {}

  /** Resolves with a 200 response whose body the caller must consume or destroy; throws GatewayError otherwise. */
  async open(call: DispatchCall, exclude: Set<string> = new Set()): Promise<OpenedCall> {
    const { routing, bodyFor, keyScope, preferProjectId: signaturesProject, ...upstream } = call;
    const affinity =
      routing?.affinity ?? (GENERATE_ACTIONS.has(call.action) ? affinityOf(call.body) : undefined);
    const preferProjectId = signaturesProject ?? this.files.preferredProject(call.body);
    const opened = await this.openWith(
      quotaBucket(call),
      { ...routing, ...keyScope, affinity, exclude, preferProjectId },
      call.signal,
      (lease) =>
        this.client.post({
          ...upstream,
          body: bodyFor ? bodyFor(lease) : upstream.body,
          apiKey: lease.apiKey,
        }),
    );
    if (opened.attempts.some((attempt) => attempt.failure === 'resource-denied')) {
      this.files.record(call.body, opened.lease.projectId);
    }
    return opened;
  }

  /** Same failover for a GET (model listing); `quotaModel` names the quota bucket it draws on. */
  get(path: string, quotaModel: string, signal?: AbortSignal): Promise<OpenedCall> {
    return this.openWith(quotaModel, { exclude: new Set() }, signal, (lease) =>
      this.client.get(path, lease.apiKey, signal),
    );
  }

  /** The input tokens an answer used, once its usage is known: the pool counts them against TPM. */
  recordTokens(opened: OpenedCall, model: string, promptTokens: number | undefined): void {
    if (promptTokens) this.pool.recordTokens(opened.lease, model, promptTokens);
  }

  private async openWith(
    model: string,
    options: AcquireOptions & { exclude: Set<string> },
    signal: AbortSignal | undefined,
    send: (lease: KeyLease) => Promise<UpstreamResponse>,
  ): Promise<OpenedCall> {
    const attempts: Attempt[] = [];
    const exclude = options.exclude;
    const excludeProjects = new Set<string>();
    const acquireOptions: AcquireOptions = { ...options, excludeProjects };
    let upstreamMs = 0;
    let lastError: GatewayError | undefined;
    let unavailableFailures = 0;
    for (let attempt = 0; attempt < this.maxFailover; attempt++) {
      const lease = this.pool.acquire(model, acquireOptions);
      if (!isLease(lease)) {
        // Keys this request already tried: their own error says most. Otherwise the pool's verdict
        // (every key dead, every project cooling until a time) is the truth about the whole pool.
        throw lease.kind === 'all-tried' && lastError ? lastError : poolUnavailableError(lease, model);
      }
      exclude.add(lease.keyId);
      if (unavailableFailures > 0) {
        const pause = Math.min(this.backoffMs * 2 ** (unavailableFailures - 1), UNAVAILABLE_BACKOFF_MAX_MS);
        if (!(await sleep(pause, signal))) {
          this.pool.release(lease, model);
          throw signal?.reason ?? new Error('aborted');
        }
      }
      let response: UpstreamResponse;
      const sent = performance.now();
      try {
        response = await send(lease);
        upstreamMs += performance.now() - sent;
      } catch (error) {
        upstreamMs += performance.now() - sent;
        if (signal?.aborted || !(error instanceof UpstreamNetworkError)) {
          // The client hung up, or gemgate itself failed: nobody's fault on Gemini's side.
          this.pool.release(lease, model);
          throw error;
        }
        const failure: UpstreamFailure = { kind: 'upstream-unavailable', status: 502 };
        this.pool.reportFailure(lease, model, failure);
        attempts.push({ keyId: lease.keyId, status: 'network', failure: failure.kind });
        excludeProjects.add(lease.projectId);
        unavailableFailures++;
        lastError = new GatewayError(502, `Gemini could not be reached: ${error.message}`, {
          code: 'upstream_unreachable',
        });
        continue;
      }
      if (response.status === 200) {
        this.pool.reportSuccess(lease, model);
        attempts.push({ keyId: lease.keyId, status: 200 });
        return { lease, response, attempts, upstreamMs };
      }
      const readStarted = performance.now();
      let body: unknown;
      try {
        body = await readJsonBody(response.body);
      } catch (error) {
        this.pool.release(lease, model);
        throw error;
      }
      upstreamMs += performance.now() - readStarted;
      const google = isGoogleErrorBody(body) ? body : undefined;
      const failure = classifyFailure(response.status, google);
      this.pool.reportFailure(lease, model, failure);
      attempts.push({ keyId: lease.keyId, status: response.status, failure: failure.kind });
      lastError = upstreamError(response.status, google, failure);
      if (failure.kind === 'client-error' || failure.kind === 'not-found') throw lastError;
      if (failure.kind === 'upstream-unavailable') {
        // Overloaded or failing there: try another project, after a short pause.
        excludeProjects.add(lease.projectId);
        unavailableFailures++;
      }
      // A file (or cache) of another project: perhaps one of the pool's other projects owns it.
      if (failure.kind === 'resource-denied') excludeProjects.add(lease.projectId);
    }
    throw lastError ?? new GatewayError(503, 'No key could serve this request.');
  }
}

/**
 * The quota a call draws on: a model's generation (and embedding) quota, except countTokens, which
 * Gemini meters separately and which must not use up, or wait on, the model's requests.
 */
function quotaBucket(call: DispatchCall): string {
  return call.action === 'countTokens' ? 'countTokens' : call.model;
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function upstreamError(
  status: number,
  google: GoogleErrorBody | undefined,
  failure: UpstreamFailure,
): GatewayError {
  let message = google?.error.message ?? `Gemini answered HTTP ${status}.`;
  if (failure.kind === 'resource-denied') {
    message +=
      " No project in gemgate's pool that could serve this request may read it: a file or cached content " +
      'can be used only through keys of the project that created it.';
    if (google) google = { error: { ...google.error, message } };
  }
  const code =
    failure.kind === 'rate-limited'
      ? 'rate_limit_exceeded'
      : failure.kind === 'not-found'
        ? 'model_not_found'
        : failure.kind === 'key-invalid' || failure.kind === 'key-denied'
          ? 'upstream_key_rejected'
          : failure.kind === 'resource-denied'
            ? 'resource_not_accessible'
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
    case 'none-allowed':
      return new GatewayError(
        503,
        "No Gemini API key that this client's policy allows can serve: its allowed accounts or tiers have no working key.",
        { code: 'no_allowed_keys' },
      );
    case 'all-tried':
      return new GatewayError(503, 'No key could serve this request.', { code: 'upstream_unavailable' });
    case 'all-cooling': {
      const seconds = Math.max(1, Math.ceil((state.retryAt - now) / 1000));
      const message = `Every Gemini API key is rate-limited for ${model} until ${new Date(state.retryAt).toISOString()} (in ${seconds}s).`;
      return new GatewayError(429, message, {
        code: 'rate_limit_exceeded',
        headers: { 'retry-after': String(seconds) },
        // Gemini's own shape, so Gemini SDKs read the delay as they would from Google.
        google: googleError(429, 'RESOURCE_EXHAUSTED', message, [
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` },
        ]),
      });
    }
  }
}
