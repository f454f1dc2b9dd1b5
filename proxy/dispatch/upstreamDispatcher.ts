import {
  OwnerUnavailable,
  PoolUnavailable,
  UpstreamFailure,
  UpstreamUnreachable,
  type Failure,
} from '../failures/failures.js';
import { isLease, type AcquireOptions, type KeyLease, type KeyPool, type KeyScope } from '../pool/keyPool.js';
import { affinityOf } from '../pool/affinity.js';
import { ResourceOwnership, denialIsFinal, type Owner } from './fileOwnership.js';
import { classifyFailure, isGoogleErrorBody, type UpstreamVerdict } from '../upstream/classifyOutcome.js';
import {
  readJsonBody,
  UpstreamNetworkError,
  type GeminiClient,
  type ResourceRequest,
  type UpstreamCall,
  type UpstreamResponse,
} from '../upstream/geminiClient.js';
import { sleepUnlessAborted } from '../util/sleepUnlessAborted.js';

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

/**
 * A call to the Files API or cachedContents: to the project that owns the resource, or, for a new
 * one, to any project the client's policy allows.
 */
export type ResourceCall = Omit<ResourceRequest, 'apiKey'> & {
  /** The quota bucket the call draws on (`files`, `cachedContents`). */
  quotaModel: string;
  /** Only this project may serve (it owns the resource); otherwise any the scope allows. */
  owner?: Owner;
  keyScope?: KeyScope;
  /** A body that can be sent only once (a stream of bytes): no second attempt on another key. */
  once?: boolean;
};

export interface DispatcherOptions {
  /** Which project owns the files and caches a request names (default: learned from 403s only). */
  ownership?: ResourceOwnership;
  maxFailover?: number;
  backoffMs?: number;
}

export interface Attempt {
  keyId: string;
  status: number | 'network';
  failure?: UpstreamVerdict['kind'];
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
  /** Which project owns the files and cached contents that requests name. */
  readonly ownership: ResourceOwnership;
  private readonly maxFailover: number;
  private readonly backoffMs: number;

  constructor(
    private readonly pool: KeyPool,
    private readonly client: GeminiClient,
    options: DispatcherOptions = {},
  ) {
    this.ownership = options.ownership ?? new ResourceOwnership();
    this.maxFailover = options.maxFailover ?? MAX_FAILOVER;
    this.backoffMs = options.backoffMs ?? UNAVAILABLE_BACKOFF_MS;
  }

  /**
   * Resolves with a 200 response whose body the caller must consume or destroy. Otherwise throws a
   * Failure: PoolUnavailable (OwnerUnavailable when only the owner of a named file could serve),
   * MixedOwners, UpstreamFailure (the last key's answer) or UpstreamUnreachable. Every attempt of a
   * request, a resumed stream's continuations included, is routed by the same rules.
   */
  async open(call: DispatchCall, exclude: Set<string> = new Set()): Promise<OpenedCall> {
    const { routing, bodyFor, keyScope, preferProjectId: signaturesProject, ...upstream } = call;
    const affinity =
      routing?.affinity ?? (GENERATE_ACTIONS.has(call.action) ? affinityOf(call.body) : undefined);
    // A file or cache gemgate recorded can be read in one project only: no other is worth asking.
    const owner = this.ownership.ownerOf(call.body);
    const preferProjectId = owner
      ? undefined
      : (signaturesProject ?? this.ownership.preferredProject(call.body));
    const opened = await this.openWith(
      quotaBucket(call),
      { ...routing, ...keyScope, affinity, exclude, preferProjectId, onlyProjectId: owner?.projectId },
      call.signal,
      (lease) =>
        this.client.post({
          ...upstream,
          body: bodyFor ? bodyFor(lease) : upstream.body,
          apiKey: lease.apiKey,
        }),
      owner,
    );
    if (!owner && opened.attempts.some((attempt) => attempt.failure === 'resource-denied')) {
      this.ownership.learn(call.body, opened.lease.projectId);
    }
    return opened;
  }

  /**
   * A Files API or cachedContents call, with the same failover as `open` among the keys that may
   * serve it (the owner's only, for an existing resource). Resolves with the first 2xx answer.
   */
  resource(call: ResourceCall): Promise<OpenedCall> {
    const { quotaModel, owner, keyScope, once, ...request } = call;
    return this.openWith(
      quotaModel,
      { ...keyScope, exclude: new Set(), onlyProjectId: owner?.projectId },
      call.signal,
      (lease) => this.client.resource({ ...request, apiKey: lease.apiKey }),
      owner,
      once ? 1 : this.maxFailover,
    );
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
    owner?: Owner,
    maxAttempts = this.maxFailover,
  ): Promise<OpenedCall> {
    const attempts: Attempt[] = [];
    const exclude = options.exclude;
    const excludeProjects = new Set<string>();
    const acquireOptions: AcquireOptions = { ...options, excludeProjects };
    let upstreamMs = 0;
    let lastError: Failure | undefined;
    let unavailableFailures = 0;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const lease = this.pool.acquire(model, acquireOptions);
      if (!isLease(lease)) {
        // Keys this request already tried: their own error says most. Otherwise the pool's verdict
        // (every key dead, every project cooling until a time) is the truth about the whole pool,
        // or about the one project that owns what the request names.
        if (lease.kind === 'all-tried' && lastError) throw lastError;
        const retryAt = lease.kind === 'all-cooling' ? lease.retryAt : undefined;
        throw owner
          ? new OwnerUnavailable(owner.resource, owner.projectId, lease.kind, model, retryAt)
          : new PoolUnavailable(lease.kind, model, retryAt);
      }
      exclude.add(lease.keyId);
      if (unavailableFailures > 0) {
        const pause = Math.min(this.backoffMs * 2 ** (unavailableFailures - 1), UNAVAILABLE_BACKOFF_MAX_MS);
        if (!(await sleepUnlessAborted(pause, signal))) {
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
        const failure: UpstreamVerdict = { kind: 'upstream-unavailable', status: 502 };
        this.pool.reportFailure(lease, model, failure);
        attempts.push({ keyId: lease.keyId, status: 'network', failure: failure.kind });
        excludeProjects.add(lease.projectId);
        unavailableFailures++;
        lastError = new UpstreamUnreachable(error.message);
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        this.pool.reportSuccess(lease, model);
        attempts.push({ keyId: lease.keyId, status: response.status });
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
      lastError = new UpstreamFailure(response.status, google, failure);
      if (failure.kind === 'client-error' || failure.kind === 'not-found') throw lastError;
      if (failure.kind === 'upstream-unavailable') {
        // Overloaded or failing there: try another project, after a short pause.
        excludeProjects.add(lease.projectId);
        unavailableFailures++;
      }
      // A file (or cache) of another project: perhaps one of the pool's other projects owns it.
      if (failure.kind === 'resource-denied' && denialIsFinal(owner)) throw lastError;
      if (failure.kind === 'resource-denied') excludeProjects.add(lease.projectId);
    }
    throw (
      lastError ??
      (owner
        ? new OwnerUnavailable(owner.resource, owner.projectId, 'all-tried', model)
        : new PoolUnavailable('all-tried', model))
    );
  }
}

/**
 * The quota a call draws on: a model's generation (and embedding) quota, except countTokens, which
 * Gemini meters separately and which must not use up, or wait on, the model's requests.
 */
function quotaBucket(call: DispatchCall): string {
  return call.action === 'countTokens' ? 'countTokens' : call.model;
}
