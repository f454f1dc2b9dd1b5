import { PoolUnavailable, UpstreamFailure, UpstreamUnreachable, wholeSeconds } from '../failures/failures.js';
import { sleepUnlessAborted } from '../util/sleepUnlessAborted.js';

/** Longest gemgate waits for a key to come back before giving up on resuming an answer. */
export const MAX_OPEN_WAIT_MS = 30_000;
/** How many times it waits, per resume. */
export const MAX_OPEN_WAITS = 3;

export type PatientOpen<T> = { opened: T } | { aborted: true } | { failed: unknown };

/**
 * Opens the next attempt of an answer. The client already holds part of the answer, so a short
 * wait beats an incomplete answer: when every key is cooling for a few seconds, or Gemini is
 * overloaded everywhere, wait (retryWaitMs) and open again, at most MAX_OPEN_WAITS times and never
 * longer than MAX_OPEN_WAIT_MS at once. The client's connection is kept alive meanwhile by the
 * route. `failed` holds what the last try threw; `aborted` means the client left.
 */
export async function openWithPatience<T>(
  open: () => Promise<T>,
  signal: AbortSignal,
): Promise<PatientOpen<T>> {
  for (let waits = 0; ; waits++) {
    try {
      return { opened: await open() };
    } catch (error) {
      if (signal.aborted) return { aborted: true };
      const wait = retryWaitMs(error);
      if (wait === undefined || wait > MAX_OPEN_WAIT_MS || waits >= MAX_OPEN_WAITS) return { failed: error };
      if (!(await sleepUnlessAborted(wait, signal))) return { aborted: true };
    }
  }
}

/**
 * How long to wait before opening again after `error`:
 *
 * | the open failed with                              | wait                                          |
 * |---------------------------------------------------|-----------------------------------------------|
 * | PoolUnavailable `all-cooling`                     | until a project frees up, in whole seconds    |
 * | PoolUnavailable, any other shortfall              | 1 s                                           |
 * | UpstreamFailure 429 with a retry delay            | that delay, in whole seconds (as Gemini says) |
 * | UpstreamFailure 429 without one                   | none: give up                                 |
 * | UpstreamFailure 5xx                               | 1 s                                           |
 * | UpstreamUnreachable                               | 1 s                                           |
 * | anything else, the client's own mistakes included | none: give up                                 |
 */
export function retryWaitMs(error: unknown): number | undefined {
  if (error instanceof PoolUnavailable) {
    return error.shortfall === 'all-cooling' ? wholeSeconds(error.retryAfterMs ?? 0) * 1000 : 1000;
  }
  if (error instanceof UpstreamFailure) {
    if (error.status === 429) {
      return error.retryAfterMs === undefined ? undefined : wholeSeconds(error.retryAfterMs) * 1000;
    }
    return error.status >= 500 ? 1000 : undefined;
  }
  if (error instanceof UpstreamUnreachable) return 1000;
  return undefined;
}
