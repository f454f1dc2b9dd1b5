import { once } from 'node:events';
import type { Response } from 'express';

/**
 * Writes and, when the client reads slower than Gemini writes, waits for the socket to drain, so a
 * slow client slows the upstream read instead of filling memory. Resolves false if the client left.
 */
export async function writeWithBackpressure(res: Response, data: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(data)) return true;
  const drained = await Promise.race([
    once(res, 'drain').then(() => true),
    once(res, 'close').then(() => false),
  ]);
  return drained && !res.destroyed;
}

/** An AbortController that fires when the client hangs up before the response is complete. */
export function abortOnClientGone(res: Response): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}

/**
 * How long a stream's headers may wait for its first chunk. Sent together they cost one write (a
 * system call) instead of two, which on loopback is a measurable share of a streamed request (see
 * docs/BENCHMARKS.md); when Gemini is slower than this to send its first chunk, the headers go
 * alone, so a client still learns at once that its request was accepted.
 */
export const HEADERS_WAIT_MS = 50;

/** Sends the headers with the first write, or on their own after HEADERS_WAIT_MS if none came. */
export function flushHeadersSoon(res: Response, waitMs = HEADERS_WAIT_MS): void {
  setTimeout(() => {
    if (!res.headersSent && !res.destroyed) res.flushHeaders();
  }, waitMs).unref();
}
