import type { Tier } from '../store/accounts.js';
import type { UpstreamFailure } from '../upstream/classifyOutcome.js';

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
}

export type PoolUnavailable =
  { kind: 'empty' } | { kind: 'all-dead' } | { kind: 'all-cooling'; retryAt: number };

export interface AcquireOptions {
  /** Keys already tried for this request. */
  exclude?: ReadonlySet<string>;
  /** Try this project first (it minted the conversation's thought signatures); others if it cannot serve. */
  preferProjectId?: string;
  /** The client's policy: draw only on keys of accounts with these tiers (absent: any tier). */
  allowedTiers?: readonly Tier[];
  /** The client's policy: draw only on keys of these accounts (absent: any account). */
  allowedAccountIds?: readonly string[];
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
  acquire(model: string, options?: AcquireOptions): KeyLease | PoolUnavailable;
  reportSuccess(lease: KeyLease, model: string): void;
  reportFailure(lease: KeyLease, model: string, failure: UpstreamFailure): void;
}

export function isLease(value: KeyLease | PoolUnavailable): value is KeyLease {
  return 'keyId' in value;
}
