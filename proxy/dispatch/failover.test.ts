import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { QuotaAwarePool } from '../pool/quotaAwarePool.js';
import type { KeyLease, PoolKey } from '../pool/keyPool.js';
import { classifyFailure, isGoogleErrorBody } from '../upstream/classifyOutcome.js';
import { UpstreamNetworkError, type UpstreamResponse } from '../upstream/geminiClient.js';
import { PoolUnavailable, UpstreamFailure, UpstreamUnreachable } from '../failures/failures.js';
import { openWithFailover, type FailoverCall } from './failover.js';

const MODEL = 'gemini-2.5-flash';

/** Two projects of one key each, then a third: enough to see which project a retry goes to. */
function pool(projects = ['p1', 'p2', 'p3']) {
  const keys: PoolKey[] = projects.map((project) => ({
    keyId: `${project}-key`,
    projectId: project,
    accountId: 'acct',
    tier: 'primary',
    apiKey: `secret-${project}`,
    masked: '…',
  }));
  const quota = new QuotaAwarePool();
  quota.setLimits([{ projectId: null, model: '*', rpm: Infinity, tpm: Infinity, rpd: Infinity }]);
  quota.load(keys);
  return quota;
}

type Answer = number | 'network' | { status: number; error: object };

/** An answer as undici hands it over: a readable body that can also be read whole as text. */
const response = (status: number, body: unknown = {}): UpstreamResponse => {
  const json = JSON.stringify(body);
  const readable = Object.assign(Readable.from([Buffer.from(json)]), { text: async () => json });
  return { status, headers: {}, body: readable } as unknown as UpstreamResponse;
};

const googleError = (code: number, status: string, details: object[] = []) => ({
  error: { code, message: status, status, details },
});
const RATE_LIMITED = {
  status: 429,
  error: googleError(429, 'RESOURCE_EXHAUSTED', [
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30s' },
  ]),
};
const OVERLOADED = { status: 503, error: googleError(503, 'UNAVAILABLE') };
const BAD_REQUEST = { status: 400, error: googleError(400, 'INVALID_ARGUMENT') };
const KEY_INVALID = {
  status: 400,
  error: googleError(400, 'INVALID_ARGUMENT', [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' },
  ]),
};

/** A call whose upstream answers each try in turn, with the keys it was sent with. */
function scripted(answers: Answer[], quota = pool()) {
  const tried: KeyLease[] = [];
  const call: FailoverCall = {
    pool: quota,
    model: MODEL,
    acquire: { exclude: new Set() },
    send: async (lease) => {
      tried.push(lease);
      const answer = answers[tried.length - 1] ?? 200;
      if (answer === 'network') throw new UpstreamNetworkError('connection refused');
      return typeof answer === 'number' ? response(answer) : response(answer.status, answer.error);
    },
    failureOf: (res, body) => {
      const google = isGoogleErrorBody(body) ? body : undefined;
      const verdict = classifyFailure(res.status, google);
      return { verdict, failure: new UpstreamFailure(res.status, google, verdict) };
    },
    unreachable: (error) => new UpstreamUnreachable(error.message),
    unavailable: (shortfall, retryAt) => new PoolUnavailable(shortfall, MODEL, retryAt),
  };
  return { call, tried, quota };
}

describe('the failover loop: a key that gets a 2xx before any byte reaches the client', () => {
  it.each<[string, Answer[], { keys: number; projects?: string[]; status?: number }]>([
    ['a 200 at once', [200], { keys: 1, status: 200 }],
    ['a rate-limited key: the next key', [RATE_LIMITED, 200], { keys: 2, status: 200 }],
    ['a dead key: the next key', [KEY_INVALID, 200], { keys: 2, status: 200 }],
    ['overloaded: another project', [OVERLOADED, 200], { keys: 2, projects: ['p1', 'p2'], status: 200 }],
    ['unreachable: another project', ['network', 200], { keys: 2, projects: ['p1', 'p2'], status: 200 }],
  ])('%s', async (_name, answers, expected) => {
    const { call, tried } = scripted(answers);
    const opened = await openWithFailover(call, { backoffMs: 1 });
    expect(opened.response.status).toBe(expected.status);
    expect(tried).toHaveLength(expected.keys);
    if (expected.projects) expect(tried.map((lease) => lease.projectId)).toEqual(expected.projects);
    expect(opened.attempts.map((attempt) => attempt.keyId)).toEqual(tried.map((lease) => lease.keyId));
  });

  it("sends the client's own mistake straight back, and holds it against no key", async () => {
    const { call, tried, quota } = scripted([BAD_REQUEST]);
    await expect(openWithFailover(call)).rejects.toMatchObject({ status: 400 });
    expect(tried).toHaveLength(1);
    // The key is as good as before: neither cooling nor dead, the next call may use it.
    const others = new Set(['p2', 'p3']);
    expect(quota.acquire(MODEL, { excludeProjects: others })).toMatchObject({ keyId: tried[0]!.keyId });
  });

  it("throws the last key's own error once every key was tried", async () => {
    const { call, tried } = scripted([OVERLOADED, OVERLOADED, OVERLOADED]);
    const failure = await openWithFailover(call, { backoffMs: 1 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamFailure);
    expect((failure as UpstreamFailure).status).toBe(503);
    expect(tried).toHaveLength(3);
  });

  it('says what the pool says when no key could even be tried (every project cooling, till when)', async () => {
    const quota = pool(['only']);
    const first = scripted([RATE_LIMITED], quota);
    await openWithFailover(first.call).catch(() => undefined);
    const second = scripted([200], quota);
    const failure = await openWithFailover(second.call).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PoolUnavailable);
    expect((failure as PoolUnavailable).shortfall).toBe('all-cooling');
    expect((failure as PoolUnavailable).retryAfterMs).toBeGreaterThan(25_000);
    expect(second.tried).toHaveLength(0);
  });

  it('pauses before trying elsewhere after an overload, longer each time', async () => {
    const { call } = scripted([OVERLOADED, OVERLOADED, 200]);
    const started = performance.now();
    await openWithFailover(call, { backoffMs: 40 });
    // 40 ms after the first overload, 80 ms after the second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('tries at most maxAttempts keys (1 for a body that can be sent only once)', async () => {
    const { call, tried } = scripted([OVERLOADED, 200]);
    await expect(openWithFailover({ ...call, maxAttempts: 1 })).rejects.toMatchObject({ status: 503 });
    expect(tried).toHaveLength(1);
  });

  it('gives the key back, unjudged, when the client leaves during the pause', async () => {
    const controller = new AbortController();
    const { call, tried, quota } = scripted([OVERLOADED, 200], pool(['p1', 'p2']));
    setTimeout(() => controller.abort(), 20);
    await expect(
      openWithFailover({ ...call, signal: controller.signal }, { backoffMs: 500 }),
    ).rejects.toThrow();
    expect(tried).toHaveLength(1);
    // p2's key was leased for the second try and handed back: it serves the next call.
    expect(quota.acquire(MODEL, { excludeProjects: new Set(['p1']) })).toMatchObject({ projectId: 'p2' });
  });
});
