import type { GenerateContentResponse } from '../gemini/types.js';
import type { StreamFrame } from '../upstream/readGeminiStream.js';
import type { Generation, GenerationSink, GenerationSummary } from './resumableGeneration.js';
import { AnswerFold } from './aggregate.js';

export interface CollectedGeneration {
  /** The answer's frames, as a streaming client would have been sent them (fold with aggregateFrames). */
  frames: StreamFrame[];
  /** The same frames as chunks; reading this parses every skimmed frame. */
  readonly chunks: GenerateContentResponse[];
  summary: GenerationSummary;
  /** Time spent waiting for Gemini's chunks, to tell gemgate's own overhead apart. */
  waitedMs: number;
}

/** A sink that hands each frame to `take`: a whole answer has no client to wait for. */
class EveryFrame implements GenerationSink {
  constructor(private readonly take: (frame: StreamFrame) => void) {}

  write(batch: StreamFrame[]): boolean {
    for (const frame of batch) this.take(frame);
    return true;
  }

  drained(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/** Reads a whole generation, for clients that asked for one response rather than a stream. */
export async function collectGeneration(generation: Generation): Promise<CollectedGeneration> {
  const frames: StreamFrame[] = [];
  const started = performance.now();
  const summary = await generation.pipe(new EveryFrame((frame) => frames.push(frame)));
  return {
    frames,
    get chunks() {
      return frames.map((frame) => frame.chunk);
    },
    summary,
    waitedMs: performance.now() - started,
  };
}

export interface CollectedAnswer {
  /** The whole answer, as generateContent would have returned it (see aggregateFrames). */
  answer: GenerateContentResponse;
  summary: GenerationSummary;
  /** Time spent waiting for Gemini's chunks, to tell gemgate's own overhead apart. */
  waitedMs: number;
}

/**
 * Reads a whole generation as one answer, folded as it arrives: the same answer as aggregateFrames
 * over collectGeneration's frames, without holding them (frames that live to the end of an answer
 * live through several collections, which is where a garbage collector spends its time).
 */
export async function collectAnswer(generation: Generation): Promise<CollectedAnswer> {
  // Each batch is folded into the answer as it comes, so that no frame outlives its read.
  const fold = new AnswerFold();
  const started = performance.now();
  const summary = await generation.pipe(new EveryFrame((frame) => fold.add(frame)));
  const waitedMs = performance.now() - started;
  return { answer: fold.result(), summary, waitedMs };
}
