import type { Tier } from './tier.js';
import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { AcquireOptions, KeyLease, KeyPool, PoolKey, NoLease } from './keyPool.js';
import { LimitBook, type LimitOverride, type QuotaLimits } from './limits.js';
import { PacificDayClock } from './pacificTime.js';
import { QuotaState, type CooldownRecord, type CounterRecord } from './quotaState.js';
import { StickyTable } from './affinity.js';
import { mostHeadroom, roundRobin, weighted, type Judge, type Ring, type Strategy } from './strategies.js';

/** When a 429 carries no RetryInfo, leave the project alone this long. */
export const DEFAULT_COOLDOWN_MS = 60_000;

const TIER_ORDER: readonly Tier[] = ['primary', 'backup'];

/**
 * Models the pool keeps state for. Clients name models freely (typos included), so the oldest
 * book without a running cooldown is dropped past this; real use involves a few dozen at most.
 */
const MAX_BOOKS = 256;

export interface PoolHooks {
  /** Gemini refused the key (invalid, suspended, leaked...): it is out of the pool. */
  onKeyDead?(key: PoolKey, reason: string): void;
  /** A 429: the project is left alone for this model until `state.coolUntil`. */
  onCooldown?(state: QuotaState): void;
  /** Our own count reached the project's daily limit for this model. */
  onDayExhausted?(state: QuotaState): void;
  /** Nothing can serve this model (every key dead, or every project cooling). */
  onPoolDown?(model: string, why: NoLease): void;
  /** A model that was down got a key again. */
  onPoolRecovered?(model: string): void;
}

export interface PoolConfig {
  strategy: Strategy;
  stickiness: boolean;
}

export interface PoolOptions {
  now?: () => number;
  random?: () => number;
  stickyCapacity?: number;
}

interface ProjectEntry {
  id: string;
  accountId: string;
  tier: Tier;
  /** Usable keys; a key Gemini refuses is removed at once. */
  keys: PoolKey[];
  keyCursor: number;
  slot: number;
}

/** One model's view of every project: its quota state (made on first use) and a ring per tier. */
interface ModelBook {
  model: string;
  states: Array<QuotaState | undefined>;
  rings: Ring[];
}

/** The lease handed out: the key, plus where its reserved request was counted. */
interface PoolLease extends KeyLease {
  state: QuotaState;
  minuteStart: number;
  dayEnd: number;
  settled: boolean;
}

/**
 * The key pool. Quotas belong to projects, so it chooses a project first (primary accounts before
 * backup ones, by the configured strategy, skipping projects that are cooling down after a 429 or
 * that our own count puts at a limit), then a key of that project in turn.
 *
 * Every choice reserves one request in the project's minute and day counters, so concurrent
 * requests see each other; an outcome that Gemini does not charge (429, 5xx, a refused key, the
 * client's own mistake, a client that hung up) gives the reservation back.
 *
 * Built for O(1) choices: projects sit in fixed rings (typed arrays of slots) per tier, each
 * model's per-project state lives in an array indexed by slot, and a choice allocates only its
 * lease.
 */
export class QuotaAwarePool implements KeyPool, Judge {
  private projects: ProjectEntry[] = [];
  private readonly projectById = new Map<string, ProjectEntry>();
  private readonly keyOwner = new Map<string, ProjectEntry>();
  private tierSlots: Int32Array[] = TIER_ORDER.map(() => new Int32Array(0));
  private readonly books = new Map<string, ModelBook>();
  private limitBook = new LimitBook();
  private projectsWithOverrides = new Set<string>();
  private readonly sharedLimits = new Map<string, QuotaLimits>();
  /** Keys that exist but cannot be used (dead or disabled): tells "all dead" from "empty". */
  private inactiveKeys = 0;
  private readonly clock = new PacificDayClock();
  private readonly sticky: StickyTable;
  private readonly down = new Set<string>();
  private dirty: QuotaState[] = [];
  private config: PoolConfig = { strategy: 'round-robin', stickiness: true };
  /** Bumped by anything that can make a project usable sooner than foreseen (see Ring.blockedUntil). */
  private epoch = 0;
  private readonly now: () => number;
  private readonly random: () => number;

  // The request being served, read by `eligible` (kept in fields so a choice allocates nothing).
  private cBook!: ModelBook;
  private cNow = 0;
  private cDayEnd = 0;
  private cOptions: AcquireOptions = {};

  constructor(
    private readonly hooks: PoolHooks = {},
    options: PoolOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sticky = new StickyTable(options.stickyCapacity);
  }

  configure(config: Partial<PoolConfig>): void {
    this.config = { ...this.config, ...config };
  }

  /**
   * Replaces the set of usable keys (after a CLI change, a revived key...). Quota states, cooldowns
   * and cursors of projects that remain are kept.
   */
  load(keys: readonly PoolKey[], inactiveKeys = 0): void {
    const previous = this.projectById;
    const entries: ProjectEntry[] = [];
    const byId = new Map<string, ProjectEntry>();
    this.keyOwner.clear();
    for (const key of keys) {
      let entry = byId.get(key.projectId);
      if (!entry) {
        const old = previous.get(key.projectId);
        entry = {
          id: key.projectId,
          accountId: key.accountId,
          tier: key.tier,
          keys: [],
          keyCursor: old?.keyCursor ?? 0,
          slot: entries.length,
        };
        byId.set(entry.id, entry);
        entries.push(entry);
      }
      entry.keys.push(key);
      this.keyOwner.set(key.keyId, entry);
    }
    for (const entry of entries) if (entry.keyCursor >= entry.keys.length) entry.keyCursor = 0;

    for (const book of this.books.values()) {
      const states = new Array<QuotaState | undefined>(entries.length);
      for (const entry of entries) {
        const old = previous.get(entry.id);
        if (old) states[entry.slot] = book.states[old.slot];
      }
      book.states = states;
    }
    this.projects = entries;
    previous.clear();
    for (const [id, entry] of byId) previous.set(id, entry);
    this.tierSlots = TIER_ORDER.map(
      (tier) => new Int32Array(entries.filter((entry) => entry.tier === tier).map((entry) => entry.slot)),
    );
    for (const book of this.books.values()) book.rings = this.newRings(book.rings);
    this.inactiveKeys = inactiveKeys;
    this.epoch++;
  }

  /** Replaces the user's limit overrides; every project's limits are resolved again. */
  setLimits(overrides: readonly LimitOverride[]): void {
    this.limitBook = new LimitBook(overrides);
    this.projectsWithOverrides = new Set(
      overrides.flatMap((rule) => (rule.projectId === null ? [] : [rule.projectId])),
    );
    this.sharedLimits.clear();
    for (const book of this.books.values()) {
      for (const state of book.states) {
        if (!state) continue;
        state.limits = this.limitsFor(state.projectId, state.model);
        state.limitUntil = 0;
      }
      for (const ring of book.rings) ring.cumulative = null;
    }
    this.epoch++;
  }

  limitsFor(projectId: string, model: string): QuotaLimits {
    if (this.projectsWithOverrides.has(projectId)) return this.limitBook.resolve(projectId, model);
    let shared = this.sharedLimits.get(model);
    if (!shared) {
      shared = Object.freeze(this.limitBook.resolve('', model));
      this.sharedLimits.set(model, shared);
    }
    return shared;
  }

  acquire(model: string, options: AcquireOptions = {}): KeyLease | NoLease {
    const now = this.now();
    const book = this.bookFor(model);
    this.cBook = book;
    this.cNow = now;
    this.cDayEnd = this.clock.dayEnd(now);
    this.cOptions = options;

    const affinity = this.config.stickiness ? options.affinity : undefined;
    // The project that minted the conversation's thought signatures beats a remembered affinity:
    // it is a fact about the request, where affinity is a guess from its first turn.
    const stuck =
      (options.preferProjectId ? this.projectById.get(options.preferProjectId) : undefined) ??
      (affinity?.follow ? this.projectById.get(this.sticky.get(affinity.key) ?? '') : undefined);
    const allowedTiers = options.allowedTiers;
    const unfiltered = isUnfiltered(options);
    for (let t = 0; t < TIER_ORDER.length; t++) {
      if (allowedTiers !== undefined && !allowedTiers.includes(TIER_ORDER[t]!)) continue;
      // A conversation stays on its project while that project can serve, within the tier order.
      if (stuck !== undefined && stuck.tier === TIER_ORDER[t] && this.eligible(stuck.slot)) {
        return this.grant(book, stuck, model);
      }
      const ring = book.rings[t]!;
      if (ring.slots.length === 0) continue;
      // Filters only ever remove candidates, so a ring known to be empty until then still is.
      if (ring.blockedEpoch === this.epoch && ring.blockedUntil > now) continue;
      const slot =
        this.config.strategy === 'round-robin'
          ? roundRobin(ring, this)
          : this.config.strategy === 'most-headroom'
            ? mostHeadroom(ring, this)
            : weighted(ring, this, this.random);
      if (slot >= 0) return this.grant(book, this.projects[slot]!, model);
      if (unfiltered) {
        ring.blockedUntil = this.ringFreeAt(book, ring);
        ring.blockedEpoch = this.epoch;
      }
    }
    return this.unavailable(model, book, options);
  }

  reportSuccess(lease: KeyLease, _model?: string): void {
    const own = lease as Partial<PoolLease>;
    own.settled = true;
  }

  reportFailure(lease: KeyLease, model: string, failure: UpstreamVerdict): void {
    this.refund(lease);
    if (failure.kind === 'rate-limited') {
      const state = this.stateOfLease(lease, model);
      if (state) this.coolDown(state, failure);
    } else if (failure.kind === 'key-invalid' || failure.kind === 'key-denied') {
      this.killKey(lease.keyId, failure.reason);
    }
  }

  release(lease: KeyLease, _model?: string): void {
    this.refund(lease);
  }

  recordTokens(lease: KeyLease, model: string, tokens: number): void {
    if (!(tokens > 0)) return;
    const state = this.stateOfLease(lease, model);
    const minuteStart = (lease as Partial<PoolLease>).minuteStart;
    // Tokens count in the minute the request was sent; a minute that has passed is already reset.
    if (!state || (minuteStart !== undefined && state.minuteStart !== minuteStart)) return;
    state.minuteTokens += tokens;
    this.markDirty(state);
  }

  /** Puts back cooldowns and counters saved before a restart (rows for unknown projects are ignored). */
  restore(cooldowns: readonly CooldownRecord[], counters: readonly CounterRecord[]): void {
    const now = this.now();
    const dayEnd = this.clock.dayEnd(now);
    for (const row of cooldowns) {
      const state = this.stateFor(row.projectId, row.model);
      if (!state || row.until <= now) continue;
      state.coolUntil = row.until;
      state.coolScope = row.scope;
      state.quotaId = row.quotaId;
    }
    for (const row of counters) {
      const state = this.stateFor(row.projectId, row.model);
      if (!state) continue;
      state.roll(now, dayEnd);
      if (row.minuteStart === state.minuteStart) {
        state.minuteRequests = row.minuteRequests;
        state.minuteTokens = row.minuteTokens;
      }
      if (row.dayEnd === dayEnd) state.dayRequests = row.dayRequests;
    }
    this.epoch++;
  }

  /** Counters changed since the last call, for the database; the caller writes them. */
  takeDirty(): CounterRecord[] {
    const out = this.dirty.map((state) => ({
      projectId: state.projectId,
      model: state.model,
      minuteStart: state.minuteStart,
      minuteRequests: state.minuteRequests,
      minuteTokens: state.minuteTokens,
      dayEnd: state.dayEnd,
      dayRequests: state.dayRequests,
    }));
    for (const state of this.dirty) state.dirty = false;
    this.dirty = [];
    return out;
  }

  /** Every (project, model) the pool has seen, as it stands now: for status and the dashboard. */
  describe(): Array<{
    projectId: string;
    model: string;
    limits: QuotaLimits;
    minuteRequests: number;
    minuteTokens: number;
    dayRequests: number;
    coolingUntil: number | null;
    coolScope: QuotaState['coolScope'];
    atLimitUntil: number | null;
  }> {
    const now = this.now();
    const dayEnd = this.clock.dayEnd(now);
    const out = [];
    for (const book of this.books.values()) {
      for (const state of book.states) {
        if (!state) continue;
        state.roll(now, dayEnd);
        const blocked = state.blockedByLimitUntil();
        out.push({
          projectId: state.projectId,
          model: state.model,
          limits: state.limits,
          minuteRequests: state.minuteRequests,
          minuteTokens: state.minuteTokens,
          dayRequests: state.dayRequests,
          coolingUntil: state.coolUntil > now ? state.coolUntil : null,
          coolScope: state.coolUntil > now ? state.coolScope : null,
          atLimitUntil: blocked > now ? blocked : null,
        });
      }
    }
    return out;
  }

  /** Usable keys, and how many of them belong to a project cooling down for some model right now. */
  keyCounts(): { usable: number; cooling: number } {
    const now = this.now();
    const cooling = new Set<ProjectEntry>();
    for (const book of this.books.values()) {
      for (let slot = 0; slot < book.states.length; slot++) {
        if ((book.states[slot]?.coolUntil ?? 0) > now) cooling.add(this.projects[slot]!);
      }
    }
    let usable = 0;
    for (const entry of this.projects) usable += entry.keys.length;
    let coolingKeys = 0;
    for (const entry of cooling) coolingKeys += entry.keys.length;
    return { usable, cooling: coolingKeys };
  }

  // --- Judge: what the strategies ask about a slot, for the request in cOptions ---

  eligible(slot: number): boolean {
    const project = this.projects[slot]!;
    if (project.keys.length === 0) return false;
    const options = this.cOptions;
    if (options.allowedAccountIds !== undefined && !options.allowedAccountIds.includes(project.accountId)) {
      return false;
    }
    if (options.excludeProjects !== undefined && options.excludeProjects.has(project.id)) return false;
    if (options.onlyProjectId !== undefined && project.id !== options.onlyProjectId) return false;
    if (
      options.exclude !== undefined &&
      options.exclude.size > 0 &&
      !hasUntriedKey(project, options.exclude)
    ) {
      return false;
    }
    const now = this.cNow;
    const state = this.cBook.states[slot] ?? this.createState(this.cBook, slot);
    if (state.coolUntil > now || state.limitUntil > now) return false;
    state.roll(now, this.cDayEnd);
    const blocked = state.blockedByLimitUntil();
    if (blocked > now) {
      state.limitUntil = blocked;
      if (blocked === state.dayEnd && !state.dayExhaustedReported) {
        state.dayExhaustedReported = true;
        this.hooks.onDayExhausted?.(state);
      }
      return false;
    }
    return true;
  }

  stateOf(slot: number): QuotaState {
    return this.cBook.states[slot] ?? this.createState(this.cBook, slot);
  }

  // --- internals ---

  private grant(book: ModelBook, project: ProjectEntry, model: string): PoolLease {
    const state = book.states[project.slot]!;
    const key = takeKey(project, this.cOptions.exclude);
    state.minuteRequests++;
    state.dayRequests++;
    this.markDirty(state);
    if (this.down.size > 0 && this.down.delete(model)) this.hooks.onPoolRecovered?.(model);
    const affinity = this.cOptions.affinity;
    if (affinity !== undefined && this.config.stickiness) this.sticky.set(affinity.key, project.id);
    return {
      keyId: key.keyId,
      projectId: key.projectId,
      accountId: key.accountId,
      tier: key.tier,
      apiKey: key.apiKey,
      state,
      minuteStart: state.minuteStart,
      dayEnd: state.dayEnd,
      settled: false,
    };
  }

  /** Gives a reservation back, once. */
  private refund(lease: KeyLease): void {
    const own = lease as Partial<PoolLease>;
    if (own.settled !== false || !own.state) return;
    own.settled = true;
    const state = own.state;
    if (state.minuteStart === own.minuteStart && state.minuteRequests > 0) state.minuteRequests--;
    if (state.dayEnd === own.dayEnd && state.dayRequests > 0) state.dayRequests--;
    state.limitUntil = 0;
    this.epoch++;
    this.markDirty(state);
  }

  private coolDown(state: QuotaState, failure: Extract<UpstreamVerdict, { kind: 'rate-limited' }>): void {
    const now = this.now();
    const until =
      failure.scope === 'day'
        ? Math.max(this.clock.dayEnd(now), now + (failure.retryAfterMs ?? 0))
        : now + (failure.retryAfterMs ?? DEFAULT_COOLDOWN_MS);
    // Concurrent 429s may name different delays: the longest one stands.
    if (until <= state.coolUntil) return;
    state.coolUntil = until;
    state.coolScope = failure.scope;
    state.quotaId = failure.quotaId;
    this.hooks.onCooldown?.(state);
  }

  private killKey(keyId: string, reason: string): void {
    const project = this.keyOwner.get(keyId);
    if (!project) return;
    const index = project.keys.findIndex((key) => key.keyId === keyId);
    if (index < 0) return;
    const [key] = project.keys.splice(index, 1);
    if (project.keyCursor > index) project.keyCursor--;
    if (project.keyCursor >= project.keys.length) project.keyCursor = 0;
    this.keyOwner.delete(keyId);
    this.inactiveKeys++;
    this.hooks.onKeyDead?.(key!, reason);
  }

  /** Why nothing could be handed out, judged over the projects this client may use. */
  private unavailable(model: string, book: ModelBook, options: AcquireOptions): NoLease {
    const now = this.cNow;
    let anyUsable = false;
    let anyAllowed = false;
    let retryAt = Infinity;
    for (const project of this.projects) {
      if (options.onlyProjectId !== undefined && project.id !== options.onlyProjectId) continue;
      if (project.keys.length === 0) continue;
      anyUsable = true;
      if (options.allowedTiers !== undefined && !options.allowedTiers.includes(project.tier)) continue;
      if (options.allowedAccountIds !== undefined && !options.allowedAccountIds.includes(project.accountId)) {
        continue;
      }
      anyAllowed = true;
      const state = book.states[project.slot] ?? this.createState(book, project.slot);
      state.roll(now, this.cDayEnd);
      const freeAt = Math.max(state.coolUntil, state.limitUntil, state.blockedByLimitUntil());
      if (freeAt <= now) return { kind: 'all-tried' };
      retryAt = Math.min(retryAt, freeAt);
    }
    const why: NoLease = !anyUsable
      ? this.inactiveKeys > 0 || this.projects.length > 0
        ? { kind: 'all-dead' }
        : { kind: 'empty' }
      : !anyAllowed
        ? { kind: 'none-allowed' }
        : { kind: 'all-cooling', retryAt };
    // Only a verdict about the whole pool is an outage; one client's narrow policy, or one project
    // that owns a file, is not.
    const global =
      options.allowedTiers === undefined &&
      options.allowedAccountIds === undefined &&
      options.onlyProjectId === undefined;
    if (global && (why.kind === 'all-dead' || why.kind === 'all-cooling') && !this.down.has(model)) {
      this.down.add(model);
      this.hooks.onPoolDown?.(model, why);
    }
    return why;
  }

  private bookFor(model: string): ModelBook {
    let book = this.books.get(model);
    if (!book) {
      if (this.books.size >= MAX_BOOKS) this.dropOldBook();
      book = { model, states: new Array<QuotaState | undefined>(this.projects.length), rings: [] };
      book.rings = this.newRings([]);
      this.books.set(model, book);
    }
    return book;
  }

  private dropOldBook(): void {
    const now = this.now();
    for (const [model, book] of this.books) {
      if (book.states.some((state) => state !== undefined && state.coolUntil > now)) continue;
      this.books.delete(model);
      this.down.delete(model);
      return;
    }
  }

  private newRings(previous: readonly Ring[]): Ring[] {
    return this.tierSlots.map((slots, t) => {
      const cursor = previous[t]?.cursor ?? 0;
      return {
        slots,
        cursor: slots.length > 0 ? cursor % slots.length : 0,
        cumulative: null,
        blockedUntil: 0,
        blockedEpoch: -1,
      };
    });
  }

  /** The earliest time any project of the ring may serve again (Infinity: none has keys). */
  private ringFreeAt(book: ModelBook, ring: Ring): number {
    let freeAt = Infinity;
    for (let i = 0; i < ring.slots.length; i++) {
      const slot = ring.slots[i]!;
      if (this.projects[slot]!.keys.length === 0) continue;
      const state = book.states[slot] ?? this.createState(book, slot);
      freeAt = Math.min(freeAt, Math.max(state.coolUntil, state.limitUntil, state.blockedByLimitUntil()));
    }
    return freeAt;
  }

  private createState(book: ModelBook, slot: number): QuotaState {
    const project = this.projects[slot]!;
    const state = new QuotaState(project.id, book.model, this.limitsFor(project.id, book.model));
    book.states[slot] = state;
    return state;
  }

  private stateFor(projectId: string, model: string): QuotaState | undefined {
    const project = this.projectById.get(projectId);
    if (!project) return undefined;
    const book = this.bookFor(model);
    return book.states[project.slot] ?? this.createState(book, project.slot);
  }

  private stateOfLease(lease: KeyLease, model: string): QuotaState | undefined {
    return (lease as Partial<PoolLease>).state ?? this.stateFor(lease.projectId, model);
  }

  private markDirty(state: QuotaState): void {
    if (state.dirty) return;
    state.dirty = true;
    this.dirty.push(state);
  }
}

function isUnfiltered(options: AcquireOptions): boolean {
  return (
    (options.exclude === undefined || options.exclude.size === 0) &&
    (options.excludeProjects === undefined || options.excludeProjects.size === 0) &&
    options.allowedAccountIds === undefined &&
    options.onlyProjectId === undefined
  );
}

function hasUntriedKey(project: ProjectEntry, exclude: ReadonlySet<string>): boolean {
  for (const key of project.keys) if (!exclude.has(key.keyId)) return true;
  return false;
}

/** The project's keys share its quota: take them in turn, skipping any this request already tried. */
function takeKey(project: ProjectEntry, exclude: ReadonlySet<string> | undefined): PoolKey {
  const keys = project.keys;
  const n = keys.length;
  for (let i = 0, idx = project.keyCursor; i < n; i++, idx++) {
    if (idx >= n) idx -= n;
    const key = keys[idx]!;
    if (exclude !== undefined && exclude.size > 0 && exclude.has(key.keyId)) continue;
    project.keyCursor = idx + 1 >= n ? 0 : idx + 1;
    return key;
  }
  // `eligible` made sure there is one; reaching here is a bug, not a runtime condition.
  throw new Error('takeKey: the project has no untried key');
}
