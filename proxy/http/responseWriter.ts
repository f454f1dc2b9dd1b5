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
