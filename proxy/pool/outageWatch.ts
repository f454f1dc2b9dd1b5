import type { AcquireOptions, KeyScope, NoLease } from './keyPool.js';

export interface OutageHooks {
  /** Nothing can serve this model (every key dead, or every project cooling). */
  onPoolDown?(model: string, why: NoLease): void;
  /** A model that was down got a key again. */
  onPoolRecovered?(model: string): void;
}

/**
 * Tells the user when the pool as a whole stops serving a model, and when it serves it again: once
 * each, however many requests meet the outage in between.
 */
export class OutageWatch {
  private readonly down = new Set<string>();

  constructor(private readonly hooks: OutageHooks = {}) {}

  /** A key was handed out for the model. */
  served(model: string): void {
    // Checked on every request: an empty set answers without hashing the model name.
    if (this.down.size > 0 && this.down.delete(model)) this.hooks.onPoolRecovered?.(model);
  }

  /** No key was handed out, for this reason, to a client with this scope. */
  refused(model: string, why: NoLease, scope: KeyScope & Pick<AcquireOptions, 'onlyProjectId'>): void {
    // Only a verdict about the whole pool is an outage; one client's narrow policy, or the one
    // project that owns a file, is not.
    const global =
      scope.allowedTiers === undefined &&
      scope.allowedAccountIds === undefined &&
      scope.onlyProjectId === undefined;
    if (!global || (why.kind !== 'all-dead' && why.kind !== 'all-cooling') || this.down.has(model)) return;
    this.down.add(model);
    this.hooks.onPoolDown?.(model, why);
  }

  /** The pool no longer keeps state for the model: its next outage is news again. */
  forget(model: string): void {
    this.down.delete(model);
  }

  isDown(model: string): boolean {
    return this.down.has(model);
  }
}
