import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PoolUnavailable, UpstreamFailure, UpstreamUnreachable } from '../failures/failures.js';
import { MAX_OPEN_WAITS, openWithPatience, retryWaitMs } from './openWithPatience.js';

const MODEL = 'gemini-2.5-flash';
const NOW = 1_000_000;
const rateLimited = (retryAfterMs: number | null) =>
  new UpstreamFailure(429, undefined, { kind: 'rate-limited', scope: 'minute', retryAfterMs, quotaId: null });
const overloaded = () => new UpstreamFailure(503, undefined, { kind: 'upstream-unavailable', status: 503 });
const badRequest = () => new UpstreamFailure(400, undefined, { kind: 'client-error', status: 400 });
const allCooling = (forMs: number) => new PoolUnavailable('all-cooling', MODEL, NOW + forMs, NOW);

/** An `open` that throws the given failures in turn, then opens. */
function opener(...failures: unknown[]) {
  const open = vi.fn(async () => {
    const failure = failures.shift();
    if (failure !== undefined) throw failure;
    return 'opened';
  });
  return open;
}

describe('open with patience: how long to wait after each failure', () => {
  it.each([
    ['every key cooling for 1.5 s', allCooling(1500), 2000],
    ['every key cooling for 30 s', allCooling(30_000), 30_000],
    ['every key already tried', new PoolUnavailable('all-tried', MODEL), 1000],
    ['no key allowed by policy', new PoolUnavailable('none-allowed', MODEL), 1000],
    ['a 429 with a retry delay of 2.2 s', rateLimited(2200), 3000],
    ['a 429 without a retry delay', rateLimited(null), undefined],
    ['a 503', overloaded(), 1000],
    ['Gemini unreachable', new UpstreamUnreachable('ECONNRESET'), 1000],
    ['a 400 (the request itself is wrong)', badRequest(), undefined],
    ['anything else', new Error('boom'), undefined],
  ])('%s: %s ms', (_name, error, wait) => {
    expect(retryWaitMs(error)).toBe(wait);
  });
});

describe('open with patience', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens at once when a key is free', async () => {
    const open = opener();
    expect(await openWithPatience(open, new AbortController().signal)).toEqual({ opened: 'opened' });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it("waits out a rate limit's own delay, then opens", async () => {
    const open = opener(rateLimited(2000));
    const result = openWithPatience(open, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(1999);
    expect(open).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toEqual({ opened: 'opened' });
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('gives up at once on a failure no wait can fix, with that failure', async () => {
    const failure = badRequest();
    const open = opener(failure);
    expect(await openWithPatience(open, new AbortController().signal)).toEqual({ failed: failure });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('gives up rather than wait longer than 30 s at once', async () => {
    const failure = allCooling(31_000);
    expect(await openWithPatience(opener(failure), new AbortController().signal)).toEqual({
      failed: failure,
    });
  });

  it(`waits at most ${MAX_OPEN_WAITS} times, then gives up with the last failure`, async () => {
    const failures = [overloaded(), overloaded(), overloaded(), overloaded(), overloaded()];
    const open = opener(...failures);
    const result = openWithPatience(open, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await result).toEqual({ failed: failures[MAX_OPEN_WAITS] });
    expect(open).toHaveBeenCalledTimes(MAX_OPEN_WAITS + 1);
  });

  it('stops waiting as soon as the client leaves', async () => {
    const client = new AbortController();
    const open = opener(allCooling(20_000));
    const result = openWithPatience(open, client.signal);
    await vi.advanceTimersByTimeAsync(5000);
    client.abort();
    expect(await result).toEqual({ aborted: true });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('takes a failure after the client left for the client leaving', async () => {
    const client = new AbortController();
    client.abort();
    expect(await openWithPatience(opener(badRequest()), client.signal)).toEqual({ aborted: true });
  });
});
