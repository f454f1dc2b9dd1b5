import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { QuotaReading } from '../upstream/quotaViolations.js';
import {
  LimitBook,
  type LearnedLimit,
  type LimitField,
  type LimitOverride,
  type QuotaLimits,
  type ResolvedLimit,
  type ResolvedLimits,
  resolvedLimits,
} from './limits.js';
import { LearnedLimits } from './learnedLimits.js';
import { PacificDayClock } from './pacificTime.js';
import { QuotaState, type CooldownRecord, type CounterRecord } from './quotaState.js';
import type { ProjectTable } from './projectTable.js';
import { TIERS } from './tier.js';
import type { ModelBook, QuotaHooks, QuotaStanding, Ring } from './bookTypes.js';

/** When a 429 carries no RetryInfo, leave the project alone this long. */
export const DEFAULT_COOLDOWN_MS = 60_000;

/**
 * Models the pool keeps state for. Clients name models freely (typos included), so the oldest
 * book without a running cooldown is dropped past this; real use involves a few dozen at most.
 */
export const MAX_BOOKS = 256;

export type { ModelBook, QuotaHooks, QuotaStanding, Ring } from './bookTypes.js';

/**
 * Per model, each project's quota state: the requests and tokens counted this clock minute and
 * Pacific day, the limits they are held to, and cooldowns after 429s. States are made on first use
 * and updated in place, and the day turns at midnight Pacific time.
 */
export class ModelBooks {
  private readonly books = new Map<string, ModelBook>();
  private limitBook = new LimitBook();
  private readonly learned = new LearnedLimits();
  private projectsWithOverrides = new Set<string>();
  /** Limits of projects without rules or learned limits of their own, per model: shared by all. */
  private readonly sharedLimits = new Map<string, ResolvedLimits>();
  private readonly clock = new PacificDayClock();
  private dirty: QuotaState[] = [];
  private epochCount = 0;

  constructor(
    private readonly table: ProjectTable,
    private readonly hooks: QuotaHooks = {},
    /** A model's book was dropped to make room: anything else known about the model may go too. */
    private readonly onDrop: (model: string) => void = () => {},
  ) {}

  /**
   * Bumped by anything that can make a project usable sooner than foreseen (a reservation given
   * back, new limits, new keys, restored counters): a Ring's `blockedUntil` holds only within one.
   */
  get epoch(): number {
    return this.epochCount;
  }

  /** Something made a project usable sooner than foreseen (a spending limit lifted). */
  touch(): void {
    this.epochCount++;
  }

  /** The instant the Pacific day containing `now` ends: when daily counts start again. */
  dayEnd(now: number): number {
    return this.clock.dayEnd(now);
  }

  /** The model's book, made on first use (dropping the oldest idle one when there are too many). */
  book(model: string, now: number): ModelBook {
    // Small enough to be inlined into every choice; making a book is the rare path.
    return this.books.get(model) ?? this.makeBook(model, now);
  }

  /** The state of the project in `slot` for the book's model, made on first use. */
  state(book: ModelBook, slot: number): QuotaState {
    // Small enough to be inlined into every choice; making a state is the rare path.
    return book.states[slot] ?? this.makeState(book, slot);
  }

  /** The state of a project for a model, or undefined for a project the table does not hold. */
  stateOf(projectId: string, model: string, now: number): QuotaState | undefined {
    const project = this.table.find(projectId);
    return project ? this.state(this.book(model, now), project.slot) : undefined;
  }

  /** After the table was loaded again: each project's states follow it to its new slot. */
  reslot(previousSlots: Int32Array): void {
    for (const book of this.books.values()) {
      const states = new Array<QuotaState | undefined>(previousSlots.length);
      for (let slot = 0; slot < previousSlots.length; slot++) {
        const old = previousSlots[slot]!;
        if (old >= 0) states[slot] = book.states[old];
      }
      book.states = states;
      book.rings = this.newRings(book.rings);
    }
    this.epochCount++;
  }

  /** Replaces the user's limit overrides; every project's limits are resolved again. */
  setLimits(overrides: readonly LimitOverride[]): void {
    this.limitBook = new LimitBook(overrides);
    this.projectsWithOverrides = new Set(
      overrides.flatMap((rule) => (rule.projectId === null ? [] : [rule.projectId])),
    );
    this.resolveAgain();
  }

  /** Replaces the limits learned from Google (as the database has them); limits are resolved again. */
  loadLearned(records: readonly LearnedLimit[]): void {
    this.learned.load(records);
    this.resolveAgain();
  }

  /**
   * Takes in the limits a 429 for this project and model stated: from now on the project is
   * planned with them (where the user set no rule). Answers those that changed.
   */
  learn(state: QuotaState, readings: readonly QuotaReading[], now: number): LearnedLimit[] {
    if (readings.length === 0) return [];
    const changed = this.learned.learn(state.projectId, state.model, readings, now);
    if (changed.length === 0) return changed;
    this.assign(state);
    state.limitUntil = 0;
    for (const book of this.books.values()) for (const ring of book.rings) ring.cumulative = null;
    this.epochCount++;
    this.hooks.onLearned?.(changed);
    return changed;
  }

  /** The limits in force for (project, model), built-in defaults included (see QuotaState.caps). */
  limitsFor(projectId: string, model: string): QuotaLimits {
    return this.resolved(projectId, model).limits;
  }

  /** Each limit in force for (project, model) and where it comes from. */
  explain(projectId: string, model: string): Record<LimitField, ResolvedLimit> {
    return this.limitBook.explain(projectId, model, this.learned.get(projectId, model));
  }

  /**
   * Whether the project may be called for this model now: not cooling, and under its limits by our
   * count. Reaching the daily limit is announced once per day.
   */
  canServe(state: QuotaState, now: number): boolean {
    if (state.coolUntil > now || state.limitUntil > now) return false;
    state.roll(now, this.clock.dayEnd(now));
    const blocked = state.blockedByLimitUntil();
    if (blocked > now) return this.atLimit(state, blocked);
    return true;
  }

  /** When the project may next be called for this model, by its cooldown and our count. */
  freeAt(state: QuotaState, now: number): number {
    state.roll(now, this.clock.dayEnd(now));
    return Math.max(state.coolUntil, state.limitUntil, state.blockedByLimitUntil());
  }

  /** Counts one request in the state's current minute and day, before it is sent. */
  reserve(state: QuotaState): void {
    state.minuteRequests++;
    state.dayRequests++;
    this.markDirty(state);
  }

  /**
   * Takes back a request reserved in the minute starting `minuteStart` and the day ending
   * `dayEnd`: a window that has turned since holds no count of it any more.
   */
  giveBack(state: QuotaState, minuteStart: number, dayEnd: number): void {
    if (state.minuteStart === minuteStart && state.minuteRequests > 0) state.minuteRequests--;
    if (state.dayEnd === dayEnd && state.dayRequests > 0) state.dayRequests--;
    state.limitUntil = 0;
    this.epochCount++;
    this.markDirty(state);
  }

  /**
   * Input tokens of a request sent in the minute starting `minuteStart` (undefined: the current
   * one); a minute that has passed is already reset.
   */
  addTokens(state: QuotaState, tokens: number, minuteStart: number | undefined): void {
    if (minuteStart !== undefined && state.minuteStart !== minuteStart) return;
    state.minuteTokens += tokens;
    this.markDirty(state);
  }

  /** A 429: leave the project alone for this model as long as Gemini said (the longest of several stands). */
  coolDown(
    state: QuotaState,
    failure: Extract<UpstreamVerdict, { kind: 'rate-limited' }>,
    now: number,
  ): void {
    const until =
      failure.scope === 'day'
        ? Math.max(this.clock.dayEnd(now), now + (failure.retryAfterMs ?? 0))
        : now + (failure.retryAfterMs ?? DEFAULT_COOLDOWN_MS);
    if (until <= state.coolUntil) return;
    state.coolUntil = until;
    state.coolScope = failure.scope;
    state.quotaId = failure.quotaId;
    this.hooks.onCooldown?.(state);
  }

  /** Puts back cooldowns and counters saved before a restart (rows for unknown projects are ignored). */
  restore(cooldowns: readonly CooldownRecord[], counters: readonly CounterRecord[], now: number): void {
    const dayEnd = this.clock.dayEnd(now);
    for (const row of cooldowns) {
      const state = this.stateOf(row.projectId, row.model, now);
      if (!state || row.until <= now) continue;
      state.coolUntil = row.until;
      state.coolScope = row.scope;
      state.quotaId = row.quotaId;
    }
    for (const row of counters) {
      const state = this.stateOf(row.projectId, row.model, now);
      if (!state) continue;
      state.roll(now, dayEnd);
      if (row.minuteStart === state.minuteStart) {
        state.minuteRequests = row.minuteRequests;
        state.minuteTokens = row.minuteTokens;
      }
      if (row.dayEnd === dayEnd) state.dayRequests = row.dayRequests;
    }
    this.epochCount++;
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

  /** Every (project, model) seen so far, as it stands now. */
  describe(now: number): QuotaStanding[] {
    const dayEnd = this.clock.dayEnd(now);
    const out: QuotaStanding[] = [];
    for (const book of this.books.values()) {
      for (let slot = 0; slot < book.states.length; slot++) {
        const state = book.states[slot];
        if (!state) continue;
        state.roll(now, dayEnd);
        const blocked = state.blockedByLimitUntil();
        // A spending limit stops every model of the project: each of its models shows it.
        const capUntil = this.table.at(slot).capUntil;
        const capped = capUntil > now && capUntil >= state.coolUntil;
        const cooling = capped ? capUntil : state.coolUntil;
        out.push({
          projectId: state.projectId,
          model: state.model,
          limits: state.limits,
          sources: this.explain(state.projectId, state.model),
          minuteRequests: state.minuteRequests,
          minuteTokens: state.minuteTokens,
          dayRequests: state.dayRequests,
          coolingUntil: cooling > now ? cooling : null,
          coolScope: capped ? 'spend' : state.coolUntil > now ? state.coolScope : null,
          atLimitUntil: blocked > now ? blocked : null,
        });
      }
    }
    return out;
  }

  /** The slots of projects cooling down for some model at `now`. */
  coolingSlots(now: number): Set<number> {
    const cooling = new Set<number>();
    for (const project of this.table.all()) if (project.capUntil > now) cooling.add(project.slot);
    for (const book of this.books.values()) {
      for (let slot = 0; slot < book.states.length; slot++) {
        if ((book.states[slot]?.coolUntil ?? 0) > now) cooling.add(slot);
      }
    }
    return cooling;
  }

  /** The limits of (project, model) and the caps our count enforces: one shared pair per model when it can. */
  private resolved(projectId: string, model: string): ResolvedLimits {
    const taught = this.learned.get(projectId, model);
    if (taught || this.projectsWithOverrides.has(projectId)) {
      return resolvedLimits(this.limitBook.explain(projectId, model, taught));
    }
    let shared = this.sharedLimits.get(model);
    if (!shared) {
      shared = resolvedLimits(this.limitBook.explain('', model));
      this.sharedLimits.set(model, shared);
    }
    return shared;
  }

  private assign(state: QuotaState): void {
    const { limits, caps } = this.resolved(state.projectId, state.model);
    state.limits = limits;
    state.caps = caps;
  }

  /** Limits changed (rules or learned ones): every state's limits are resolved again. */
  private resolveAgain(): void {
    this.sharedLimits.clear();
    for (const book of this.books.values()) {
      for (const state of book.states) {
        if (!state) continue;
        this.assign(state);
        state.limitUntil = 0;
      }
      for (const ring of book.rings) ring.cumulative = null;
    }
    this.epochCount++;
  }

  /**
   * Our count reached a limit: remembered, so later choices skip the project with two field reads
   * until then. Apart from canServe, which every choice runs, so that it stays small enough to inline.
   */
  private atLimit(state: QuotaState, blocked: number): false {
    state.limitUntil = blocked;
    if (blocked === state.dayEnd && !state.dayExhaustedReported) {
      state.dayExhaustedReported = true;
      this.hooks.onDayExhausted?.(state);
    }
    return false;
  }

  private makeBook(model: string, now: number): ModelBook {
    if (this.books.size >= MAX_BOOKS) this.dropIdleBook(now);
    const book = {
      model,
      states: new Array<QuotaState | undefined>(this.table.size),
      rings: this.newRings([]),
    };
    this.books.set(model, book);
    return book;
  }

  private makeState(book: ModelBook, slot: number): QuotaState {
    const project = this.table.at(slot);
    const { limits, caps } = this.resolved(project.id, book.model);
    const state = new QuotaState(project.id, book.model, limits, caps);
    book.states[slot] = state;
    return state;
  }

  private markDirty(state: QuotaState): void {
    if (state.dirty) return;
    state.dirty = true;
    this.dirty.push(state);
  }

  /** Drops the oldest book in which no project is cooling down (a cooldown must not be forgotten). */
  private dropIdleBook(now: number): void {
    for (const [model, book] of this.books) {
      if (book.states.some((state) => state !== undefined && state.coolUntil > now)) continue;
      this.books.delete(model);
      this.onDrop(model);
      return;
    }
  }

  /** One ring per tier over the table's current slots, keeping where each previous ring stood. */
  private newRings(previous: readonly Ring[]): Ring[] {
    return TIERS.map((_, tier) => {
      const slots = this.table.slotsOfTier(tier);
      const cursor = previous[tier]?.cursor ?? 0;
      return {
        slots,
        cursor: slots.length > 0 ? cursor % slots.length : 0,
        cumulative: null,
        blockedUntil: 0,
        blockedEpoch: -1,
      };
    });
  }
}
