import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { AcquireOptions, KeyLease, NoLease, PoolKey } from './keyPool.js';
import type { ModelBook, ModelBooks, Ring } from './modelBooks.js';
import { hasUntriedKey, takeKey, type Project, type ProjectTable } from './projectTable.js';
import type { QuotaState } from './quotaState.js';
import { StickyTable } from './affinity.js';
import { mostHeadroom, roundRobin, weighted, type Judge, type Strategy } from './strategies.js';
import { TIERS, type Tier } from './tier.js';
import { spendCapUntil } from './spendCaps.js';
import type { SpendCap } from '../upstream/spendCap.js';

export interface LeaseConfig {
  strategy: Strategy;
  /** Keep a conversation on the project it started on (setting `pool.stickiness`). */
  stickiness: boolean;
}

/** Until the settings say otherwise: take projects in turn, keep conversations where they started. */
export const DEFAULT_LEASE_CONFIG: Readonly<LeaseConfig> = Object.freeze({
  strategy: 'round-robin',
  stickiness: true,
});

export interface LeaseHooks {
  /**
   * Gemini refused the key (invalid, suspended, leaked...): it is out of the pool. `quarantined`:
   * Google suspended it (its consumer, or for the terms of service).
   */
  onKeyDead?(key: PoolKey, reason: string, quarantined: boolean): void;
  /**
   * A spending limit stopped the project: it serves no model until `project.capUntil`. `first` is
   * false while the same cap goes on (an hourly re-check of prepaid credits that failed again).
   */
  onSpendCapped?(project: Project, cap: SpendCap, first: boolean): void;
}

/**
 * A key handed out for one upstream call, with the request it reserved in its project's counters:
 * where (the state), in which windows (minute and day), and whether it has been settled yet.
 */
export class PoolLease implements KeyLease {
  readonly keyId: string;
  readonly projectId: string;
  readonly accountId: string;
  readonly tier: Tier;
  readonly apiKey: string;
  readonly minuteStart: number;
  readonly dayEnd: number;
  /** Counted for good (a 200) or given back: either way, nothing more to settle. */
  settled = false;

  constructor(
    key: PoolKey,
    readonly state: QuotaState,
    readonly project: Project,
  ) {
    this.keyId = key.keyId;
    this.projectId = key.projectId;
    this.accountId = key.accountId;
    this.tier = key.tier;
    this.apiKey = key.apiKey;
    this.minuteStart = state.minuteStart;
    this.dayEnd = state.dayEnd;
  }
}

/**
 * Hands out keys and settles them. A choice takes the tiers in order (backup accounts only while
 * no primary project can serve); within a tier, the project that minted the conversation's
 * signatures, else the one the conversation stuck to, else the strategy's pick among the projects
 * the client's policy allows and the request has not excluded; then a key of that project in turn.
 *
 * Every choice reserves one request in the project's counters, so concurrent requests see each
 * other; an outcome Gemini does not charge gives the reservation back, once.
 */
export class Leases implements Judge {
  private readonly sticky: StickyTable;
  private config: Readonly<LeaseConfig> = DEFAULT_LEASE_CONFIG;

  constructor(
    private readonly table: ProjectTable,
    private readonly books: ModelBooks,
    private readonly hooks: LeaseHooks = {},
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
    stickyCapacity?: number,
  ) {
    this.sticky = new StickyTable(stickyCapacity);
  }

  configure(config: Readonly<LeaseConfig>): void {
    this.config = config;
  }

  /** A key for one call to the model, its request reserved; or why there is none. */
  acquire(model: string, options: AcquireOptions): PoolLease | NoLease {
    const now = this.now();
    const book = this.books.book(model, now);
    const affinity = this.config.stickiness ? options.affinity : undefined;
    // The project that minted the conversation's thought signatures beats a remembered affinity:
    // it is a fact about the request, where affinity is a guess from its first turn.
    const stuck =
      (options.preferProjectId ? this.table.find(options.preferProjectId) : undefined) ??
      (affinity?.follow ? this.table.find(this.sticky.get(affinity.key) ?? '') : undefined);
    const allowedTiers = options.allowedTiers;
    for (let t = 0; t < TIERS.length; t++) {
      if (allowedTiers !== undefined && !allowedTiers.includes(TIERS[t]!)) continue;
      // A conversation stays on its project while that project can serve, within the tier order.
      if (stuck !== undefined && stuck.tier === TIERS[t] && this.eligible(stuck.slot, book, options, now)) {
        return this.grant(book, stuck, options);
      }
      const ring = book.rings[t]!;
      if (ring.slots.length === 0) continue;
      // Filters only ever remove candidates, so a ring known to be empty until then still is.
      if (ring.blockedEpoch === this.books.epoch && ring.blockedUntil > now) continue;
      // Picked inline, with no helper between acquire and the ring walk: this path runs per request.
      const strategy = this.config.strategy;
      const slot =
        strategy === 'round-robin'
          ? roundRobin(ring, this, book, options, now)
          : strategy === 'most-headroom'
            ? mostHeadroom(ring, this, book, options, now)
            : weighted(ring, this, book, options, now, this.random);
      if (slot >= 0) return this.grant(book, this.table.at(slot), options);
      if (isUnfiltered(options)) {
        ring.blockedUntil = this.freeAt(book, ring, now);
        ring.blockedEpoch = this.books.epoch;
      }
    }
    return this.shortfall(book, options, now);
  }

  /** Gemini answered 200: the reserved request stays counted, and a spending limit is over. */
  succeeded(lease: KeyLease): void {
    if (!(lease instanceof PoolLease)) return;
    lease.settled = true;
    if (lease.project.cap !== null) lease.project.cap = null;
  }

  /**
   * Gemini refused the call: the reservation comes back; a 429 cools the project for the model
   * (and teaches the limits it states), a spending limit stops the project for every model, a
   * refused key goes. A 5xx (overloaded) changes nothing here: it is nobody's fault in the pool.
   */
  failed(lease: KeyLease, model: string, failure: UpstreamVerdict): void {
    this.giveBack(lease);
    if (failure.kind === 'rate-limited') {
      const now = this.now();
      const state = this.stateOfLease(lease, model, now);
      if (!state) return;
      if (failure.learned) this.books.learn(state, failure.learned, now);
      this.books.coolDown(state, failure, now);
    } else if (failure.kind === 'spend-capped') {
      const project = this.table.find(lease.projectId);
      if (project) this.capProject(project, failure.cap);
    } else if (failure.kind === 'key-invalid' || failure.kind === 'key-denied') {
      const key = this.table.removeKey(lease.keyId);
      const quarantined = failure.kind === 'key-denied' && failure.quarantined === true;
      if (key) this.hooks.onKeyDead?.(key, failure.reason, quarantined);
    }
  }

  /** Puts back spending limits saved before a restart (or lifts those the user resumed). */
  restoreCaps(caps: ReadonlyArray<{ projectId: string; until: number; cap: SpendCap }>): void {
    const now = this.now();
    const byProject = new Map(caps.map((cap) => [cap.projectId, cap]));
    for (const project of this.table.all()) {
      const saved = byProject.get(project.id);
      project.capUntil = saved && saved.until > now ? saved.until : 0;
      project.cap = saved && saved.until > now ? saved.cap : null;
    }
    this.books.touch();
  }

  /** Gives a reservation back, once; a lease this pool did not hand out has none. */
  giveBack(lease: KeyLease): void {
    if (!(lease instanceof PoolLease) || lease.settled) return;
    lease.settled = true;
    this.books.giveBack(lease.state, lease.minuteStart, lease.dayEnd);
  }

  /** Input tokens the call used, counted in the minute the request was sent. */
  recordTokens(lease: KeyLease, model: string, tokens: number): void {
    if (!(tokens > 0)) return;
    if (lease instanceof PoolLease) {
      this.books.addTokens(lease.state, tokens, lease.minuteStart);
      return;
    }
    const state = this.books.stateOf(lease.projectId, model, this.now());
    if (state) this.books.addTokens(state, tokens, undefined);
  }

  // --- Judge: what the strategies ask about a slot, for the request passed along ---

  eligible(slot: number, book: ModelBook, options: AcquireOptions, now: number): boolean {
    const project = this.table.at(slot);
    if (project.keys.length === 0) return false;
    if (options.allowedAccountIds !== undefined && !options.allowedAccountIds.includes(project.accountId)) {
      return false;
    }
    if (options.excludeProjects !== undefined && options.excludeProjects.has(project.id)) return false;
    if (options.onlyProjectId !== undefined && project.id !== options.onlyProjectId) return false;
    if (project.capUntil > now) return false;
    if (
      options.exclude !== undefined &&
      options.exclude.size > 0 &&
      !hasUntriedKey(project, options.exclude)
    ) {
      return false;
    }
    return this.books.canServe(this.books.state(book, slot), now);
  }

  stateOf(slot: number, book: ModelBook): QuotaState {
    return this.books.state(book, slot);
  }

  // --- internals ---

  /** Hands out a key of a project that `eligible` accepted (which made its state). */
  private grant(book: ModelBook, project: Project, options: AcquireOptions): PoolLease {
    const state = book.states[project.slot]!;
    const key = takeKey(project, options.exclude);
    this.books.reserve(state);
    const affinity = options.affinity;
    if (affinity !== undefined && this.config.stickiness) this.sticky.set(affinity.key, project.id);
    return new PoolLease(key, state, project);
  }

  /** A spending limit reached: the project serves no model until the limit can change. */
  private capProject(project: Project, cap: SpendCap): void {
    const now = this.now();
    const first = project.cap !== cap;
    project.cap = cap;
    project.capUntil = Math.max(project.capUntil, spendCapUntil(cap, now));
    this.books.touch();
    this.hooks.onSpendCapped?.(project, cap, first);
  }

  /** When the project may next serve this book's model: its cooldown, our count, and any spending limit. */
  private projectFreeAt(project: Project, book: ModelBook, now: number): number {
    return Math.max(this.books.freeAt(this.books.state(book, project.slot), now), project.capUntil);
  }

  /** The earliest time any project of the ring may serve again (Infinity: none has keys). */
  private freeAt(book: ModelBook, ring: Ring, now: number): number {
    let freeAt = Infinity;
    for (let i = 0; i < ring.slots.length; i++) {
      const project = this.table.at(ring.slots[i]!);
      if (project.keys.length === 0) continue;
      freeAt = Math.min(freeAt, this.projectFreeAt(project, book, now));
    }
    return freeAt;
  }

  /** Why nothing could be handed out, judged over the projects this client may use. */
  private shortfall(book: ModelBook, options: AcquireOptions, now: number): NoLease {
    let anyUsable = false;
    let anyAllowed = false;
    let retryAt = Infinity;
    for (const project of this.table.all()) {
      if (options.onlyProjectId !== undefined && project.id !== options.onlyProjectId) continue;
      if (project.keys.length === 0) continue;
      anyUsable = true;
      if (options.allowedTiers !== undefined && !options.allowedTiers.includes(project.tier)) continue;
      if (options.allowedAccountIds !== undefined && !options.allowedAccountIds.includes(project.accountId)) {
        continue;
      }
      anyAllowed = true;
      const freeAt = this.projectFreeAt(project, book, now);
      if (freeAt <= now) return { kind: 'all-tried' };
      retryAt = Math.min(retryAt, freeAt);
    }
    if (!anyUsable) return this.table.hadKeys() ? { kind: 'all-dead' } : { kind: 'empty' };
    if (!anyAllowed) return { kind: 'none-allowed' };
    return { kind: 'all-cooling', retryAt };
  }

  private stateOfLease(lease: KeyLease, model: string, now: number): QuotaState | undefined {
    return lease instanceof PoolLease ? lease.state : this.books.stateOf(lease.projectId, model, now);
  }
}

/** No filter beyond policy tiers: what the ring finds blocked is blocked for every request. */
function isUnfiltered(options: AcquireOptions): boolean {
  return (
    (options.exclude === undefined || options.exclude.size === 0) &&
    (options.excludeProjects === undefined || options.excludeProjects.size === 0) &&
    options.allowedAccountIds === undefined &&
    options.onlyProjectId === undefined
  );
}
