import { describe, expect, it } from 'vitest';
import type { AcquireOptions, NoLease, PoolKey } from './keyPool.js';
import type { LimitOverride } from './limits.js';
import { Leases, PoolLease, type LeaseConfig } from './leases.js';
import { ModelBooks } from './modelBooks.js';
import { ProjectTable } from './projectTable.js';
import { MINUTE_MS } from './quotaState.js';
import type { Tier } from './tier.js';

const MODEL = 'gemini-2.5-flash';
/** 2026-01-15 12:00:10 PST: mid-minute, mid-day. */
const T0 = Date.parse('2026-01-15T20:00:10Z');

interface Spec {
  project: string;
  account?: string;
  tier?: Tier;
  keys?: number;
}

function keysFor(specs: Spec[]): PoolKey[] {
  return specs.flatMap(({ project, account = 'acc', tier = 'primary', keys = 1 }) =>
    Array.from({ length: keys }, (_, i) => ({
      keyId: `${project}-k${i}`,
      projectId: project,
      accountId: account,
      tier,
      apiKey: `secret-${project}-${i}`,
      masked: `…${i}`,
    })),
  );
}

const unlimited: LimitOverride = { projectId: null, model: '*', rpm: Infinity, tpm: Infinity, rpd: Infinity };

function setup(specs: Spec[], limits: LimitOverride[] = [unlimited], config?: LeaseConfig) {
  const clock = { now: T0 };
  const dead: string[] = [];
  const table = new ProjectTable();
  const books = new ModelBooks(table);
  const leases = new Leases(
    table,
    books,
    { onKeyDead: (key, reason) => dead.push(`${key.keyId}:${reason}`) },
    () => clock.now,
  );
  if (config) leases.configure(config);
  books.setLimits(limits);
  books.reslot(table.load(keysFor(specs)));
  const take = (options: AcquireOptions = {}): PoolLease => {
    const lease = leases.acquire(MODEL, options);
    if (!(lease instanceof PoolLease)) throw new Error(`no lease: ${lease.kind}`);
    return lease;
  };
  const projects = (n: number, options: AcquireOptions = {}) =>
    Array.from({ length: n }, () => {
      const lease = take(options);
      leases.succeeded(lease);
      return lease.projectId;
    });
  const standing = (projectId: string) => books.stateOf(projectId, MODEL, clock.now)!;
  return { clock, dead, leases, take, projects, standing };
}

const rateLimited = (retryAfterMs: number) =>
  ({ kind: 'rate-limited', scope: 'minute', retryAfterMs, quotaId: null }) as const;

describe('leases: choosing a project', () => {
  it('serves from primary projects, and from backup ones only while no primary can', () => {
    const { leases, take, projects } = setup([
      { project: 'p1' },
      { project: 'b1', tier: 'backup' },
      { project: 'p2' },
    ]);
    expect(projects(4)).toEqual(['p1', 'p2', 'p1', 'p2']);
    leases.failed(take(), MODEL, rateLimited(1000));
    leases.failed(take(), MODEL, rateLimited(1000));
    expect(projects(2)).toEqual(['b1', 'b1']);
  });

  it('keeps to the client’s policy: its tiers and its accounts', () => {
    const { projects } = setup([
      { project: 'p1', account: 'a' },
      { project: 'p2', account: 'b' },
      { project: 'b1', account: 'spare', tier: 'backup' },
    ]);
    expect(projects(2, { allowedAccountIds: ['b'] })).toEqual(['p2', 'p2']);
    expect(projects(2, { allowedTiers: ['backup'] })).toEqual(['b1', 'b1']);
  });

  it('moves off projects and keys the request has already tried', () => {
    const { take } = setup([{ project: 'p1', keys: 2 }, { project: 'p2' }]);
    expect(take({ excludeProjects: new Set(['p1']) }).projectId).toBe('p2');
    expect(take({ exclude: new Set(['p1-k0']) }).keyId).toBe('p1-k1');
    expect(take({ exclude: new Set(['p1-k0', 'p1-k1']) }).projectId).toBe('p2');
  });

  it('sends a conversation to the project that minted its signatures, else where it started, while they can serve', () => {
    const { leases, take, projects } = setup([{ project: 'p1' }, { project: 'p2' }, { project: 'p3' }]);
    const start = { key: 'conversation', follow: false };
    const later = { key: 'conversation', follow: true };
    expect(projects(1, { affinity: start })).toEqual(['p1']);
    expect(projects(3, { affinity: later })).toEqual(['p1', 'p1', 'p1']);
    expect(projects(2, { affinity: later, preferProjectId: 'p3' })).toEqual(['p3', 'p3']);
    leases.failed(take({ preferProjectId: 'p1' }), MODEL, rateLimited(60_000));
    const [moved] = projects(1, { affinity: later });
    expect(moved).not.toBe('p1');
    expect(projects(2, { affinity: later })).toEqual([moved, moved]);
  });

  it('follows nothing with stickiness off', () => {
    const { projects } = setup([{ project: 'p1' }, { project: 'p2' }], [unlimited], {
      strategy: 'round-robin',
      stickiness: false,
    });
    projects(1, { affinity: { key: 'conversation', follow: false } });
    expect(projects(2, { affinity: { key: 'conversation', follow: true } })).toEqual(['p2', 'p1']);
  });

  it('says why nothing can serve', () => {
    const none = (specs: Spec[], options: AcquireOptions = {}): NoLease => {
      const lease = setup(specs).leases.acquire(MODEL, options);
      if (lease instanceof PoolLease) throw new Error('a lease');
      return lease;
    };
    expect(none([])).toEqual({ kind: 'empty' });
    expect(none([{ project: 'p1' }], { allowedTiers: ['backup'] })).toEqual({ kind: 'none-allowed' });
    expect(none([{ project: 'p1' }], { exclude: new Set(['p1-k0']) })).toEqual({ kind: 'all-tried' });

    const { clock, leases, take } = setup([{ project: 'p1' }, { project: 'p2' }]);
    leases.failed(take(), MODEL, rateLimited(5000));
    leases.failed(take(), MODEL, rateLimited(3000));
    expect(leases.acquire(MODEL, {})).toEqual({ kind: 'all-cooling', retryAt: T0 + 3000 });
    clock.now = T0 + 5000;
    for (let i = 0; i < 2; i++)
      leases.failed(take(), MODEL, { kind: 'key-invalid', reason: 'API_KEY_INVALID' });
    expect(leases.acquire(MODEL, {})).toEqual({ kind: 'all-dead' });
  });

  it('skips a tier that has nothing until a time, and looks again as soon as a reservation comes back', () => {
    const perMinute: LimitOverride = { ...unlimited, rpm: 1 };
    const { leases, take } = setup(
      [{ project: 'p1' }, { project: 'b1', tier: 'backup' }],
      [perMinute, { ...unlimited, projectId: 'b1' }],
    );
    const held = take();
    expect(held.projectId).toBe('p1');
    expect([take().projectId, take().projectId]).toEqual(['b1', 'b1']);
    leases.giveBack(held);
    expect(take().projectId).toBe('p1');
  });
});

describe('leases: settling', () => {
  it('counts a served request, and gives back one that Gemini did not charge, once', () => {
    const { leases, take, standing } = setup([{ project: 'p1' }]);
    const served = take();
    leases.succeeded(served);
    leases.giveBack(served);
    const refused = take();
    leases.failed(refused, MODEL, { kind: 'upstream-unavailable', status: 503 });
    leases.giveBack(refused);
    const abandoned = take();
    leases.giveBack(abandoned);
    expect(standing('p1').dayRequests).toBe(1);
  });

  it('takes a key Gemini refuses out of its project, telling the user', () => {
    const { leases, take, dead } = setup([{ project: 'p1', keys: 2 }]);
    leases.failed(take(), MODEL, { kind: 'key-denied', reason: 'CONSUMER_SUSPENDED' });
    expect(dead).toEqual(['p1-k0:CONSUMER_SUSPENDED']);
    expect([take().keyId, take().keyId]).toEqual(['p1-k1', 'p1-k1']);
  });

  it('judges a key it did not hand out by its project, with no reservation to give back', () => {
    const { leases, take, standing } = setup([{ project: 'p1', keys: 2 }, { project: 'p2' }]);
    const [stranger] = keysFor([{ project: 'p1' }]);
    leases.giveBack(stranger!);
    leases.failed(stranger!, MODEL, rateLimited(60_000));
    expect(standing('p1').coolUntil).toBe(T0 + 60_000);
    expect(take().projectId).toBe('p2');
    leases.recordTokens(stranger!, MODEL, 10);
    expect(standing('p1').minuteTokens).toBe(10);
  });

  it('counts input tokens in the minute the request was sent', () => {
    const { clock, leases, take, standing } = setup([{ project: 'p1' }]);
    const early = take();
    leases.recordTokens(early, MODEL, 100);
    leases.recordTokens(early, MODEL, 0);
    expect(standing('p1').minuteTokens).toBe(100);
    clock.now = T0 - (T0 % MINUTE_MS) + MINUTE_MS;
    take();
    leases.recordTokens(early, MODEL, 500); // its minute is over: no count to add to
    expect(standing('p1').minuteTokens).toBe(0);
  });
});
