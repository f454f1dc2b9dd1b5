import { UpstreamFailure, UpstreamUnreachable } from '../failures/failures.js';
import { InteractionUpstreamFailure } from '../failures/interactionFailures.js';
import type { KeyPool, KeyScope } from '../pool/keyPool.js';
import { isGoogleErrorBody } from '../upstream/classifyOutcome.js';
import type { ApiVersion, GeminiClient } from '../upstream/geminiClient.js';
import { classifyInteractionFailure } from '../upstream/interactions/classifyInteractionFailure.js';
import { parseRetryAfter } from '../upstream/retryAfter.js';
import { isInteractionErrorBody } from '../upstream/interactions/interactionWire.js';
import { openWithFailover, type FailoverOptions, type OpenedCall } from './failover.js';
import type { Owner } from './fileOwnership.js';
import { shortfallFailure } from './upstreamDispatcher.js';

/** One call to the Interactions API through the pool. */
export interface InteractionCall {
  apiVersion: ApiVersion;
  method: 'GET' | 'POST' | 'DELETE';
  /** Under `/{apiVersion}/`, with its query: `interactions`, `interactions/ID?stream=true`, `interactions/ID/cancel`. */
  path: string;
  body?: unknown;
  /** The quota bucket the call draws on: the model or agent for a create, POLL_BUCKET for the rest. */
  quotaBucket: string;
  /** Only this project may serve (it stores the interaction); otherwise any the scope allows. */
  owner?: Owner;
  keyScope?: KeyScope;
  signal?: AbortSignal;
  /** The answer is a stream (`Accept: text/event-stream`). */
  stream?: boolean;
  /** Longest wait for the response headers (a stream's first byte). */
  headersTimeoutMs?: number;
}

/**
 * The quota bucket of gets, deletes and cancels: Gemini meters them apart from the model, and a
 * client polling a background run every few seconds must not use up the model's requests per minute.
 */
export const POLL_BUCKET = 'interactions.get';

/**
 * Interactions calls through the one failover loop (failover.ts), with the Interactions API's
 * failures read in both of Google's envelopes (classifyInteractionFailure.ts): a new conversation on
 * any key the client's policy allows, a stored interaction on its owner's keys only, where the
 * owner cooling down is OwnerUnavailable (a 429 with when it frees up) rather than a stranger's 404.
 */
export class InteractionDispatcher {
  constructor(
    private readonly pool: KeyPool,
    private readonly client: GeminiClient,
    private readonly failover: FailoverOptions = {},
  ) {}

  /** Resolves with a 2xx response whose body the caller must consume or destroy; throws a Failure. */
  open(call: InteractionCall): Promise<OpenedCall> {
    const { owner, quotaBucket: model } = call;
    // Serialized once: every failover attempt sends the same bytes.
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    return openWithFailover(
      {
        pool: this.pool,
        model,
        acquire: { ...call.keyScope, exclude: new Set(), onlyProjectId: owner?.projectId },
        signal: call.signal,
        send: (lease) =>
          this.client.resource({
            method: call.method,
            target: `${call.apiVersion}/${call.path}`,
            apiKey: lease.apiKey,
            headers: { accept: call.stream ? 'text/event-stream' : 'application/json' },
            ...(body === undefined ? {} : { body }),
            ...(call.signal ? { signal: call.signal } : {}),
            ...(call.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: call.headersTimeoutMs }),
          }),
        failureOf: (response, body) => {
          const verdict = classifyInteractionFailure(
            response.status,
            body,
            parseRetryAfter(response.headers['retry-after']),
          );
          const failure = isGoogleErrorBody(body)
            ? new UpstreamFailure(response.status, body, verdict)
            : isInteractionErrorBody(body)
              ? new InteractionUpstreamFailure(response.status, body, verdict)
              : new UpstreamFailure(response.status, undefined, verdict);
          return { verdict, failure };
        },
        unreachable: (error) => new UpstreamUnreachable(error.message),
        unavailable: shortfallFailure(owner, model),
      },
      this.failover,
    );
  }

  /** The input tokens an interaction used, once its usage is known: the pool counts them against TPM. */
  recordTokens(opened: OpenedCall, model: string, promptTokens: number | undefined): void {
    if (promptTokens) this.pool.recordTokens(opened.lease, model, promptTokens);
  }
}
