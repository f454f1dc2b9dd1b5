import { SseDecoder } from './sseDecoder.js';

/**
 * How the bytes of one upstream stream ended; whether the answer itself was finished is judged
 * elsewhere (the family's attempt judge). `done` is an explicit terminator (OpenAI's `data: [DONE]`);
 * `upstream-error` an error object sent inside the stream, in the upstream's own shape.
 */
export type StreamEnd =
  | { kind: 'ended' }
  | { kind: 'done' }
  | { kind: 'frame-cut' }
  | { kind: 'transport-error'; message: string }
  | { kind: 'stalled'; afterMs: number; beforeFirstByte: boolean }
  | { kind: 'upstream-error'; error: unknown }
  | { kind: 'aborted' };

export interface ReadOptions {
  firstByteTimeoutMs: number;
  stallTimeoutMs: number;
  signal?: AbortSignal;
  /**
   * Parse every frame with JSON.parse, skimming none (Gemini's skimFrame). Off in the gateway; the
   * tests that prove a skimmed answer identical to a parsed one read each stream both ways, and the
   * benchmarks measure the trade-off with it.
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
 * Reads one SSE payload (the text after `data:`) of a family's stream: pushes the frame it holds
 * onto `into`, or returns how the stream ended when the payload ends it (a terminator, an error
 * object, JSON cut in half: `frame-cut`). A family supplies one (see geminiFrames.ts, chatFrames.ts).
 */
export type PayloadParser<F> = (payload: string, into: F[]) => StreamEnd | undefined;

/** The reader as the resume engine drives it: frames by callback, with backpressure. */
export interface FrameReader<F> {
  /** Reads the body to its end; `take` gets every batch of frames. Call once. */
  read(take: (frames: F[]) => void): Promise<StreamEnd>;
  /** Reads no further until resume(): the client is slower than the upstream. */
  pause(): void;
  resume(): void;
  /** Reads nothing more; the stream ends as `aborted`. Frames not yet handed over are dropped. */
  stop(): void;
}

/**
 * Reads an upstream SSE body, handing its frames to `take` as they arrive, and reports how it
 * ended instead of throwing: cleanly, at a terminator, cut in the middle of a frame, broken by the
 * network, silent for too long, or with an error object inside the stream. One timer, refreshed
 * per read, watches first for the first byte and then for stalls; the client going away (the
 * signal) ends the read at once.
 *
 * The body is read on its 'readable' events, each time everything it holds at once (frames often
 * arrive several to a network read, and undici hands each over as a chunk of its own), and the
 * frames go to `take` synchronously, as one batch. Reading with an async iterator cost a promise and
 * a microtask turn per read, per layer, which a profile showed as a large share of relaying a
 * stream; 'data' events would cost a decoder pass per chunk. The consumer applies backpressure with
 * pause() and resume(): while paused, nothing is read, and the body's buffer holds undici back.
 */
export class SseFrameReader<F> implements FrameReader<F> {
  private readonly decoder = new SseDecoder();
  private pending: F[] = [];
  private paused = false;
  private sawBytes = false;
  private timer: NodeJS.Timeout | undefined;
  private end: StreamEnd | undefined;
  private take: ((frames: F[]) => void) | undefined;
  private settle: ((end: StreamEnd) => void) | undefined;
  private readonly onReadable = () => this.readAll();
  private readonly onAbort = () => this.finish({ kind: 'aborted' });

  constructor(
    private readonly body: StreamBody,
    private readonly parse: PayloadParser<F>,
    private readonly options: ReadOptions,
  ) {}

  read(take: (frames: F[]) => void): Promise<StreamEnd> {
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

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    // What arrived meanwhile is waiting in the body: its 'readable' event has come and gone.
    process.nextTick(this.onReadable);
  }

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
    for (const payload of payloads) {
      const end = this.parse(payload, this.pending);
      if (end) return end;
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
