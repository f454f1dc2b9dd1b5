import { describe, expect, it } from 'vitest';
import { isLease, type AcquireOptions, type KeyLease, type PoolKey } from './keyPool.js';
import { QuotaAwarePool, type PoolHooks } from './quotaAwarePool.js';
import type { Tier } from './tier.js';
import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { LimitOverride } from './limits.js';
import { nextPacificMidnight } from './pacificTime.js';

const MODEL = 'gemini-2.5-flash';
/** 2026-01-15 12:00:10 PST: mid-minute, mid-day. */
const T0 = Date.parse('2026-01-15T20:00:10Z');

interface Spec {
  account: string;
  tier?: Tier;
  project: string;
  keys: number;
}

function keysFor(specs: Spec[]): PoolKey[] {
  return specs.flatMap((spec) =>
    Array.from({ length: spec.keys }, (_, i) => ({
      keyId: `${spec.project}-k${i}`,
      projectId: spec.project,
      accountId: spec.account,
      tier: spec.tier ?? 'primary',
      apiKey: `secret-${spec.project}-${i}`,
      masked: `…${i}`,
    })),
  );
}

const unlimited = (model = '*'): LimitOverride => ({
  projectId: null,
  model,
  rpm: Infinity,
  tpm: Infinity,
  rpd: Infinity,
});

function setup(specs: Spec[], hooks: PoolHooks = {}, limits: LimitOverride[] = [unlimited()]) {
  const clock = { now: T0 };
  let seed = 42;
  // A small deterministic generator (mulberry32), so weighted choices repeat run to run.
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pool = new QuotaAwarePool(hooks, { now: () => clock.now, random });
  pool.setLimits(limits);
  pool.load(keysFor(specs));
  const take = (options?: AcquireOptions, model = MODEL): KeyLease => {
    const lease = pool.acquire(model, options);
    if (!isLease(lease)) throw new Error(`no lease: ${JSON.stringify(lease)}`);
    return lease;
  };
  /** Acquires and reports success n times; returns the project of each. */
  const serve = (n: number, options?: AcquireOptions, model = MODEL) =>
    Array.from({ length: n }, () => {
      const lease = take(options, model);
      pool.reportSuccess(lease, model);
      return lease.projectId;
    });
  return { pool, clock, take, serve };
}

const rateLimited = (retryAfterMs: number | null, scope: 'minute' | 'day' = 'minute'): UpstreamVerdict => ({
  kind: 'rate-limited',
  scope,
  retryAfterMs,
  quotaId: scope === 'day' ? 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' : null,
});

const count = (values: string[]) =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

const THREE = [
  { account: 'a', project: 'p1', keys: 2 },
  { account: 'a', project: 'p2', keys: 1 },
  { account: 'b', project: 'p3', keys: 1 },
];

describe('key pool: round-robin', () => {
  it('takes projects in turn, and the keys of a project in turn', () => {
    const { serve, take } = setup(THREE);
    expect(serve(6)).toEqual(['p1', 'p2', 'p3', 'p1', 'p2', 'p3']);
    expect(Array.from({ length: 7 }, () => take().keyId)).toEqual([
      'p1-k0',
      'p2-k0',
      'p3-k0',
      'p1-k1',
      'p2-k0',
      'p3-k0',
      'p1-k0',
    ]);
  });

  it('uses a backup account only while no primary project can serve', () => {
    const { pool, serve, take } = setup([
      ...THREE,
      { account: 'spare', tier: 'backup', project: 'b1', keys: 1 },
    ]);
    expect(serve(9)).not.toContain('b1');
    for (const project of ['p1', 'p2', 'p3']) {
      const lease = take();
      expect(lease.projectId).toBe(project);
      pool.reportFailure(lease, MODEL, rateLimited(2000));
    }
    expect(serve(2)).toEqual(['b1', 'b1']);
  });

  it('skips projects at their own per-minute limit before calling, and uses them again next minute', () => {
    const limits = [{ projectId: null, model: MODEL, rpm: 2, tpm: null, rpd: 100 }];
    const { pool, clock, serve } = setup(THREE, {}, limits);
    expect(count(serve(6))).toEqual({ p1: 2, p2: 2, p3: 2 });
    const none = pool.acquire(MODEL);
    expect(none).toEqual({ kind: 'all-cooling', retryAt: T0 - (T0 % 60_000) + 60_000 });
    clock.now = T0 - (T0 % 60_000) + 60_000;
    expect(count(serve(6))).toEqual({ p1: 2, p2: 2, p3: 2 });
  });

  it('counts requests per Pacific day and resets them at midnight Pacific', () => {
    const limits = [{ projectId: null, model: MODEL, rpm: null, tpm: null, rpd: 3 }];
    const exhausted: string[] = [];
    const { pool, clock, serve } = setup(
      [{ account: 'a', project: 'p1', keys: 1 }],
      { onDayExhausted: (state) => exhausted.push(`${state.projectId}/${state.model}`) },
      limits,
    );
    serve(3);
    const midnight = nextPacificMidnight(T0);
    expect(pool.acquire(MODEL)).toEqual({ kind: 'all-cooling', retryAt: midnight });
    expect(exhausted).toEqual([`p1/${MODEL}`]);
    clock.now = midnight - 1;
    expect(isLease(pool.acquire(MODEL))).toBe(false);
    clock.now = midnight;
    expect(serve(3)).toEqual(['p1', 'p1', 'p1']);
  });

  it('reserves a request at the choice, so concurrent requests respect the limit, and refunds uncharged ones', () => {
    const limits = [{ projectId: null, model: MODEL, rpm: 2, tpm: null, rpd: null }];
    const { pool } = setup([{ account: 'a', project: 'p1', keys: 1 }], {}, limits);
    const first = pool.acquire(MODEL) as KeyLease;
    const second = pool.acquire(MODEL) as KeyLease;
    expect(isLease(first) && isLease(second)).toBe(true);
    expect(isLease(pool.acquire(MODEL))).toBe(false);
    pool.reportFailure(first, MODEL, { kind: 'upstream-unavailable', status: 503 });
    pool.reportFailure(first, MODEL, { kind: 'upstream-unavailable', status: 503 }); // refunded once only
    const third = pool.acquire(MODEL) as KeyLease;
    expect(isLease(third)).toBe(true);
    pool.release(second); // the client hung up
    pool.reportSuccess(third, MODEL);
    pool.release(third); // already counted: nothing to give back
    expect(isLease(pool.acquire(MODEL))).toBe(true);
    expect(isLease(pool.acquire(MODEL))).toBe(false);
  });

  it('remembers that a tier has nothing until a time, and forgets it when a reservation comes back', () => {
    const limits = [{ projectId: null, model: MODEL, rpm: 1, tpm: null, rpd: null }];
    const { pool, serve, take } = setup(
      [
        { account: 'a', project: 'p1', keys: 1 },
        { account: 'spare', tier: 'backup', project: 'b1', keys: 1 },
      ],
      {},
      [...limits, { projectId: 'b1', model: MODEL, rpm: Infinity, tpm: null, rpd: null }],
    );
    const held = take();
    expect(held.projectId).toBe('p1');
    expect(serve(3)).toEqual(['b1', 'b1', 'b1']);
    pool.release(held, MODEL); // the client hung up: p1 has room again, at once
    expect(serve(2)).toEqual(['p1', 'b1']);
  });

  it('skips a project whose tokens this minute reached its TPM', () => {
    const limits = [{ projectId: null, model: MODEL, rpm: null, tpm: 1000, rpd: null }];
    const { pool, take } = setup(THREE.slice(0, 2), {}, limits);
    const lease = take();
    pool.reportSuccess(lease, MODEL);
    pool.recordTokens(lease, MODEL, 1000);
    expect([take().projectId, take().projectId]).toEqual(['p2', 'p2']);
  });
});

describe('key pool: outcomes', () => {
  it('cools a project down for exactly the retry delay of its 429, for that model only', () => {
    const cooled: string[] = [];
    const { pool, clock, take, serve } = setup(THREE, {
      onCooldown: (state) => cooled.push(`${state.projectId}/${state.model}/${state.coolUntil - T0}`),
    });
    const lease = take();
    pool.reportFailure(lease, MODEL, rateLimited(2000));
    expect(cooled).toEqual([`p1/${MODEL}/2000`]);
    expect(serve(4)).toEqual(['p2', 'p3', 'p2', 'p3']);
    expect(serve(1, undefined, 'gemini-2.5-pro')).toEqual(['p1']);
    clock.now = T0 + 1999;
    expect(serve(2)).not.toContain('p1');
    clock.now = T0 + 2000;
    expect(serve(3)).toContain('p1');
  });

  it('cools a per-day 429 until midnight Pacific, and one without RetryInfo for a minute', () => {
    const { pool, take } = setup(THREE.slice(0, 2));
    pool.reportFailure(take(), MODEL, rateLimited(30_000, 'day'));
    pool.reportFailure(take(), MODEL, rateLimited(null));
    expect(pool.acquire(MODEL)).toEqual({ kind: 'all-cooling', retryAt: T0 + 60_000 });
    const states = pool.describe();
    expect(states.find((s) => s.projectId === 'p1')?.coolingUntil).toBe(nextPacificMidnight(T0));
  });

  it('removes a key Gemini refuses at once; other keys of its project still serve', () => {
    const dead: string[] = [];
    const { pool, take, serve } = setup(THREE, {
      onKeyDead: (key, reason) => dead.push(`${key.keyId}:${reason}`),
    });
    const lease = take();
    expect(lease.keyId).toBe('p1-k0');
    pool.reportFailure(lease, MODEL, { kind: 'key-invalid', reason: 'API_KEY_INVALID' });
    expect(dead).toEqual(['p1-k0:API_KEY_INVALID']);
    const keys = Array.from({ length: 9 }, () => take().keyId);
    expect(keys).not.toContain('p1-k0');
    expect(keys).toContain('p1-k1');
    pool.reportFailure(take({ exclude: new Set(['p2-k0', 'p3-k0']) }), MODEL, {
      kind: 'key-denied',
      reason: 'CONSUMER_SUSPENDED',
    });
    expect(serve(4)).toEqual(['p2', 'p3', 'p2', 'p3']);
  });

  it('never blames a key for 5xx, network failures or the client’s own mistakes', () => {
    const hooks = {
      onKeyDead: () => expect.fail('no key may die'),
      onCooldown: () => expect.fail('no cooldown'),
    };
    const { pool, take } = setup(THREE, hooks);
    for (const failure of [
      { kind: 'upstream-unavailable', status: 503 },
      { kind: 'upstream-unavailable', status: 502 },
      { kind: 'client-error', status: 400 },
      { kind: 'not-found', status: 404 },
    ] as UpstreamVerdict[]) {
      pool.reportFailure(take(), MODEL, failure);
    }
    expect(pool.keyCounts()).toEqual({ usable: 4, cooling: 0 });
    expect(pool.describe().every((s) => s.dayRequests === 0)).toBe(true);
  });

  it('says why nothing can serve: empty, all dead, all cooling (until when), none allowed, all tried', () => {
    const down: string[] = [];
    const recovered: string[] = [];
    const hooks = {
      onPoolDown: (model: string, why: { kind: string }) => down.push(`${model}:${why.kind}`),
      onPoolRecovered: (model: string) => recovered.push(model),
    };
    expect(setup([]).pool.acquire(MODEL)).toEqual({ kind: 'empty' });

    const { pool, clock, take } = setup(THREE.slice(0, 2), hooks);
    expect(pool.acquire(MODEL, { exclude: new Set(['p1-k0', 'p1-k1', 'p2-k0']) })).toEqual({
      kind: 'all-tried',
    });
    expect(pool.acquire(MODEL, { allowedAccountIds: ['nobody'] })).toEqual({ kind: 'none-allowed' });
    expect(pool.acquire(MODEL, { allowedTiers: ['backup'] })).toEqual({ kind: 'none-allowed' });
    expect(down).toEqual([]);

    pool.reportFailure(take(), MODEL, rateLimited(5000));
    pool.reportFailure(take(), MODEL, rateLimited(3000));
    expect(pool.acquire(MODEL)).toEqual({ kind: 'all-cooling', retryAt: T0 + 3000 });
    expect(pool.acquire(MODEL)).toEqual({ kind: 'all-cooling', retryAt: T0 + 3000 });
    expect(down).toEqual([`${MODEL}:all-cooling`]);
    clock.now = T0 + 3000;
    expect(take().projectId).toBe('p2');
    expect(recovered).toEqual([MODEL]);

    for (const id of ['p1-k0', 'p1-k1', 'p2-k0']) {
      pool.reportFailure({ ...take(), keyId: id }, MODEL, { kind: 'key-invalid', reason: 'API_KEY_INVALID' });
    }
    expect(pool.acquire(MODEL)).toEqual({ kind: 'all-dead' });
    expect(down).toEqual([`${MODEL}:all-cooling`, `${MODEL}:all-dead`]);
  });

  it('honours client policies: allowed tiers and accounts', () => {
    const { serve } = setup([...THREE, { account: 'spare', tier: 'backup', project: 'b1', keys: 1 }]);
    expect(count(serve(4, { allowedAccountIds: ['b'] }))).toEqual({ p3: 4 });
    expect(count(serve(2, { allowedTiers: ['backup'] }))).toEqual({ b1: 2 });
    expect(count(serve(4, { allowedAccountIds: ['a', 'spare'] }))).toEqual({ p1: 2, p2: 2 });
  });
});

describe('key pool: strategies', () => {
  it('most-headroom sends requests where the most of the quota is left', () => {
    const limits = [
      { projectId: null, model: MODEL, rpm: 10, tpm: null, rpd: Infinity },
      { projectId: 'p3', model: MODEL, rpm: 40, tpm: null, rpd: null },
    ];
    const { pool, serve } = setup(THREE, {}, limits);
    pool.configure({ strategy: 'most-headroom' });
    // 60 requests fill 10 + 10 + 40 exactly: every project ends at its limit together.
    expect(count(serve(60))).toEqual({ p1: 10, p2: 10, p3: 40 });
    expect(pool.acquire(MODEL)).toMatchObject({ kind: 'all-cooling' });
  });

  it('most-headroom takes equals in turn', () => {
    const { pool, serve } = setup(THREE);
    pool.configure({ strategy: 'most-headroom' });
    expect(serve(6)).toEqual(['p1', 'p2', 'p3', 'p1', 'p2', 'p3']);
  });

  it('weighted shares requests in proportion to the daily limits', () => {
    const limits = [
      { projectId: null, model: MODEL, rpm: Infinity, tpm: Infinity, rpd: 1000 },
      { projectId: 'p3', model: MODEL, rpm: null, tpm: null, rpd: 3000 },
    ];
    const { pool, serve } = setup(THREE, {}, limits);
    pool.configure({ strategy: 'weighted' });
    const spread = count(serve(1000));
    expect(spread.p3! / 1000).toBeGreaterThan(0.5);
    expect(spread.p3! / 1000).toBeLessThan(0.7);
    expect(spread.p1! + spread.p2!).toBe(1000 - spread.p3!);
  });

  it('weighted still finds the one project that can serve', () => {
    const { pool, take } = setup(THREE);
    pool.configure({ strategy: 'weighted' });
    pool.reportFailure(take({ excludeProjects: new Set(['p2', 'p3']) }), MODEL, rateLimited(60_000));
    pool.reportFailure(take({ excludeProjects: new Set(['p1', 'p3']) }), MODEL, rateLimited(60_000));
    for (let i = 0; i < 20; i++) expect(take().projectId).toBe('p3');
  });
});

describe('key pool: stickiness', () => {
  const first = { key: 'conversation-1', follow: false };
  const later = { key: 'conversation-1', follow: true };

  it('keeps a conversation on the project it started on', () => {
    const { serve } = setup(THREE);
    const [start] = serve(1, { affinity: first });
    serve(1);
    expect(serve(5, { affinity: later })).toEqual(Array(5).fill(start));
  });

  it('moves a conversation when its project cannot serve, and stays on the new one', () => {
    const { pool, take, serve } = setup(THREE);
    const lease = take({ affinity: first });
    pool.reportFailure(lease, MODEL, rateLimited(60_000));
    const [moved] = serve(1, { affinity: later });
    expect(moved).not.toBe(lease.projectId);
    expect(serve(3, { affinity: later })).toEqual([moved, moved, moved]);
  });

  it('does not follow a first turn, nor anything when stickiness is off', () => {
    const { pool, serve } = setup(THREE);
    expect(serve(3, { affinity: first })).toEqual(['p1', 'p2', 'p3']);
    pool.configure({ stickiness: false });
    expect(serve(3, { affinity: later })).toEqual(['p1', 'p2', 'p3']);
  });

  it('does not let a sticky backup project win over a primary that can serve again', () => {
    const { pool, clock, take, serve } = setup([
      { account: 'a', project: 'p1', keys: 1 },
      { account: 'spare', tier: 'backup', project: 'b1', keys: 1 },
    ]);
    pool.reportFailure(take(), MODEL, rateLimited(1000));
    expect(serve(1, { affinity: first })).toEqual(['b1']);
    clock.now += 1000;
    expect(serve(1, { affinity: later })).toEqual(['p1']);
  });
});

describe('key pool: state', () => {
  it('keeps counters, cooldowns and cursors when keys are reloaded', () => {
    const limits = [{ projectId: null, model: MODEL, rpm: 3, tpm: null, rpd: null }];
    const { pool, serve, take } = setup(THREE, {}, limits);
    serve(3);
    pool.reportFailure(take(), MODEL, rateLimited(60_000));
    pool.load(keysFor([...THREE, { account: 'c', project: 'p4', keys: 1 }]));
    expect(count(serve(7))).toEqual({ p2: 2, p3: 2, p4: 3 });
  });

  it('keeps state for a bounded number of models, never dropping one that is cooling', () => {
    const { pool, take } = setup(THREE);
    pool.reportFailure(take(undefined, 'gemini-2.5-pro'), 'gemini-2.5-pro', rateLimited(60_000));
    for (let i = 0; i < 400; i++) pool.release(take(undefined, `typo-model-${i}`));
    const models = new Set(pool.describe().map((s) => s.model));
    expect(models.size).toBeLessThanOrEqual(256);
    expect(models.has('gemini-2.5-pro')).toBe(true);
    expect(models.has('typo-model-399')).toBe(true);
  });

  it('hands its counters over for saving and takes them back after a restart', () => {
    const { pool, serve, take } = setup(THREE);
    serve(4);
    pool.reportFailure(take(), MODEL, rateLimited(30_000));
    const saved = pool.takeDirty();
    expect(pool.takeDirty()).toEqual([]);
    const cooling = pool
      .describe()
      .filter((s) => s.coolingUntil !== null)
      .map((s) => ({
        projectId: s.projectId,
        model: s.model,
        until: s.coolingUntil!,
        scope: s.coolScope,
        quotaId: null,
      }));

    const again = setup(THREE);
    again.pool.restore(cooling, saved);
    const byProject = Object.fromEntries(again.pool.describe().map((s) => [s.projectId, s]));
    expect(byProject.p1).toMatchObject({ dayRequests: 2, minuteRequests: 2 });
    expect(byProject.p3).toMatchObject({ dayRequests: 1 });
    expect(byProject.p2?.coolingUntil).toBe(T0 + 30_000);
    expect(again.serve(2)).toEqual(['p1', 'p3']);
  });
});

describe('preferred project (signature routing) and client policy', () => {
  it('serves from the preferred project while it can, and never outside the policy', () => {
    const { take } = setup([
      { account: 'acc_a', project: 'prj_a', keys: 1 },
      { account: 'acc_b', project: 'prj_b', keys: 1 },
      { account: 'acc_c', tier: 'backup', project: 'prj_c', keys: 1 },
    ]);
    for (let i = 0; i < 3; i++) expect(take({ preferProjectId: 'prj_b' }).projectId).toBe('prj_b');
    expect(take({ preferProjectId: 'prj_a', allowedAccountIds: ['acc_b'] }).projectId).toBe('prj_b');
    expect(take({ preferProjectId: 'prj_a', allowedTiers: ['backup'] }).projectId).toBe('prj_c');
  });
});

describe('only one project (the owner of a file or cached content)', () => {
  it('serves from that project alone, and says so when it cannot: cooling till when, out of policy, no key', () => {
    const down: string[] = [];
    const { pool, take, serve } = setup(THREE, { onPoolDown: (model) => down.push(model) });
    expect(count(serve(4, { onlyProjectId: 'p2' }))).toEqual({ p2: 4 });
    // A backup project's file is served there even while primaries can serve.
    const withBackup = setup([...THREE, { account: 'spare', tier: 'backup', project: 'b1', keys: 1 }]);
    expect(withBackup.take({ onlyProjectId: 'b1' }).projectId).toBe('b1');

    pool.reportFailure(take({ onlyProjectId: 'p2' }), MODEL, rateLimited(7000));
    expect(pool.acquire(MODEL, { onlyProjectId: 'p2' })).toEqual({ kind: 'all-cooling', retryAt: T0 + 7000 });
    // The rest of the pool still serves, and one project cooling is no outage of the pool.
    expect(take().projectId).not.toBe('p2');
    expect(down).toEqual([]);
    expect(pool.acquire(MODEL, { onlyProjectId: 'p3', allowedAccountIds: ['a'] })).toEqual({
      kind: 'none-allowed',
    });
    expect(pool.acquire(MODEL, { onlyProjectId: 'p3', exclude: new Set(['p3-k0']) })).toEqual({
      kind: 'all-tried',
    });
    expect(pool.acquire(MODEL, { onlyProjectId: 'removed-project' })).toEqual({ kind: 'all-dead' });
  });
});
