import type { GenerateContentResponse, GoogleErrorBody } from '../gemini/types.js';
import { SseDecoder } from '../upstream/sseDecoder.js';
import { isGoogleErrorBody } from '../upstream/classifyOutcome.js';

/** How the bytes of one upstream stream ended; whether the answer was finished is judged elsewhere. */
export type StreamEnd =
  | { kind: 'ended' }
  | { kind: 'frame-cut' }
  | { kind: 'transport-error'; message: string }
  | { kind: 'stalled'; afterMs: number; beforeFirstByte: boolean }
  | { kind: 'upstream-error'; error: GoogleErrorBody }
  | { kind: 'aborted' };

export interface ReadOptions {
  firstByteTimeoutMs: number;
  stallTimeoutMs: number;
  signal?: AbortSignal;
}

type Body = AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown };

/**
 * Turns an upstream `alt=sse` body into parsed chunks, and reports how it ended instead of throwing:
 * cleanly, cut in the middle of a frame, broken by the network, silent for too long, or with an
 * error object inside the stream. One timer, refreshed per read, watches for stalls.
 */
export async function* readGeminiStream(
  body: Body,
  options: ReadOptions,
): AsyncGenerator<GenerateContentResponse, StreamEnd> {
  const decoder = new SseDecoder();
  const iterator = body[Symbol.asyncIterator]();
  let sawBytes = false;
  let stalled: StreamEnd | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const stall = new Promise<'stall'>((resolve) => {
    const fire = () => {
      stalled = {
        kind: 'stalled',
        afterMs: sawBytes ? options.stallTimeoutMs : options.firstByteTimeoutMs,
        beforeFirstByte: !sawBytes,
      };
      resolve('stall');
    };
    timer = setTimeout(fire, options.firstByteTimeoutMs);
    wake = () => resolve('stall');
  });
  const onAbort = () => wake?.();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    for (;;) {
      let next: IteratorResult<Uint8Array> | 'stall';
      try {
        const read = iterator.next();
        read.catch(() => {}); // if the stall wins the race, this read fails later when the body is destroyed
        next = await Promise.race([read, stall]);
      } catch (error) {
        if (options.signal?.aborted) return { kind: 'aborted' };
        return { kind: 'transport-error', message: (error as Error).message };
      }
      if (next === 'stall') {
        body.destroy();
        if (options.signal?.aborted) return { kind: 'aborted' };
        return stalled!;
      }
      if (next.done) break;
      if (!sawBytes) {
        sawBytes = true;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          stalled = { kind: 'stalled', afterMs: options.stallTimeoutMs, beforeFirstByte: false };
          wake?.();
        }, options.stallTimeoutMs);
      } else {
        timer?.refresh();
      }
      for (const payload of decoder.push(next.value)) {
        const parsed = parseFrame(payload);
        if (parsed === undefined) return { kind: 'frame-cut' };
        if (isGoogleErrorBody(parsed)) return { kind: 'upstream-error', error: parsed };
        yield parsed as GenerateContentResponse;
      }
    }
    const { events, incomplete } = decoder.end();
    for (const payload of events) {
      const parsed = parseFrame(payload);
      if (parsed === undefined) return { kind: 'frame-cut' };
      if (isGoogleErrorBody(parsed)) return { kind: 'upstream-error', error: parsed };
      yield parsed as GenerateContentResponse;
    }
    if (incomplete.length === 0) return { kind: 'ended' };
    // A last event whose JSON is whole but whose blank line never came (a relay that trims the end of
    // the body) is complete; anything else left over is half a frame.
    const last = parseFrame(incomplete.replace(/^data: ?/, ''));
    if (last === undefined || isGoogleErrorBody(last))
      return last === undefined ? { kind: 'frame-cut' } : { kind: 'upstream-error', error: last };
    yield last as GenerateContentResponse;
    return { kind: 'ended' };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Leaving early (client gone, error) must release the upstream connection.
    body.destroy();
  }
}

function parseFrame(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}
