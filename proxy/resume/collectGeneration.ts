import type { Generation, GenerationSink, GenerationSummary } from './generation.js';

/** A sink that hands each frame to `take`: a whole answer has no client to wait for. */
export class EveryFrame<F> implements GenerationSink<F> {
  constructor(private readonly take: (frame: F) => void) {}

  write(batch: F[]): boolean {
    for (const frame of batch) this.take(frame);
    return true;
  }

  drained(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

export interface Collected<T> {
  /** What the frames were folded into. */
  answer: T;
  summary: GenerationSummary;
  /** Time spent waiting for the upstream's frames, to tell gemgate's own overhead apart. */
  waitedMs: number;
}

/**
 * Reads a whole generation, for clients that asked for one response rather than a stream: each
 * frame is handed to `take` as it arrives (folded, so that no frame outlives its read), and `result`
 * makes the answer once the generation is done.
 */
export async function collectGeneration<F, T>(
  generation: Generation<F>,
  take: (frame: F) => void,
  result: () => T,
): Promise<Collected<T>> {
  const started = performance.now();
  const summary = await generation.pipe(new EveryFrame(take));
  const waitedMs = performance.now() - started;
  return { answer: result(), summary, waitedMs };
}

/** The frames of a whole generation, as a streaming client would have been sent them. */
export function collectFrames<F>(generation: Generation<F>): Promise<Collected<F[]>> {
  const frames: F[] = [];
  return collectGeneration(
    generation,
    (frame) => frames.push(frame),
    () => frames,
  );
}
