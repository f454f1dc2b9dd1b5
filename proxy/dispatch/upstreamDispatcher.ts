import {
  OwnerUnavailable,
  PoolUnavailable,
  UpstreamFailure,
  UpstreamUnreachable,
} from '../failures/failures.js';
import type { AcquireOptions, KeyLease, KeyPool, KeyScope } from '../pool/keyPool.js';
import { affinityOf } from '../pool/affinity.js';
import { ResourceOwnership, type Owner } from './fileOwnership.js';
import { classifyFailure, isGoogleErrorBody } from '../upstream/classifyOutcome.js';
import type {
  GeminiClient,
  ResourceRequest,
  UpstreamCall,
  UpstreamResponse,
} from '../upstream/geminiClient.js';
import { openWithFailover, type FailoverCall, type FailoverOptions, type OpenedCall } from './failover.js';

/** What a caller may say about which keys serve a call: client policy, conversation affinity. */
export type RoutingOptions = Pick<AcquireOptions, 'allowedTiers' | 'allowedAccountIds' | 'affinity'>;

export type DispatchCall = Omit<UpstreamCall, 'apiKey'> & {
  /**
   * The client the call is made for: a file or cached content another client created is refused
   * (ForeignResource) before any key is tried, as Gemini refuses a stranger.
   */
  clientId?: string;
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

export interface DispatcherOptions extends FailoverOptions {
  /** Which project owns the files and caches a request names (default: learned from 403s only). */
  ownership?: ResourceOwnership;
}

export type { Attempt, OpenedCall } from './failover.js';

const GENERATE_ACTIONS = new Set(['generateContent', 'streamGenerateContent']);

/**
 * Finds a key that gets a 200 from Gemini, before a single byte goes to the client: rate-limited,
 * dead and overloaded answers move on to the next key; the client's own mistakes go straight back.
 */
export class UpstreamDispatcher {
  /** Which project owns the files and cached contents that requests name. */
  readonly ownership: ResourceOwnership;
  private readonly failover: FailoverOptions;

  constructor(
    private readonly pool: KeyPool,
    private readonly client: GeminiClient,
    options: DispatcherOptions = {},
  ) {
    const { ownership, ...failover } = options;
    this.ownership = ownership ?? new ResourceOwnership();
    this.failover = failover;
  }

  /**
   * Resolves with a 200 response whose body the caller must consume or destroy. Otherwise throws a
   * Failure: PoolUnavailable (OwnerUnavailable when only the owner of a named file could serve),
   * MixedOwners, UpstreamFailure (the last key's answer) or UpstreamUnreachable. Every attempt of a
   * request, a resumed stream's continuations included, is routed by the same rules.
   */
  async open(call: DispatchCall, exclude: Set<string> = new Set()): Promise<OpenedCall> {
    const { routing, bodyFor, keyScope, preferProjectId: signaturesProject, clientId, ...upstream } = call;
    if (clientId !== undefined) this.ownership.assertVisibleTo(call.body, clientId);
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
      once ? 1 : undefined,
    );
  }

  /** Same failover for a GET (model listing); `quotaModel` names the quota bucket it draws on. */
  get(path: string, quotaModel: string, signal?: AbortSignal): Promise<OpenedCall> {
    return this.openWith(quotaModel, { exclude: new Set() }, signal, (lease) =>
      this.client.get(path, lease.apiKey, signal),
    );
  }

  /** Refuses a request naming a file or cached content another client created (ForeignResource). */
  assertVisibleTo(body: unknown, clientId: string): void {
    this.ownership.assertVisibleTo(body, clientId);
  }

  /** The input tokens an answer used, once its usage is known: the pool counts them against TPM. */
  recordTokens(opened: OpenedCall, model: string, promptTokens: number | undefined): void {
    if (promptTokens) this.pool.recordTokens(opened.lease, model, promptTokens);
  }

  /** One call through the failover loop, with Gemini's errors read by classifyFailure. */
  private openWith(
    model: string,
    acquire: AcquireOptions & { exclude: Set<string> },
    signal: AbortSignal | undefined,
    send: (lease: KeyLease) => Promise<UpstreamResponse>,
    owner?: Owner,
    maxAttempts?: number,
  ): Promise<OpenedCall> {
    return openWithFailover(
      {
        pool: this.pool,
        model,
        acquire,
        signal,
        maxAttempts,
        send,
        failureOf: (response, body) => {
          const google = isGoogleErrorBody(body) ? body : undefined;
          const verdict = classifyFailure(response.status, google);
          return { verdict, failure: new UpstreamFailure(response.status, google, verdict) };
        },
        unreachable: (error) => new UpstreamUnreachable(error.message),
        unavailable: shortfallFailure(owner, model),
      },
      this.failover,
    );
  }
}

/**
 * The pool's verdict when no key can take a Gemini call: about the whole pool, or about the one
 * project that owns what the call names (a file, a cache, a stored interaction).
 */
export function shortfallFailure(owner: Owner | undefined, model: string): FailoverCall['unavailable'] {
  return (shortfall, retryAt) =>
    owner
      ? new OwnerUnavailable(owner.resource, owner.projectId, shortfall, model, retryAt)
      : new PoolUnavailable(shortfall, model, retryAt);
}

/**
 * The quota a call draws on: a model's generation (and embedding) quota, except countTokens, which
 * Gemini meters separately and which must not use up, or wait on, the model's requests.
 */
function quotaBucket(call: DispatchCall): string {
  return call.action === 'countTokens' ? 'countTokens' : call.model;
}
