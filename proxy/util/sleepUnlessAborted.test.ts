import { describe, expect, it } from 'vitest';
import { sleepUnlessAborted } from './sleepUnlessAborted.js';

describe('sleepUnlessAborted', () => {
  it('resolves true once the time has passed', async () => {
    const started = performance.now();
    await expect(sleepUnlessAborted(20, new AbortController().signal)).resolves.toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('resolves false at once for a signal already aborted, and as soon as one aborts', async () => {
    await expect(sleepUnlessAborted(10_000, AbortSignal.abort())).resolves.toBe(false);
    const controller = new AbortController();
    const waiting = sleepUnlessAborted(10_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    const started = performance.now();
    await expect(waiting).resolves.toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('waits without a signal', async () => {
    await expect(sleepUnlessAborted(1, undefined)).resolves.toBe(true);
  });
});
