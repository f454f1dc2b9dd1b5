import type { Response } from 'express';

/**
 * While Gemini thinks, or a cut stream is being resumed, nothing may reach the client for a long
 * time, and proxies or clients with idle timeouts give up. An SSE comment line every `intervalMs`
 * of silence keeps the connection alive; every SSE parser skips comments (the openai SDK's and
 * @google/genai's read only `data:` lines). A dialect may send its own event instead (Anthropic's
 * `ping`, which Claude Code's stall watchdog counts as life).
 */
const SSE_COMMENT = ': keep-alive\n\n';

export function keepAlive(
  res: Response,
  intervalMs: number,
  text = SSE_COMMENT,
): { wrote(): void; stop(): void } {
  let last = Date.now();
  const timer = setInterval(
    () => {
      if (res.writableEnded || res.destroyed || Date.now() - last < intervalMs) return;
      res.write(text);
      last = Date.now();
    },
    Math.max(250, Math.floor(intervalMs / 4)),
  );
  timer.unref();
  return {
    wrote: () => {
      last = Date.now();
    },
    stop: () => clearInterval(timer),
  };
}
