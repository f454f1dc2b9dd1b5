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
  // Settles the read in progress early, when the stream stalls or the client goes away. One
  // promise per read (not Promise.race against one long-lived promise, which keeps a reaction
  // per read alive until the stream ends).
  let interrupt: (() => void) | undefined;
  const stall = (afterMs: number) => {
    stalled = { kind: 'stalled', afterMs, beforeFirstByte: !sawBytes };
    interrupt?.();
  };
  let timer: NodeJS.Timeout | undefined = setTimeout(
    () => stall(options.firstByteTimeoutMs),
    options.firstByteTimeoutMs,
  );
  const onAbort = () => interrupt?.();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    for (;;) {
      let next: IteratorResult<Uint8Array> | 'stall';
      try {
        if (stalled || options.signal?.aborted) next = 'stall';
        else {
          next = await new Promise<IteratorResult<Uint8Array> | 'stall'>((resolve, reject) => {
            interrupt = () => resolve('stall');
            // If the stall wins, this read fails later when the body is destroyed: that is expected.
            iterator.next().then(resolve, reject);
          });
        }
        interrupt = undefined;
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
        clearTimeout(timer);
        timer = setTimeout(() => stall(options.stallTimeoutMs), options.stallTimeoutMs);
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

/** Each parsed chunk's JSON as Gemini sent it, so a chunk passed on unchanged need not be encoded again. */
const rawFrames = new WeakMap<object, string>();

/** The JSON text a chunk was parsed from, when it came from Gemini as it is. */
export function rawFrameOf(chunk: object): string | undefined {
  return rawFrames.get(chunk);
}

function parseFrame(payload: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof parsed === 'object' && parsed !== null) rawFrames.set(parsed, payload);
  return parsed;
}
