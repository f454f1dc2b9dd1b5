import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { AcquireOptions, KeyLease, KeyPool, PoolKey, NoLease } from './keyPool.js';
import type { LearnedLimit, LimitField, LimitOverride, QuotaLimits, ResolvedLimit } from './limits.js';
import { EVERY_MODEL, type CooldownRecord, type CounterRecord } from './quotaState.js';
import { isSpendCap } from '../upstream/spendCap.js';
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

  /** Replaces the limits learned from Google's 429s (as the database has them). */
  loadLearned(records: readonly LearnedLimit[]): void {
    this.books.loadLearned(records);
  }

  limitsFor(projectId: string, model: string): QuotaLimits {
    return this.books.limitsFor(projectId, model);
  }

  /** Each limit in force for (project, model) and where it comes from. */
  explainLimits(projectId: string, model: string): Record<LimitField, ResolvedLimit> {
    return this.books.explain(projectId, model);
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

  /**
   * Puts back cooldowns, spending limits and counters saved before a restart (rows for unknown
   * projects are ignored).
   */
  restore(cooldowns: readonly CooldownRecord[], counters: readonly CounterRecord[]): void {
    const perModel = cooldowns.filter((row) => row.model !== EVERY_MODEL);
    this.books.restore(perModel, counters, this.now());
    this.syncSpendCaps(cooldowns);
  }

  /**
   * Makes the projects' spending limits those of the saved cooldowns: after a restart, and after
   * another process changed them (`gemgate limits resume` lifts one).
   */
  syncSpendCaps(cooldowns: readonly CooldownRecord[]): void {
    this.leases.restoreCaps(
      cooldowns
        .filter((row) => row.model === EVERY_MODEL && row.scope === 'spend')
        .map((row) => ({
          projectId: row.projectId,
          until: row.until,
          cap: isSpendCap(row.quotaId) ? row.quotaId : 'prepay',
        })),
    );
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
