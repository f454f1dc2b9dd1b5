import type { GenerateContentResponse } from '../gemini/types.js';
import type { StreamFrame } from '../upstream/readGeminiStream.js';
import type { Generation, GenerationSink, GenerationSummary } from './resumableGeneration.js';

export interface CollectedGeneration {
  /** The answer's frames, as a streaming client would have been sent them (fold with aggregateFrames). */
  frames: StreamFrame[];
  /** The same frames as chunks; reading this parses every skimmed frame. */
  readonly chunks: GenerateContentResponse[];
  summary: GenerationSummary;
  /** Time spent waiting for Gemini's chunks, to tell gemgate's own overhead apart. */
  waitedMs: number;
}

/** Gathers every batch; a whole answer has no client to wait for. */
class FrameCollector implements GenerationSink {
  readonly frames: StreamFrame[] = [];

  write(batch: StreamFrame[]): boolean {
    for (const frame of batch) this.frames.push(frame);
    return true;
  }

  drained(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/** Reads a whole generation, for clients that asked for one response rather than a stream. */
export async function collectGeneration(generation: Generation): Promise<CollectedGeneration> {
  const collector = new FrameCollector();
  const started = performance.now();
  const summary = await generation.pipe(collector);
  const frames = collector.frames;
  return {
    frames,
    get chunks() {
      return frames.map((frame) => frame.chunk);
    },
    summary,
    waitedMs: performance.now() - started,
  };
}
