import {
  ProviderFailure,
  ProviderPoolUnavailable,
  ProviderUnreachable,
  type Failure,
} from '../failures/failures.js';
import { isLease, type AcquireOptions, type KeyPool, type KeyScope } from '../pool/keyPool.js';
import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import { readJsonBody, UpstreamNetworkError, type UpstreamResponse } from '../upstream/geminiClient.js';
import type { ProviderClient, ProviderEndpoint } from '../upstream/openaiCompatible/providerClient.js';
import { classifyProviderFailure } from '../upstream/openaiCompatible/classifyProviderFailure.js';
import { isProviderErrorBody } from '../upstream/openaiCompatible/chatWire.js';
import type { ProviderRecord } from '../store/providers.js';
import type { Attempt, OpenedCall } from './upstreamDispatcher.js';
import { sleepUnlessAborted } from '../util/sleepUnlessAborted.js';

export interface ProviderCall {
  provider: ProviderRecord;
  /** The model id as the provider knows it: the quota bucket its pool keeps. */
  model: string;
  /** Where the body goes: Chat Completions unless said otherwise. */
  endpoint?: ProviderEndpoint;
  /** The request body, sent as given (its `model` already the provider's id). */
  body: unknown;
  signal?: AbortSignal;
  /** The client policy's limits on which keys may serve this call. */
  keyScope?: KeyScope;
  /** Longest wait for the response headers; a stream that does not start in time tries another key. */
  headersTimeoutMs?: number;
}

export interface ProviderDispatcherOptions {
  maxFailover?: number;
  backoffMs?: number;
}

/** How many keys one request may try before the client gets the last error. */
const MAX_FAILOVER = 8;
/** Pause before retrying elsewhere after a 5xx or network failure, doubling each time (capped). */
const UNAVAILABLE_BACKOFF_MS = 100;
const UNAVAILABLE_BACKOFF_MAX_MS = 1000;

/**
 * One call to another provider (Chat Completions, or embeddings), through that provider's own pool: a key that gets
 * a 2xx before a single byte goes to the client. A rate-limited account, a refused key and an
 * overloaded service move on to the next key; the client's own mistakes go straight back.
 * The same rules as Gemini's dispatcher, with the provider's errors read by classifyProviderFailure.
 */
export class ProviderDispatcher {
  private readonly maxFailover: number;
  private readonly backoffMs: number;

  constructor(
    private readonly poolOf: (provider: string) => KeyPool | undefined,
    private readonly client: ProviderClient,
    options: ProviderDispatcherOptions = {},
  ) {
    this.maxFailover = options.maxFailover ?? MAX_FAILOVER;
    this.backoffMs = options.backoffMs ?? UNAVAILABLE_BACKOFF_MS;
  }

  /**
   * Resolves with a 2xx response whose body the caller must consume or destroy. Otherwise throws
   * ProviderPoolUnavailable, ProviderFailure (the last key's answer) or ProviderUnreachable.
   * `exclude` carries the keys a resumed answer's earlier attempts used, when it should avoid them.
   */
  async open(call: ProviderCall, exclude: Set<string> = new Set()): Promise<OpenedCall> {
    const { provider, model } = call;
    const pool = this.poolOf(provider.name);
    if (!pool) throw new ProviderPoolUnavailable(provider.name, 'empty', model);
    const excludeProjects = new Set<string>();
    const options: AcquireOptions = { ...call.keyScope, exclude, excludeProjects };
    const attempts: Attempt[] = [];
    let upstreamMs = 0;
    let lastError: Failure | undefined;
    let unavailableFailures = 0;
    for (let attempt = 0; attempt < this.maxFailover; attempt++) {
      const lease = pool.acquire(model, options);
      if (!isLease(lease)) {
        if (lease.kind === 'all-tried' && lastError) throw lastError;
        const retryAt = lease.kind === 'all-cooling' ? lease.retryAt : undefined;
        throw new ProviderPoolUnavailable(provider.name, lease.kind, model, retryAt);
      }
      exclude.add(lease.keyId);
      if (unavailableFailures > 0) {
        const pause = Math.min(this.backoffMs * 2 ** (unavailableFailures - 1), UNAVAILABLE_BACKOFF_MAX_MS);
        if (!(await sleepUnlessAborted(pause, call.signal))) {
          pool.release(lease, model);
          throw call.signal?.reason ?? new Error('aborted');
        }
      }
      let response: UpstreamResponse;
      const sent = performance.now();
      try {
        response = await this.client.post(call.endpoint ?? 'chat/completions', {
          baseUrl: provider.baseUrl,
          apiKey: lease.apiKey,
          body: call.body,
          signal: call.signal,
          headersTimeoutMs: call.headersTimeoutMs,
        });
        upstreamMs += performance.now() - sent;
      } catch (error) {
        upstreamMs += performance.now() - sent;
        if (call.signal?.aborted || !(error instanceof UpstreamNetworkError)) {
          pool.release(lease, model);
          throw error;
        }
        const failure: UpstreamVerdict = { kind: 'upstream-unavailable', status: 502 };
        pool.reportFailure(lease, model, failure);
        attempts.push({ keyId: lease.keyId, status: 'network', failure: failure.kind });
        excludeProjects.add(lease.projectId);
        unavailableFailures++;
        lastError = new ProviderUnreachable(provider.name, error.message);
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        pool.reportSuccess(lease, model);
        attempts.push({ keyId: lease.keyId, status: response.status });
        return { lease, response, attempts, upstreamMs };
      }
      let body: unknown;
      try {
        body = await readJsonBody(response.body);
      } catch (error) {
        pool.release(lease, model);
        throw error;
      }
      const wire = isProviderErrorBody(body) ? body : undefined;
      const failure = classifyProviderFailure(response.status, wire, response.headers['retry-after']);
      pool.reportFailure(lease, model, failure);
      attempts.push({ keyId: lease.keyId, status: response.status, failure: failure.kind });
      lastError = new ProviderFailure(response.status, provider.name, wire, failure);
      if (failure.kind === 'client-error' || failure.kind === 'not-found') throw lastError;
      if (failure.kind === 'upstream-unavailable') {
        excludeProjects.add(lease.projectId);
        unavailableFailures++;
      }
    }
    throw lastError ?? new ProviderPoolUnavailable(provider.name, 'all-tried', model);
  }

  /** Input tokens an answer used, once known: the pool counts them against the account's TPM. */
  recordTokens(provider: string, opened: OpenedCall, model: string, promptTokens: number | undefined): void {
    if (promptTokens) this.poolOf(provider)?.recordTokens(opened.lease, model, promptTokens);
  }
}
