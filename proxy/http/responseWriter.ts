import { once } from 'node:events';
import type { Response } from 'express';

/**
 * Writes and, when the client reads slower than Gemini writes, waits for the socket to drain, so a
 * slow client slows the upstream read instead of filling memory. Resolves false if the client left.
 */
export async function writeWithBackpressure(res: Response, data: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  corkUntilNextTurn(res);
  if (res.write(data)) return true;
  const drained = await Promise.race([
    once(res, 'drain').then(() => true),
    once(res, 'close').then(() => false),
  ]);
  return drained && !res.destroyed;
}

/**
 * Holds writes back until the event loop's next turn, then sends them as one. Gemini's frames often
 * arrive several to a network read; written one by one, each would cost its own system call, which
 * a profile showed as the largest single cost of relaying a stream. The wait is within the current
 * turn of the loop: microseconds.
 */
export function corkUntilNextTurn(res: Response): void {
  if (res.writableCorked > 0 || res.destroyed) return;
  res.cork();
  setImmediate(() => {
    if (res.writableCorked > 0) res.uncork();
  });
}

/** An AbortController that fires when the client hangs up before the response is complete. */
export function abortOnClientGone(res: Response): AbortController {
  // One per response, however many parts of the request ask (the generation, the media it fetches):
  // one listener, one signal.
  let controller = goneControllers.get(res);
  if (controller) return controller;
  controller = new AbortController();
  goneControllers.set(res, controller);
  const abort = controller;
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  return controller;
}

const goneControllers = new WeakMap<Response, AbortController>();
