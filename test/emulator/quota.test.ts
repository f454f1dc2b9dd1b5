import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from './index.js';
import { ask, call, errorOf } from './testing.js';
import type { Emulator } from './types.js';

// A clock the tests move by hand: 2025-07-01 20:00:10 UTC = 13:00:10 in Los Angeles (PDT).
let now = Date.UTC(2025, 6, 1, 20, 0, 10);
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ now: () => now });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  now = Date.UTC(2025, 6, 1, 20, 0, 10);
});

async function status(key: string, model = 'gemini-2.5-flash'): Promise<number> {
  return (await call(emu, ask('hi'), { key, model })).status;
}

describe('quotas', () => {
  it('RPM: a genuine 429 whose retryDelay is the time to the next minute', async () => {
    const key = emu.newKey();
    emu.setQuota({ rpm: 2 });
    expect(await status(key)).toBe(200);
    expect(await status(key)).toBe(200);
    const res = await call(emu, ask('hi'), { key });
    expect(res.status).toBe(429);
    const error = await errorOf(res);
    expect(error.details?.[0]?.violations?.[0]).toMatchObject({
      quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
      quotaValue: '2',
      quotaDimensions: { model: 'gemini-2.5-flash' },
    });
    expect(error.details?.find((d) => d.retryDelay)?.retryDelay).toBe('50s');
    expect(error.message).toContain('Please retry in 50s.');
    // Other models have their own counters; the next minute starts afresh.
    expect(await status(key, 'gemini-2.5-pro')).toBe(200);
    now += 50_000;
    expect(await status(key)).toBe(200);
  });

  it('keys of one project share the budget; other projects do not', async () => {
    const [a, b, c] = [emu.newKey(), emu.newKey(), emu.newKey()];
    emu.setProject(a, 'team');
    emu.setProject(b, 'team');
    emu.setQuota({ projectId: 'team', rpm: 1 });
    expect(await status(a)).toBe(200);
    expect(await status(b)).toBe(429);
    expect(await status(c)).toBe(200);
    expect(await status(c)).toBe(200);
  });

  it('RPD: per-day quota id, retryDelay until midnight in Los Angeles', async () => {
    const key = emu.newKey();
    emu.setQuota({ model: 'gemini-2.5-pro', rpd: 1 });
    expect(await status(key, 'gemini-2.5-pro')).toBe(200);
    const error = await errorOf(await call(emu, ask('hi'), { key, model: 'gemini-2.5-pro' }));
    expect(error.details?.[0]?.violations?.[0]?.quotaId).toBe(
      'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
    );
    // 13:00:10 PDT → midnight PDT is 10 h 59 min 50 s away.
    expect(error.details?.find((d) => d.retryDelay)?.retryDelay).toBe(`${11 * 3600 - 10}s`);
    expect(await status(key)).toBe(200);
    now = Date.UTC(2025, 6, 2, 6, 59, 59); // 23:59:59 PDT, same Pacific day
    expect(await status(key, 'gemini-2.5-pro')).toBe(429);
    now = Date.UTC(2025, 6, 2, 7, 0, 0); // midnight PDT
    expect(await status(key, 'gemini-2.5-pro')).toBe(200);
  });

  it('TPM counts prompt tokens', async () => {
    const key = emu.newKey();
    emu.setQuota({ tpm: 10 });
    const long = ask('x'.repeat(32)); // 8 tokens
    expect((await call(emu, long, { key })).status).toBe(200);
    const res = await call(emu, long, { key });
    expect(res.status).toBe(429);
    expect((await errorOf(res)).details?.[0]?.violations?.[0]?.quotaId).toBe(
      'GenerateContentInputTokensPerModelPerMinute-FreeTier',
    );
  });

  it('a refused request is not charged, and reset clears quotas and counters', async () => {
    const key = emu.newKey();
    emu.setQuota({ rpm: 1 });
    expect(await status(key)).toBe(200);
    expect(await status(key)).toBe(429);
    expect(await status(key)).toBe(429);
    emu.reset();
    expect(await status(key)).toBe(200);
    expect(await status(key)).toBe(200);
  });
});
