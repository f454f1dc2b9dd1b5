import type { GenerateContentResponse, GoogleErrorBody } from '../gemini/types.js';
import { SseDecoder } from './sseDecoder.js';
import { isGoogleErrorBody } from './classifyOutcome.js';

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
 * One chunk of Gemini's stream, with the JSON text it was parsed from while it is still exactly what
 * Gemini sent, so that a chunk passed on unchanged need not be encoded again.
 */
export interface StreamFrame {
  chunk: GenerateContentResponse;
  json?: string;
}

/**
 * Turns an upstream `alt=sse` body into parsed chunks, and reports how it ended instead of throwing:
 * cleanly, cut in the middle of a frame, broken by the network, silent for too long, or with an
 * error object inside the stream. One timer, refreshed per read, watches for stalls.
 *
 * The frames of one network read come out together, as one array: Gemini's frames often arrive
 * several to a read, and each step through an async generator costs promises and a turn of the
 * microtask queue, per layer, which a profile showed as a sizeable share of relaying a stream.
 */
export async function* readGeminiStream(
  body: Body,
  options: ReadOptions,
): AsyncGenerator<StreamFrame[], StreamEnd> {
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
      const read = parseFrames(decoder.push(next.value));
      if (read.frames.length > 0) yield read.frames;
      if (read.end) return read.end;
    }
    const { events, incomplete } = decoder.end();
    // A last event whose JSON is whole but whose blank line never came (a relay that trims the end of
    // the body) is complete; anything else left over is half a frame.
    const read = parseFrames(
      incomplete.length > 0 ? [...events, incomplete.replace(/^data: ?/, '')] : events,
    );
    if (read.frames.length > 0) yield read.frames;
    return read.end ?? { kind: 'ended' };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Leaving early (client gone, error) must release the upstream connection.
    body.destroy();
  }
}

/** The frames of one read, up to the first that ends the stream (half a frame, or an error object). */
function parseFrames(payloads: Iterable<string>): { frames: StreamFrame[]; end?: StreamEnd } {
  const frames: StreamFrame[] = [];
  for (const json of payloads) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return { frames, end: { kind: 'frame-cut' } };
    }
    if (typeof parsed !== 'object' || parsed === null) return { frames, end: { kind: 'frame-cut' } };
    if (isGoogleErrorBody(parsed)) return { frames, end: { kind: 'upstream-error', error: parsed } };
    frames.push({ chunk: parsed as GenerateContentResponse, json });
  }
  return { frames };
}
