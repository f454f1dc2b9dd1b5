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
}

export interface KeyPool {
  acquire(model: string, options?: AcquireOptions): KeyLease | PoolUnavailable;
  reportSuccess(lease: KeyLease, model: string): void;
  reportFailure(lease: KeyLease, model: string, failure: UpstreamFailure): void;
}

export function isLease(value: KeyLease | PoolUnavailable): value is KeyLease {
  return 'keyId' in value;
}
