import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { AcquireOptions, KeyLease, KeyPool, PoolKey, NoLease } from './keyPool.js';
import type { LimitOverride, QuotaLimits } from './limits.js';
import type { CooldownRecord, CounterRecord } from './quotaState.js';
import { ProjectTable } from './projectTable.js';
import { ModelBooks, type QuotaHooks, type QuotaStanding } from './modelBooks.js';
import { DEFAULT_LEASE_CONFIG, Leases, PoolLease, type LeaseConfig, type LeaseHooks } from './leases.js';
import { OutageWatch, type OutageHooks } from './outageWatch.js';

export { DEFAULT_COOLDOWN_MS } from './modelBooks.js';

export interface PoolHooks extends LeaseHooks, QuotaHooks, OutageHooks {}

export type PoolConfig = LeaseConfig;

export interface PoolOptions {
  now?: () => number;
  random?: () => number;
  stickyCapacity?: number;
}

/** Shared by every acquire called without options: it is only ever read. */
const NO_OPTIONS: AcquireOptions = Object.freeze({});

/**
 * The key pool. Quotas belong to projects, so it chooses a project first (primary accounts before
 * backup ones, by the configured strategy, skipping projects that are cooling down after a 429 or
 * that our own count puts at a limit), then a key of that project in turn.
 *
 * Four parts, each with one job: the project table (which keys exist, grouped by project), the
 * model books (each project's quota standing per model), the leases (choosing a key for a call
 * and settling its reservation) and the outage watch (announcing when a model cannot be served).
 *
 * Built for O(1) choices: projects sit in fixed rings (typed arrays of slots) per tier, each
 * model's per-project state lives in an array indexed by slot, and a choice allocates only its
 * lease.
 */
export class QuotaAwarePool implements KeyPool {
  private readonly table = new ProjectTable();
  private readonly books: ModelBooks;
  private readonly leases: Leases;
  private readonly outages: OutageWatch;
  private config: Readonly<PoolConfig> = DEFAULT_LEASE_CONFIG;
  private readonly now: () => number;

  constructor(hooks: PoolHooks = {}, options: PoolOptions = {}) {
    this.now = options.now ?? Date.now;
    this.outages = new OutageWatch(hooks);
    this.books = new ModelBooks(this.table, hooks, (model) => this.outages.forget(model));
    this.leases = new Leases(this.table, this.books, hooks, this.now, options.random, options.stickyCapacity);
  }

  configure(config: Partial<PoolConfig>): void {
    this.config = { ...this.config, ...config };
    this.leases.configure(this.config);
  }

  /**
   * Replaces the set of usable keys (after a CLI change, a revived key...). Quota states, cooldowns
   * and cursors of projects that remain are kept.
   */
  load(keys: readonly PoolKey[], inactiveKeys = 0): void {
    this.books.reslot(this.table.load(keys, inactiveKeys));
  }

  /** Replaces the user's limit overrides; every project's limits are resolved again. */
  setLimits(overrides: readonly LimitOverride[]): void {
    this.books.setLimits(overrides);
  }

  limitsFor(projectId: string, model: string): QuotaLimits {
    return this.books.limitsFor(projectId, model);
  }

  acquire(model: string, options: AcquireOptions = NO_OPTIONS): KeyLease | NoLease {
    const lease = this.leases.acquire(model, options);
    if (lease instanceof PoolLease) this.outages.served(model);
    else this.outages.refused(model, lease, options);
    return lease;
  }

  reportSuccess(lease: KeyLease, _model?: string): void {
    this.leases.succeeded(lease);
  }

  reportFailure(lease: KeyLease, model: string, failure: UpstreamVerdict): void {
    this.leases.failed(lease, model, failure);
  }

  release(lease: KeyLease, _model?: string): void {
    this.leases.giveBack(lease);
  }

  recordTokens(lease: KeyLease, model: string, tokens: number): void {
    this.leases.recordTokens(lease, model, tokens);
  }

  /** Puts back cooldowns and counters saved before a restart (rows for unknown projects are ignored). */
  restore(cooldowns: readonly CooldownRecord[], counters: readonly CounterRecord[]): void {
    this.books.restore(cooldowns, counters, this.now());
  }

  /** Counters changed since the last call, for the database; the caller writes them. */
  takeDirty(): CounterRecord[] {
    return this.books.takeDirty();
  }

  /** Every (project, model) the pool has seen, as it stands now: for status and the dashboard. */
  describe(): QuotaStanding[] {
    return this.books.describe(this.now());
  }

  /** Usable keys, and how many of them belong to a project cooling down for some model right now. */
  keyCounts(): { usable: number; cooling: number } {
    return {
      usable: this.table.keyCount(),
      cooling: this.table.keyCount(this.books.coolingSlots(this.now())),
    };
  }
}
