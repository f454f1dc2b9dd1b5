import { Failure, type PoolShortfall } from '../failures/failures.js';
import { isLease, type AcquireOptions, type KeyLease, type KeyPool } from '../pool/keyPool.js';
import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import { readJsonBody, UpstreamNetworkError, type UpstreamResponse } from '../upstream/geminiClient.js';
import { sleepUnlessAborted } from '../util/sleepUnlessAborted.js';

/** How many keys one request may try before the client gets the last error. */
export const MAX_FAILOVER = 8;
/** Pause before retrying elsewhere after a 5xx or network failure, doubling each time (capped). */
export const UNAVAILABLE_BACKOFF_MS = 100;
const UNAVAILABLE_BACKOFF_MAX_MS = 1000;

export interface Attempt {
  keyId: string;
  status: number | 'network';
  failure?: UpstreamVerdict['kind'];
}

/** A call that got a 2xx: its key, its response (whose body the caller must consume or destroy). */
export interface OpenedCall {
  lease: KeyLease;
  response: UpstreamResponse;
  attempts: Attempt[];
  /** Time spent waiting on the upstream (all attempts, up to the 2xx's headers): not gemgate's overhead. */
  upstreamMs: number;
}

/**
 * What one upstream family tells the failover loop about a call: how to send it with a key, and
 * what its failures mean. Gemini's (upstreamDispatcher.ts) and each OpenAI-compatible provider's
 * (providerDispatcher.ts) differ only here.
 */
export interface FailoverCall {
  pool: KeyPool;
  /** The quota bucket the call draws on (a model id, `files`, `countTokens`, …). */
  model: string;
  /** Which keys may serve (policy, affinity, an owning project). `exclude` collects the keys tried. */
  acquire: AcquireOptions & { exclude: Set<string> };
  signal?: AbortSignal;
  /** Keys to try at most (1 for a body that can be sent only once). */
  maxAttempts?: number;
  send(lease: KeyLease): Promise<UpstreamResponse>;
  /** A non-2xx answer, its JSON body read: the pool's verdict on the key and the Failure it amounts to. */
  failureOf(response: UpstreamResponse, body: unknown): { verdict: UpstreamVerdict; failure: Failure };
  /** The upstream could not be reached with this key. */
  unreachable(error: UpstreamNetworkError): Failure;
  /** No key can take the call (the pool's shortfall, and when every project cools, till when). */
  unavailable(shortfall: PoolShortfall, retryAt?: number): Failure;
}

export interface FailoverOptions {
  maxFailover?: number;
  backoffMs?: number;
}

/**
 * The one failover loop: finds a key that gets a 2xx, before a single byte goes to the client.
 *
 * | a try ends with                       | the key                 | then                                      |
 * | ------------------------------------- | ----------------------- | ----------------------------------------- |
 * | 2xx                                   | success                 | resolve with it                           |
 * | the client's mistake (`client-error`) | nothing held against it | throw its failure at once                 |
 * | `not-found` (model, resource)         | nothing held against it | throw its failure at once                 |
 * | rate-limited, dead, denied            | judged by the pool      | next key                                  |
 * | overloaded, 5xx (`upstream-unavailable`) | nothing held against it | next key of another project, after a pause |
 * | a network failure                     | as overloaded           | as overloaded                             |
 * | `resource-denied` (another project's file) | as the pool judges | next key of another project (final when pinned to its owner) |
 * | the client left, or gemgate failed    | released                | throw what was thrown                     |
 *
 * The pause doubles with each overload (from `backoffMs`, at most 1 s). When the pool has no key
 * left, the last key's own error is thrown if there was one; else the pool's verdict.
 */
export async function openWithFailover(
  call: FailoverCall,
  options: FailoverOptions = {},
): Promise<OpenedCall> {
  const attempts: Attempt[] = [];
  try {
    return await tryKeys(call, options, attempts);
  } catch (error) {
    // The request log says which keys a failed request went through and why each could not serve.
    if (error instanceof Failure && attempts.length > 0) error.tried ??= attempts;
    throw error;
  }
}

async function tryKeys(
  call: FailoverCall,
  options: FailoverOptions,
  attempts: Attempt[],
): Promise<OpenedCall> {
  const { pool, model, signal } = call;
  const maxAttempts = call.maxAttempts ?? options.maxFailover ?? MAX_FAILOVER;
  const backoffMs = options.backoffMs ?? UNAVAILABLE_BACKOFF_MS;
  const exclude = call.acquire.exclude;
  const excludeProjects = new Set<string>();
  const acquireOptions: AcquireOptions = { ...call.acquire, excludeProjects };
  let upstreamMs = 0;
  let lastError: Failure | undefined;
  let unavailableFailures = 0;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const lease = pool.acquire(model, acquireOptions);
    if (!isLease(lease)) {
      // Keys this request already tried: their own error says most. Otherwise the pool's verdict
      // (every key dead, every project cooling until a time) is the truth about the whole pool.
      if (lease.kind === 'all-tried' && lastError) throw lastError;
      throw call.unavailable(lease.kind, lease.kind === 'all-cooling' ? lease.retryAt : undefined);
    }
    exclude.add(lease.keyId);
    if (unavailableFailures > 0) {
      const pause = Math.min(backoffMs * 2 ** (unavailableFailures - 1), UNAVAILABLE_BACKOFF_MAX_MS);
      if (!(await sleepUnlessAborted(pause, signal))) {
        pool.release(lease, model);
        throw signal?.reason ?? new Error('aborted');
      }
    }
    let response: UpstreamResponse;
    const sent = performance.now();
    try {
      response = await call.send(lease);
    } catch (error) {
      upstreamMs += performance.now() - sent;
      if (signal?.aborted || !(error instanceof UpstreamNetworkError)) {
        // The client hung up, or gemgate itself failed: nobody's fault on the upstream's side.
        pool.release(lease, model);
        throw error;
      }
      const verdict: UpstreamVerdict = { kind: 'upstream-unavailable', status: 502 };
      pool.reportFailure(lease, model, verdict);
      attempts.push({ keyId: lease.keyId, status: 'network', failure: verdict.kind });
      excludeProjects.add(lease.projectId);
      unavailableFailures++;
      lastError = call.unreachable(error);
      continue;
    }
    if (response.status >= 200 && response.status < 300) {
      upstreamMs += performance.now() - sent;
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
    upstreamMs += performance.now() - sent;
    const { verdict, failure } = call.failureOf(response, body);
    pool.reportFailure(lease, model, verdict);
    attempts.push({ keyId: lease.keyId, status: response.status, failure: verdict.kind });
    lastError = failure;
    if (verdict.kind === 'client-error' || verdict.kind === 'not-found') throw failure;
    if (verdict.kind === 'upstream-unavailable') {
      // Overloaded or failing there: try another project, after a short pause.
      excludeProjects.add(lease.projectId);
      unavailableFailures++;
    }
    if (verdict.kind === 'resource-denied') {
      // Pinned to one project (the known owner of what the call names), the owner's 403 is the
      // answer: asking others would only hunt for another way in. Otherwise a file (or cache) of
      // another project: perhaps one of the pool's other projects owns it.
      if (call.acquire.onlyProjectId !== undefined) throw failure;
      excludeProjects.add(lease.projectId);
    }
  }
  throw lastError ?? call.unavailable('all-tried');
}
