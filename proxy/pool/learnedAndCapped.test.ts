import { describe, expect, it } from 'vitest';
import { isLease, type KeyLease, type PoolKey } from './keyPool.js';
import { QuotaAwarePool, type PoolHooks } from './quotaAwarePool.js';
import type { LearnedLimit, LimitOverride } from './limits.js';
import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import { nextPacificMidnight, nextPacificMonthStart } from './pacificTime.js';
import { PREPAY_RECHECK_MS } from './spendCaps.js';
import { EVERY_MODEL } from './quotaState.js';

const FLASH = 'gemini-2.5-flash';
const PRO = 'gemini-2.5-pro';
/** 2026-12-07 10:00:10 PST. */
const T0 = Date.parse('2026-12-07T18:00:10Z');
const MIDNIGHT = nextPacificMidnight(T0);

const keys: PoolKey[] = ['p1', 'p2'].map((projectId) => ({
  keyId: `${projectId}-k`,
  projectId,
  accountId: 'acc',
  tier: 'primary',
  apiKey: `secret-${projectId}`,
  masked: '…k',
}));

/** Two projects, no rules of the user: the built-in defaults apply (2.5 Flash: 20 a day). */
function setup(hooks: PoolHooks = {}, rules: LimitOverride[] = []) {
  const clock = { now: T0 };
  const pool = new QuotaAwarePool(hooks, { now: () => clock.now });
  pool.setLimits(rules);
  pool.load(keys);
  const take = (model = FLASH): KeyLease => {
    const lease = pool.acquire(model);
    if (!isLease(lease)) throw new Error(`no lease: ${JSON.stringify(lease)}`);
    return lease;
  };
  /** Serves n requests; the project of each. */
  const serve = (n: number, model = FLASH) =>
    Array.from({ length: n }, () => {
      const lease = take(model);
      pool.reportSuccess(lease, model);
      return lease.projectId;
    });
  /** The next request goes to `projectId`, and Gemini refuses it with `verdict`. */
  const refuse = (projectId: string, verdict: UpstreamVerdict, model = FLASH) => {
    let lease = take(model);
    while (lease.projectId !== projectId) {
      pool.reportSuccess(lease, model);
      lease = take(model);
    }
    pool.reportFailure(lease, model, verdict);
  };
  return { pool, clock, take, serve, refuse };
}

/** The verdict of Google's per-day 429 whose QuotaFailure says `quotaValue`. */
const perDay = (value: number, retryAfterMs: number | null = 38_000): UpstreamVerdict => ({
  kind: 'rate-limited',
  scope: 'day',
  retryAfterMs,
  quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
  learned: [
    {
      field: 'rpd',
      value,
      tier: 'FreeTier',
      quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
      model: FLASH,
    },
  ],
});

describe('limits learned from Google', () => {
  it('plans a project with the daily limit its 429 stated, and leaves it alone till Pacific midnight', () => {
    const learned: LearnedLimit[] = [];
    const { pool, clock, serve, refuse } = setup({ onLearned: (limits) => learned.push(...limits) });
    refuse('p1', perDay(3));
    expect(learned).toEqual([
      expect.objectContaining({
        projectId: 'p1',
        model: FLASH,
        field: 'rpd',
        value: 3,
        tier: 'FreeTier',
        learnedAt: T0,
      }),
    ]);
    expect(pool.limitsFor('p1', FLASH)).toEqual({ rpm: 5, tpm: 250_000, rpd: 3 });
    expect(pool.explainLimits('p1', FLASH).rpd).toEqual({
      value: 3,
      source: 'learned',
      learnedAt: T0,
      tier: 'FreeTier',
    });
    // The other project keeps the default, and serves everything meanwhile.
    expect(pool.limitsFor('p2', FLASH).rpd).toBe(20);
    clock.now = MIDNIGHT - 1;
    expect(serve(3)).toEqual(['p2', 'p2', 'p2']);
    // The next Pacific day, p1 serves again, up to the 3 Google said.
    clock.now = MIDNIGHT;
    const next = serve(8);
    expect(next.filter((project) => project === 'p1')).toHaveLength(3);
  });

  it('takes a built-in default for a first guess only: a project past it is still called until Google says no', () => {
    const exhausted: string[] = [];
    const { pool, serve, refuse } = setup({ onDayExhausted: (state) => exhausted.push(state.projectId) });
    // Two projects, 2.5 Flash's default of 5 a minute and 20 a day: a paid project is far above it.
    expect(serve(30).filter((project) => project === 'p1')).toHaveLength(15);
    expect(exhausted).toEqual([]);
    expect(pool.explainLimits('p1', FLASH).rpm).toEqual({ value: 5, source: 'default' });
    // A free one answers the per-minute 429 at 5: from then on it is held to 5 a minute.
    refuse('p1', {
      kind: 'rate-limited',
      scope: 'minute',
      retryAfterMs: 20_000,
      quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
      learned: [
        {
          field: 'rpm',
          value: 5,
          tier: 'FreeTier',
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
          model: FLASH,
        },
      ],
    });
    expect(pool.explainLimits('p1', FLASH).rpm).toMatchObject({ value: 5, source: 'learned' });
  });

  it('learns once from a storm of the same 429, and again when Google states another value', () => {
    const learned: number[] = [];
    const { pool, clock, refuse } = setup({
      onLearned: (limits) => learned.push(...limits.map((l) => l.value)),
    });
    refuse('p1', perDay(3));
    pool.reportFailure({ ...keys[0]!, keyId: 'p1-k' }, FLASH, perDay(3));
    expect(learned).toEqual([3]);
    clock.now = MIDNIGHT;
    refuse('p1', perDay(5));
    expect(learned).toEqual([3, 5]);
    expect(pool.limitsFor('p1', FLASH).rpd).toBe(5);
  });

  it("never plans over the user's own rule, and keeps learned limits across reloads and restarts", () => {
    const rule: LimitOverride = { projectId: null, model: FLASH, rpm: null, tpm: null, rpd: Infinity };
    const saved: LearnedLimit[] = [];
    const { pool, refuse } = setup({ onLearned: (limits) => saved.push(...limits) }, [rule]);
    refuse('p1', perDay(3));
    expect(pool.explainLimits('p1', FLASH).rpd).toEqual({ value: Infinity, source: 'rule' });
    pool.setLimits([]);
    expect(pool.limitsFor('p1', FLASH).rpd).toBe(3);
    pool.load(keys);
    expect(pool.limitsFor('p1', FLASH).rpd).toBe(3);
    // A new gateway, given what was saved.
    const restarted = setup();
    restarted.pool.loadLearned(saved);
    expect(restarted.pool.limitsFor('p1', FLASH).rpd).toBe(3);
    expect(restarted.pool.limitsFor('p1', PRO).rpd).toBe(Infinity);
  });

  it('learns nothing from a 429 that states no usable value, and still cools the project', () => {
    const { pool, refuse } = setup({ onLearned: () => expect.fail('nothing to learn') });
    refuse('p1', { kind: 'rate-limited', scope: 'minute', retryAfterMs: 2000, quotaId: null, learned: [] });
    expect(pool.limitsFor('p1', FLASH).rpm).toBe(5);
    expect(pool.acquire(FLASH)).toMatchObject({ projectId: 'p2' });
  });
});

describe('spending limits', () => {
  const capped = (cap: 'project-monthly' | 'billing-monthly' | 'prepay'): UpstreamVerdict => ({
    kind: 'spend-capped',
    cap,
  });

  it('stops the project for every model until the month turns, and says so once', () => {
    const alerts: string[] = [];
    const { pool, clock, serve, refuse } = setup({
      onSpendCapped: (project, cap, first) =>
        alerts.push(`${project.id}:${cap}:${first}:${project.capUntil}`),
    });
    refuse('p1', capped('project-monthly'));
    const monthStart = nextPacificMonthStart(T0);
    expect(new Date(monthStart).toISOString()).toBe('2027-01-01T08:00:00.000Z');
    expect(alerts).toEqual([`p1:project-monthly:true:${monthStart}`]);
    expect(serve(4, FLASH)).toEqual(['p2', 'p2', 'p2', 'p2']);
    expect(serve(2, PRO)).toEqual(['p2', 'p2']);
    expect(pool.describe().filter((s) => s.projectId === 'p1')).toEqual([
      expect.objectContaining({ model: FLASH, coolingUntil: monthStart, coolScope: 'spend' }),
    ]);
    expect(pool.keyCounts()).toEqual({ usable: 2, cooling: 1 });
    clock.now = monthStart;
    expect(serve(2, PRO)).toContain('p1');
  });

  it('asks again after an hour when prepaid credits ran out, without a second alert, until it serves', () => {
    const alerts: boolean[] = [];
    const { clock, serve, refuse } = setup({ onSpendCapped: (_project, _cap, first) => alerts.push(first) });
    refuse('p1', capped('prepay'));
    clock.now = T0 + PREPAY_RECHECK_MS - 1;
    expect(serve(2)).toEqual(['p2', 'p2']);
    clock.now = T0 + PREPAY_RECHECK_MS;
    refuse('p1', capped('prepay'));
    expect(alerts).toEqual([true, false]);
    clock.now = T0 + 2 * PREPAY_RECHECK_MS;
    expect(serve(2)).toContain('p1');
    // Served: the episode is over, so the next time is news again.
    refuse('p1', capped('prepay'));
    expect(alerts).toEqual([true, false, true]);
  });

  it('puts back saved spending limits after a restart, and lifts one the user resumed', () => {
    const { pool, serve } = setup();
    const until = nextPacificMonthStart(T0);
    const row = {
      projectId: 'p1',
      model: EVERY_MODEL,
      until,
      scope: 'spend' as const,
      quotaId: 'billing-monthly',
    };
    pool.restore([row], []);
    expect(serve(3)).toEqual(['p2', 'p2', 'p2']);
    pool.syncSpendCaps([]);
    expect(serve(2)).toEqual(['p1', 'p2']);
  });

  it('holds nothing against a key or project for an overloaded model', () => {
    const { pool, serve, refuse } = setup({
      onCooldown: () => expect.fail('no cooldown'),
      onSpendCapped: () => expect.fail('no cap'),
      onKeyDead: () => expect.fail('no dead key'),
    });
    refuse('p1', { kind: 'upstream-unavailable', status: 503 });
    expect(pool.keyCounts()).toEqual({ usable: 2, cooling: 0 });
    expect(serve(2).sort()).toEqual(['p1', 'p2']);
  });

  it('quarantines a key Google suspended, telling the hook it was a suspension', () => {
    const dead: string[] = [];
    const { refuse, serve } = setup({
      onKeyDead: (key, reason, quarantined) => dead.push(`${key.keyId}:${reason}:${quarantined}`),
    });
    refuse('p1', { kind: 'key-denied', reason: 'TOS_VIOLATION', quarantined: true });
    refuse('p2', { kind: 'key-denied', reason: 'SERVICE_DISABLED' });
    expect(dead).toEqual(['p1-k:TOS_VIOLATION:true', 'p2-k:SERVICE_DISABLED:false']);
    expect(() => serve(1)).toThrow(/all-dead/);
  });
});
