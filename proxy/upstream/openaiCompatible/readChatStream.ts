import { SseDecoder } from '../sseDecoder.js';
import type { ReadOptions, StreamEnd } from '../readGeminiStream.js';
import { isProviderErrorBody, type ChatChunkWire, type ProviderErrorWire } from './chatWire.js';

/**
 * How the bytes of a streamed Chat Completions answer ended. `done` is OpenAI's terminator
 * (`data: [DONE]`); a stream that closes without it, or breaks, or goes silent, was cut, whatever
 * its chunks said; whether the answer itself was finished (a finish_reason) is judged elsewhere.
 */
export type ChatStreamEnd =
  | { kind: 'done' }
  | Exclude<StreamEnd, { kind: 'upstream-error' }>
  | { kind: 'upstream-error'; error: ProviderErrorWire };

/** One `data:` event, parsed, with the JSON text it came as (relayed unchanged when nothing changes). */
export interface ChatFrame {
  chunk: ChatChunkWire;
  json: string;
}

type Body = AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown };

/**
 * Turns an OpenAI-style SSE body into parsed chunks, the chunks of one network read together, and
 * reports how it ended instead of throwing. One timer, refreshed per read, watches for the first
 * byte and then for stalls; the client going away (the signal) ends the read at once.
 */
export async function* readChatStream(
  body: Body,
  options: ReadOptions,
): AsyncGenerator<ChatFrame[], ChatStreamEnd> {
  const decoder = new SseDecoder();
  const iterator = body[Symbol.asyncIterator]();
  let sawBytes = false;
  let stalled: ChatStreamEnd | undefined;
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
      let next: IteratorResult<Uint8Array> | 'stop';
      try {
        if (stalled || options.signal?.aborted) next = 'stop';
        else {
          next = await new Promise<IteratorResult<Uint8Array> | 'stop'>((resolve, reject) => {
            interrupt = () => resolve('stop');
            iterator.next().then(resolve, reject);
          });
        }
        interrupt = undefined;
      } catch (error) {
        if (options.signal?.aborted) return { kind: 'aborted' };
        return { kind: 'transport-error', message: (error as Error).message };
      }
      if (next === 'stop') {
        body.destroy();
        return options.signal?.aborted ? { kind: 'aborted' } : stalled!;
      }
      if (next.done) break;
      if (!sawBytes) {
        sawBytes = true;
        clearTimeout(timer);
        timer = setTimeout(() => stall(options.stallTimeoutMs), options.stallTimeoutMs);
      } else {
        timer?.refresh();
      }
      const read = parseEvents(decoder.push(next.value));
      if (read.frames.length > 0) yield read.frames;
      if (read.end) return read.end;
    }
    const { events, incomplete } = decoder.end();
    const read = parseEvents(events);
    if (read.frames.length > 0) yield read.frames;
    if (read.end) return read.end;
    // Bytes left over that never became an event: a frame cut in half.
    return incomplete.length > 0 ? { kind: 'frame-cut' } : { kind: 'ended' };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    body.destroy();
  }
}

/** The chunks of one read, up to the first event that ends the stream. */
function parseEvents(payloads: Iterable<string>): { frames: ChatFrame[]; end?: ChatStreamEnd } {
  const frames: ChatFrame[] = [];
  for (const json of payloads) {
    if (json.trim() === '[DONE]') return { frames, end: { kind: 'done' } };
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return { frames, end: { kind: 'frame-cut' } };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { frames, end: { kind: 'frame-cut' } };
    if (isProviderErrorBody(parsed) && !('choices' in parsed))
      return { frames, end: { kind: 'upstream-error', error: parsed } };
    frames.push({ chunk: parsed as ChatChunkWire, json });
  }
  return { frames };
}
