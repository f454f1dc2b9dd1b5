import { ProviderFailure, ProviderPoolUnavailable, ProviderUnreachable } from '../failures/failures.js';
import type { KeyPool, KeyScope } from '../pool/keyPool.js';
import type { ProviderClient, ProviderEndpoint } from '../upstream/openaiCompatible/providerClient.js';
import { classifyProviderFailure } from '../upstream/openaiCompatible/classifyProviderFailure.js';
import { isProviderErrorBody } from '../upstream/openaiCompatible/chatWire.js';
import type { ProviderRecord } from '../store/providers.js';
import { openWithFailover, type FailoverOptions, type OpenedCall } from './failover.js';

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

export type ProviderDispatcherOptions = FailoverOptions;

/**
 * One call to another provider (Chat Completions, or embeddings), through that provider's own pool
 * and the one failover loop (failover.ts): a key that gets a 2xx before a single byte goes to the
 * client. The provider's errors are read by classifyProviderFailure.
 */
export class ProviderDispatcher {
  constructor(
    private readonly poolOf: (provider: string) => KeyPool | undefined,
    private readonly client: ProviderClient,
    private readonly options: ProviderDispatcherOptions = {},
  ) {}

  /**
   * Resolves with a 2xx response whose body the caller must consume or destroy. Otherwise throws
   * ProviderPoolUnavailable, ProviderFailure (the last key's answer) or ProviderUnreachable.
   * `exclude` carries the keys a resumed answer's earlier attempts used, when it should avoid them.
   */
  open(call: ProviderCall, exclude: Set<string> = new Set()): Promise<OpenedCall> {
    const { provider, model } = call;
    const pool = this.poolOf(provider.name);
    if (!pool) return Promise.reject(new ProviderPoolUnavailable(provider.name, 'empty', model));
    return openWithFailover(
      {
        pool,
        model,
        acquire: { ...call.keyScope, exclude },
        signal: call.signal,
        send: (lease) =>
          this.client.post(call.endpoint ?? 'chat/completions', {
            baseUrl: provider.baseUrl,
            apiKey: lease.apiKey,
            body: call.body,
            signal: call.signal,
            headersTimeoutMs: call.headersTimeoutMs,
          }),
        failureOf: (response, body) => {
          const wire = isProviderErrorBody(body) ? body : undefined;
          const verdict = classifyProviderFailure(response.status, wire, response.headers['retry-after']);
          return { verdict, failure: new ProviderFailure(response.status, provider.name, wire, verdict) };
        },
        unreachable: (error) => new ProviderUnreachable(provider.name, error.message),
        unavailable: (shortfall, retryAt) =>
          new ProviderPoolUnavailable(provider.name, shortfall, model, retryAt),
      },
      this.options,
    );
  }

  /** Input tokens an answer used, once known: the pool counts them against the account's TPM. */
  recordTokens(provider: string, opened: OpenedCall, model: string, promptTokens: number | undefined): void {
    if (promptTokens) this.poolOf(provider)?.recordTokens(opened.lease, model, promptTokens);
  }
}
