import { describe, expect, it } from 'vitest';
import type { PoolKey } from './keyPool.js';
import type { LimitOverride } from './limits.js';
import { DEFAULT_COOLDOWN_MS, MAX_BOOKS, ModelBooks } from './modelBooks.js';
import { nextPacificMidnight } from './pacificTime.js';
import { ProjectTable } from './projectTable.js';
import { MINUTE_MS, type QuotaState } from './quotaState.js';

const MODEL = 'gemini-2.5-flash';
/** 2026-01-15 12:00:10 PST: mid-minute, mid-day. */
const T0 = Date.parse('2026-01-15T20:00:10Z');
const MINUTE_END = T0 - (T0 % MINUTE_MS) + MINUTE_MS;
const MIDNIGHT = nextPacificMidnight(T0);

function key(projectId: string): PoolKey {
  return {
    keyId: `${projectId}-k`,
    projectId,
    accountId: 'acc',
    tier: 'primary',
    apiKey: `secret-${projectId}`,
    masked: '…k',
  };
}

const limit = (over: Partial<LimitOverride>): LimitOverride => ({
  projectId: null,
  model: MODEL,
  rpm: Infinity,
  tpm: Infinity,
  rpd: Infinity,
  ...over,
});

function setup(limits: LimitOverride[] = [limit({})], projects = ['p1', 'p2']) {
  const table = new ProjectTable();
  const exhausted: string[] = [];
  const cooled: string[] = [];
  const dropped: string[] = [];
  const books = new ModelBooks(
    table,
    {
      onDayExhausted: (state) => exhausted.push(state.projectId),
      onCooldown: (state) => cooled.push(`${state.projectId}:${state.coolUntil - T0}`),
    },
    (model) => dropped.push(model),
  );
  books.setLimits(limits);
  books.reslot(table.load(projects.map(key)));
  const stateOf = (projectId = 'p1', model = MODEL, now = T0): QuotaState =>
    books.stateOf(projectId, model, now)!;
  /** Reserves `n` requests when the project can serve; how many it could. */
  const reserve = (n: number, state: QuotaState, now = T0) => {
    let served = 0;
    for (let i = 0; i < n && books.canServe(state, now); i++, served++) books.reserve(state);
    return served;
  };
  return { table, books, exhausted, cooled, dropped, stateOf, reserve };
}

const rateLimited = (retryAfterMs: number | null, scope: 'minute' | 'day' = 'minute') =>
  ({ kind: 'rate-limited', scope, retryAfterMs, quotaId: null }) as const;

describe('model books: counting against limits', () => {
  it('holds a project to its requests per minute, until the minute turns', () => {
    const { books, stateOf, reserve } = setup([limit({ rpm: 2 })]);
    const state = stateOf();
    expect(reserve(5, state)).toBe(2);
    expect(books.freeAt(state, T0)).toBe(MINUTE_END);
    expect(books.canServe(state, MINUTE_END - 1)).toBe(false);
    expect(reserve(5, state, MINUTE_END)).toBe(2);
  });

  it('holds a project to its requests per day, until midnight Pacific, and says so once a day', () => {
    const { books, exhausted, stateOf, reserve } = setup([limit({ rpd: 3 })]);
    const state = stateOf();
    expect(reserve(5, state)).toBe(3);
    expect(books.canServe(state, T0 + 1)).toBe(false);
    expect(books.freeAt(state, T0)).toBe(MIDNIGHT);
    expect(exhausted).toEqual(['p1']);
    expect(reserve(5, state, MIDNIGHT)).toBe(3);
    expect(exhausted).toEqual(['p1', 'p1']);
  });

  it('counts input tokens per minute, only in the minute the request was sent', () => {
    const { books, stateOf } = setup([limit({ tpm: 1000 })]);
    const state = stateOf();
    expect(books.canServe(state, T0)).toBe(true);
    books.addTokens(state, 400, state.minuteStart - MINUTE_MS); // a request from the minute before
    expect(state.minuteTokens).toBe(0);
    books.addTokens(state, 1000, state.minuteStart);
    expect(books.canServe(state, T0)).toBe(false);
  });

  it('gives a reservation back only to the windows that still hold it', () => {
    const { books, stateOf, reserve } = setup([limit({ rpm: 1 })]);
    const state = stateOf();
    reserve(1, state);
    const { minuteStart, dayEnd } = state;
    const epoch = books.epoch;
    books.giveBack(state, minuteStart, dayEnd);
    expect([state.minuteRequests, state.dayRequests]).toEqual([0, 0]);
    expect(books.epoch).toBeGreaterThan(epoch);

    reserve(1, state);
    expect(books.canServe(state, MINUTE_END)).toBe(true); // the minute turned, the day did not
    books.giveBack(state, minuteStart, dayEnd);
    expect([state.minuteRequests, state.dayRequests]).toEqual([0, 0]);
    books.reserve(state);
    books.giveBack(state, minuteStart, dayEnd);
    expect([state.minuteRequests, state.dayRequests]).toEqual([1, 0]);

    // A request reserved before midnight Pacific and given back after it: the new day owes nothing.
    reserve(1, state, MIDNIGHT - 1);
    const lastMinute = state.minuteStart;
    expect(books.canServe(state, MIDNIGHT)).toBe(true);
    books.reserve(state);
    books.giveBack(state, lastMinute, dayEnd);
    expect([state.minuteRequests, state.dayRequests]).toEqual([1, 1]);
  });

  it('resolves limits once per model for projects without overrides of their own, and again when they change', () => {
    const { books, stateOf } = setup([limit({ rpm: 2 }), limit({ projectId: 'p2', rpm: 7 })]);
    expect(books.limitsFor('p1', MODEL)).toBe(books.limitsFor('p3', MODEL));
    expect(stateOf('p2').limits.rpm).toBe(7);
    const state = stateOf('p1');
    books.setLimits([limit({ rpm: 9 })]);
    expect(state.limits.rpm).toBe(9);
    // Without an override, the free-tier default for the model applies.
    books.setLimits([]);
    expect(state.limits).toEqual({ rpm: 5, tpm: 250_000, rpd: 20 });
  });
});

describe('model books: cooldowns', () => {
  it('cools a project for the delay Gemini named, a minute without one, and a day-scoped 429 until midnight Pacific', () => {
    const { books, cooled, stateOf } = setup();
    books.coolDown(stateOf('p1'), rateLimited(2000), T0);
    books.coolDown(stateOf('p2'), rateLimited(null), T0);
    books.coolDown(stateOf('p1', 'gemini-2.5-pro'), rateLimited(30_000, 'day'), T0);
    expect(cooled).toEqual([`p1:2000`, `p2:${DEFAULT_COOLDOWN_MS}`, `p1:${MIDNIGHT - T0}`]);
    expect(books.canServe(stateOf('p1'), T0 + 1999)).toBe(false);
    expect(books.canServe(stateOf('p1'), T0 + 2000)).toBe(true);
    expect(Array.from(books.coolingSlots(T0 + 2000))).toEqual([1, 0]);
  });

  it('keeps the longest of concurrent cooldowns', () => {
    const { books, cooled, stateOf } = setup();
    books.coolDown(stateOf(), rateLimited(5000), T0);
    books.coolDown(stateOf(), rateLimited(1000), T0);
    expect(stateOf().coolUntil).toBe(T0 + 5000);
    expect(cooled).toEqual(['p1:5000']);
  });
});

describe('model books: keeping state', () => {
  it('lets each project’s state follow it to its new slot when the keys are reloaded', () => {
    const { table, books, stateOf, reserve } = setup();
    reserve(2, stateOf('p2'));
    books.reslot(table.load(['p3', 'p2'].map(key)));
    expect(stateOf('p2').dayRequests).toBe(2);
    expect(stateOf('p3').dayRequests).toBe(0);
    expect(books.stateOf('p1', MODEL, T0)).toBeUndefined();
  });

  it('keeps books for a bounded number of models, dropping the oldest that has no cooldown', () => {
    const { books, dropped, stateOf } = setup();
    books.coolDown(stateOf('p1', 'first'), rateLimited(60_000), T0);
    stateOf('p1', 'second');
    for (let i = 0; i < MAX_BOOKS - 2; i++) books.book(`model-${i}`, T0);
    expect(dropped).toEqual([]);
    books.book('one-too-many', T0);
    expect(dropped).toEqual(['second']);
    expect(stateOf('p1', 'first').coolUntil).toBe(T0 + 60_000);
  });

  it('hands changed counters over once, and takes them back after a restart', () => {
    const { books, stateOf, reserve } = setup();
    reserve(2, stateOf('p1'));
    reserve(1, stateOf('p2'));
    books.coolDown(stateOf('p2'), rateLimited(30_000), T0);
    const saved = books.takeDirty();
    expect(saved.map((row) => [row.projectId, row.dayRequests])).toEqual([
      ['p1', 2],
      ['p2', 1],
    ]);
    expect(books.takeDirty()).toEqual([]);

    const again = setup();
    const cooldowns = [
      { projectId: 'p2', model: MODEL, until: T0 + 30_000, scope: 'minute' as const, quotaId: null },
    ];
    const gone = { ...saved[0]!, projectId: 'gone' };
    again.books.restore(cooldowns, [...saved, gone], T0 + 1000);
    expect(again.books.describe(T0 + 1000)).toMatchObject([
      { projectId: 'p1', minuteRequests: 2, dayRequests: 2, coolingUntil: null },
      { projectId: 'p2', minuteRequests: 1, dayRequests: 1, coolingUntil: T0 + 30_000 },
    ]);
  });

  it('restores a saved minute’s count only within that minute, and a day’s only within that day', () => {
    const { books, stateOf, reserve } = setup();
    reserve(3, stateOf());
    const saved = books.takeDirty();
    const nextMinute = setup();
    nextMinute.books.restore([], saved, MINUTE_END);
    expect(nextMinute.stateOf('p1', MODEL, MINUTE_END)).toMatchObject({ minuteRequests: 0, dayRequests: 3 });
    const nextDay = setup();
    nextDay.books.restore([], saved, MIDNIGHT);
    expect(nextDay.stateOf('p1', MODEL, MIDNIGHT)).toMatchObject({ minuteRequests: 0, dayRequests: 0 });
  });
});
