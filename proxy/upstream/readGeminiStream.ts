import type { GenerateContentResponse, GoogleErrorBody } from '../gemini/types.js';
import { SseDecoder } from './sseDecoder.js';
import { isGoogleErrorBody } from './classifyOutcome.js';
import { skimFrame, type PlainText } from './skimFrame.js';

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
  /**
   * Parse every frame with JSON.parse, skimming none (see skimFrame). Off in the gateway; the tests
   * that prove a skimmed answer identical to a parsed one read each stream both ways.
   */
  parseEveryFrame?: boolean;
}

/** What the reader needs of an upstream body: undici's, or any Node Readable of bytes. */
export interface StreamBody {
  on(event: 'readable' | 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  read(): Uint8Array | string | null;
  destroy(error?: Error): unknown;
}

/**
 * One chunk of Gemini's stream. `json` is the JSON text Gemini sent, as long as the frame is still
 * exactly that, so that a frame passed on unchanged need not be encoded again. A frame of plain text
 * (`plain`, see skimFrame) was skimmed rather than parsed: its `chunk` is parsed the first time it
 * is read, and readers on the hot path use `plain` instead.
 */
export interface StreamFrame {
  readonly chunk: GenerateContentResponse;
  readonly json?: string;
  readonly plain?: PlainText;
}

/**
 * Reads an upstream `alt=sse` body, handing its frames to `take` as they arrive, and reports how it
 * ended instead of throwing: cleanly, cut in the middle of a frame, broken by the network, silent
 * for too long, or with an error object inside the stream. One timer, refreshed per read, watches
 * for stalls.
 *
 * The body is read on its 'readable' events, each time everything it holds at once (Gemini's frames
 * often arrive several to a network read, and undici hands each over as a chunk of its own), and the
 * frames go to `take` synchronously, as one batch. Reading with an async iterator cost a promise and
 * a microtask turn per read, per layer, which a profile showed as a large share of relaying a
 * stream; 'data' events would cost a decoder pass per chunk. The consumer applies backpressure with
 * pause() and resume(): while paused, nothing is read, and the body's buffer holds undici back.
 */
export class GeminiStreamReader {
  private readonly decoder = new SseDecoder();
  private pending: StreamFrame[] = [];
  private paused = false;
  private sawBytes = false;
  private timer: NodeJS.Timeout | undefined;
  private end: StreamEnd | undefined;
  private take: ((frames: StreamFrame[]) => void) | undefined;
  private settle: ((end: StreamEnd) => void) | undefined;
  private readonly onReadable = () => this.readAll();
  private readonly onAbort = () => this.finish({ kind: 'aborted' });

  constructor(
    private readonly body: StreamBody,
    private readonly options: ReadOptions,
  ) {}

  /** Reads the body to its end; `take` gets every batch of frames. Call once. */
  read(take: (frames: StreamFrame[]) => void): Promise<StreamEnd> {
    this.take = take;
    const ended = new Promise<StreamEnd>((resolve) => (this.settle = resolve));
    const { signal, firstByteTimeoutMs } = this.options;
    if (signal?.aborted) {
      this.finish({ kind: 'aborted' });
      return ended;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.timer = setTimeout(() => this.stall(firstByteTimeoutMs), firstByteTimeoutMs);
    const body = this.body;
    body.on('readable', this.onReadable);
    body.on('end', () => this.onEnd());
    // Frames read before the connection broke were whole: they go out before the stream ends.
    body.on('error', (error) => this.broken(error.message));
    body.on('close', () => this.broken('Premature close'));
    return ended;
  }

  /** Reads no further until resume(): the client is slower than Gemini. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    // What arrived meanwhile is waiting in the body: its 'readable' event has come and gone.
    process.nextTick(this.onReadable);
  }

  /** Reads nothing more; the stream ends as `aborted`. Frames not yet handed over are dropped. */
  stop(): void {
    this.pending = [];
    this.finish({ kind: 'aborted' });
  }

  /** Takes everything the body holds, and hands its frames over as one batch. */
  private readAll(): void {
    if (this.end || this.paused) return;
    let bytes: Uint8Array | string | null;
    let payloads: string[] | undefined;
    while ((bytes = this.body.read()) !== null) {
      const events = this.decoder.push(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
      payloads = payloads ? payloads.concat(events) : events;
    }
    if (payloads === undefined) return;
    if (!this.sawBytes) {
      this.sawBytes = true;
      clearTimeout(this.timer);
      const stallMs = this.options.stallTimeoutMs;
      this.timer = setTimeout(() => this.stall(stallMs), stallMs);
    } else {
      this.timer!.refresh();
    }
    const end = this.frames(payloads);
    this.flush();
    if (end) this.finish(end);
  }

  private onEnd(): void {
    if (this.end) return;
    const { events, incomplete } = this.decoder.end();
    // A last event whose JSON is whole but whose blank line never came (a relay that trims the end of
    // the body) is complete; anything else left over is half a frame.
    const end = this.frames(incomplete.length > 0 ? [...events, incomplete.replace(/^data: ?/, '')] : events);
    this.flush();
    this.finish(end ?? { kind: 'ended' });
  }

  private broken(message: string): void {
    this.flush();
    this.finish({ kind: 'transport-error', message });
  }

  private stall(afterMs: number): void {
    this.finish({ kind: 'stalled', afterMs, beforeFirstByte: !this.sawBytes });
  }

  /** Adds the frames of these payloads to the batch, up to one that ends the stream. */
  private frames(payloads: string[]): StreamEnd | undefined {
    const skim = !this.options.parseEveryFrame;
    for (const json of payloads) {
      const skimmed = skim ? skimFrame(json) : undefined;
      if (skimmed) {
        this.pending.push(skimmed);
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        return { kind: 'frame-cut' };
      }
      if (typeof parsed !== 'object' || parsed === null) return { kind: 'frame-cut' };
      if (isGoogleErrorBody(parsed)) return { kind: 'upstream-error', error: parsed };
      this.pending.push({ chunk: parsed as GenerateContentResponse, json });
    }
    return undefined;
  }

  /** Hands the batch gathered so far to the consumer. */
  private flush(): void {
    if (this.pending.length === 0 || this.end) return;
    const batch = this.pending;
    this.pending = [];
    this.take!(batch);
  }

  private finish(end: StreamEnd): void {
    if (this.end) return;
    this.end = end;
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    // Leaving early (client gone, stall, error) must release the upstream connection.
    this.body.destroy();
    this.settle?.(end);
  }
}
