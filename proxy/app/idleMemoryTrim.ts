import v8 from 'node:v8';
import vm from 'node:vm';

/** How long the gateway must have been quiet, after serving requests, before memory is given back. */
export const QUIET_MS = 10_000;
const CHECK_MS = 2_500;

export interface IdleMemoryTrimOptions {
  /** Requests served so far (the traffic meter's total): a change means the gateway is busy. */
  requestsTotal: () => number;
  /** The full collection to run; the default is V8's own (see fullCollection). */
  collect?: () => void;
  quietMs?: number;
}

/**
 * Gives memory back once a burst of traffic is over. Under load V8 grows its old generation to a
 * few times the live heap and keeps it until the next full collection, which a gateway that has
 * gone quiet never triggers: `gemgate serve` measured 177 MB of RSS twelve seconds after 20,000
 * requests, with an 18 MB live heap (docs/BENCHMARKS.md). One full collection after QUIET_MS
 * without requests brings it back near 100 MB. It runs once per burst, never while requests flow,
 * and never while the gateway has simply stayed idle. Returns a stop function.
 */
export function startIdleMemoryTrim(options: IdleMemoryTrimOptions): () => void {
  const collect = options.collect ?? fullCollection();
  if (!collect) return () => {};
  const quietMs = options.quietMs ?? QUIET_MS;
  let seen = options.requestsTotal();
  let trimmedAt = seen;
  let quietSince = Date.now();
  const timer = setInterval(
    () => {
      const total = options.requestsTotal();
      if (total !== seen) {
        seen = total;
        quietSince = Date.now();
        return;
      }
      if (total !== trimmedAt && Date.now() - quietSince >= quietMs) {
        trimmedAt = total;
        collect();
      }
    },
    Math.min(CHECK_MS, quietMs),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * V8's full collection, made callable without starting Node with --expose-gc (the desktop app and
 * `npx gemgate` cannot choose Node's flags): the flag is set at run time and `gc` taken from a new
 * context, the way Jest's leak detector does it. Undefined if this runtime refuses.
 */
export function fullCollection(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}
