import type { Tier } from './tier.js';
import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { PoolShortfall } from '../failures/failures.js';

/** One usable key, as the pool hands it to a request. `apiKey` never leaves the gateway process. */
export interface KeyLease {
  keyId: string;
  projectId: string;
  accountId: string;
  tier: Tier;
  apiKey: string;
}

export interface PoolKey extends KeyLease {
  masked: string;
  /** The provider the key belongs to; absent means Gemini. */
  provider?: string;
}

/** Why no key was handed out (see PoolShortfall); when every project is cooling, till when. */
export type NoLease =
  { kind: Exclude<PoolShortfall, 'all-cooling'> } | { kind: 'all-cooling'; retryAt: number };

/**
 * A conversation's affinity to a project (setting `pool.stickiness`). Thought signatures are tied
 * to the project that produced them, so later turns of a conversation should go where it started.
 */
export interface Affinity {
  /** Identifies the conversation, e.g. a hash of its system instruction and first user turn. */
  key: string;
  /**
   * Route to the project this conversation used before, while it can serve. False for a first
   * turn: choose freely, and remember the choice for the turns that follow.
   */
  follow: boolean;
}

export interface AcquireOptions {
  /** Keys already tried for this request. */
  exclude?: ReadonlySet<string>;
  /** Projects not to use for this request (e.g. after a 5xx there: retry on another project). */
  excludeProjects?: ReadonlySet<string>;
  /** Client policy: only accounts of these tiers. Backup accounts are still used only when no primary can serve. */
  allowedTiers?: readonly Tier[];
  /** Client policy: only keys of these accounts (account ids). */
  allowedAccountIds?: readonly string[];
  affinity?: Affinity;
  /**
   * The project that minted the conversation's thought signatures: served there while it can
   * serve, as with a followed affinity, and by another project otherwise.
   */
  preferProjectId?: string;
  /**
   * Only this project may serve: the request names a file or cached content that exists in it
   * alone. When it cannot serve (cooling, no key left), the answer says so about that project.
   */
  onlyProjectId?: string;
}

/** The part of AcquireOptions a client policy decides, carried from the route to every acquire. */
export type KeyScope = Pick<AcquireOptions, 'allowedTiers' | 'allowedAccountIds'>;

/** Whether a key may serve a client with this scope. */
export function inKeyScope(key: Pick<KeyLease, 'tier' | 'accountId'>, scope: KeyScope): boolean {
  if (scope.allowedTiers && !scope.allowedTiers.includes(key.tier)) return false;
  if (scope.allowedAccountIds && !scope.allowedAccountIds.includes(key.accountId)) return false;
  return true;
}

export interface KeyPool {
  /** Chooses a key for one upstream call and reserves one request of its project's quota. */
  acquire(model: string, options?: AcquireOptions): KeyLease | NoLease;
  /** Gemini answered 200: the request counts against the project's quota. */
  reportSuccess(lease: KeyLease, model: string): void;
  /** Gemini refused the call; the reservation is returned and the failure judged (cooldown, dead key, nothing). */
  reportFailure(lease: KeyLease, model: string, failure: UpstreamVerdict): void;
  /** The call reached no verdict (the client hung up, gemgate failed): the reservation is returned, nobody blamed. */
  release(lease: KeyLease, model: string): void;
  /** Input tokens the call used, once known, for the tokens-per-minute count. */
  recordTokens(lease: KeyLease, model: string, tokens: number): void;
}

export function isLease(value: KeyLease | NoLease): value is KeyLease {
  return 'keyId' in value;
}
