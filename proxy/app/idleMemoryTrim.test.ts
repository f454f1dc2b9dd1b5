import { afterEach, describe, expect, it, vi } from 'vitest';
import { fullCollection, startIdleMemoryTrim } from './idleMemoryTrim.js';

describe('startIdleMemoryTrim', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function traffic() {
    let total = 0;
    const collect = vi.fn();
    vi.useFakeTimers();
    const stop = startIdleMemoryTrim({ requestsTotal: () => total, collect, quietMs: 10_000 });
    return { collect, stop, serve: (n = 1) => (total += n) };
  }

  it('collects once after a burst, when the gateway has been quiet long enough', () => {
    const { collect, stop, serve } = traffic();
    for (let second = 0; second < 30; second++) {
      serve(50);
      vi.advanceTimersByTime(1000);
    }
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(9_000);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5_000);
    expect(collect).toHaveBeenCalledTimes(1);
    // Staying idle does not collect again; the next burst does.
    vi.advanceTimersByTime(120_000);
    expect(collect).toHaveBeenCalledTimes(1);
    serve();
    vi.advanceTimersByTime(15_000);
    expect(collect).toHaveBeenCalledTimes(2);
    stop();
  });

  it('never collects a gateway that has served nothing', () => {
    const { collect, stop } = traffic();
    vi.advanceTimersByTime(600_000);
    expect(collect).not.toHaveBeenCalled();
    stop();
  });
});

describe('fullCollection', () => {
  it('frees garbage the heap was holding', () => {
    const collect = fullCollection();
    expect(collect).toBeTypeOf('function');
    collect!();
    const before = process.memoryUsage().heapUsed;
    // Unreachable once this returns: about 40 MB of strings for the collection to find.
    const grown = (() => {
      const garbage = Array.from({ length: 40 }, (_, round) =>
        Array.from({ length: 20_000 }, (_, i) => `${round}:${i}:${'x'.repeat(20)}`),
      );
      return garbage.length > 0 ? process.memoryUsage().heapUsed : 0;
    })();
    expect(grown - before).toBeGreaterThan(30 * 2 ** 20);
    collect!();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 2 ** 20);
  });
});
