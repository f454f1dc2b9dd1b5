import type { AcquireOptions, KeyLease, KeyPool, PoolKey, PoolUnavailable } from './keyPool.js';
import type { UpstreamFailure } from '../upstream/classifyOutcome.js';
import { nextPacificMidnight } from './pacificTime.js';

export interface PoolHooks {
  onKeyDead?(key: PoolKey, reason: string): void;
  onCooldown?(projectId: string, model: string, until: number, scope: string): void;
}

/** When a 429 carries no RetryInfo, wait this long before trying the project again. */
const DEFAULT_COOLDOWN_MS = 60_000;

/**
 * Rotates over active keys, primary accounts before backup ones, skipping keys that are dead and
 * projects cooling down for a model after a 429.
 */
export class RotatingKeyPool implements KeyPool {
  private keys: PoolKey[] = [];
  private cursor = 0;
  private readonly cooldowns = new Map<string, number>();
  private readonly dead = new Set<string>();

  constructor(
    private readonly hooks: PoolHooks = {},
    private readonly now: () => number = Date.now,
  ) {}

  load(keys: PoolKey[]): void {
    this.keys = keys;
    this.cursor = 0;
  }

  size(): number {
    return this.keys.length;
  }

  acquire(model: string, options: AcquireOptions = {}): KeyLease | PoolUnavailable {
    const now = this.now();
    if (options.preferProjectId) {
      const preferred = this.keys.find(
        (key) =>
          key.projectId === options.preferProjectId &&
          !this.dead.has(key.keyId) &&
          !options.exclude?.has(key.keyId) &&
          (this.cooldowns.get(cooldownKey(key.projectId, model)) ?? 0) <= now,
      );
      if (preferred) return preferred;
    }
    let earliestRetry = Infinity;
    let anyAlive = false;
    for (const tier of ['primary', 'backup'] as const) {
      for (let step = 0; step < this.keys.length; step++) {
        const index = (this.cursor + step) % this.keys.length;
        const key = this.keys[index]!;
        if (key.tier !== tier || this.dead.has(key.keyId)) continue;
        anyAlive = true;
        if (options.exclude?.has(key.keyId)) continue;
        const until = this.cooldowns.get(cooldownKey(key.projectId, model)) ?? 0;
        if (until > now) {
          earliestRetry = Math.min(earliestRetry, until);
          continue;
        }
        this.cursor = index + 1;
        return key;
      }
    }
    if (this.keys.length === 0) return { kind: 'empty' };
    if (!anyAlive) return { kind: 'all-dead' };
    if (earliestRetry === Infinity) return { kind: 'all-cooling', retryAt: now };
    return { kind: 'all-cooling', retryAt: earliestRetry };
  }

  reportSuccess(): void {}

  reportFailure(lease: KeyLease, model: string, failure: UpstreamFailure): void {
    const now = this.now();
    if (failure.kind === 'rate-limited') {
      const until =
        failure.scope === 'day'
          ? Math.max(nextPacificMidnight(now), now + (failure.retryAfterMs ?? 0))
          : now + (failure.retryAfterMs ?? DEFAULT_COOLDOWN_MS);
      this.cooldowns.set(cooldownKey(lease.projectId, model), until);
      this.hooks.onCooldown?.(lease.projectId, model, until, failure.scope);
    } else if (failure.kind === 'key-invalid' || failure.kind === 'key-denied') {
      this.dead.add(lease.keyId);
      const key = this.keys.find((candidate) => candidate.keyId === lease.keyId);
      if (key) this.hooks.onKeyDead?.(key, failure.reason);
    }
  }
}

function cooldownKey(projectId: string, model: string): string {
  return `${projectId}\n${model}`;
}
