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

export interface CollectedAnswer {
  /** The whole answer, as generateContent would have returned it (see aggregateFrames). */
  answer: GenerateContentResponse;
  summary: GenerationSummary;
  /** Time spent waiting for Gemini's chunks, to tell gemgate's own overhead apart. */
  waitedMs: number;
}

/** Folds each batch into the answer as it comes, so that no frame outlives its read. */
class FoldingSink implements GenerationSink {
  readonly fold = new AnswerFold();

  write(batch: StreamFrame[]): boolean {
    for (const frame of batch) this.fold.add(frame);
    return true;
  }

  drained(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/**
 * Reads a whole generation as one answer, folded as it arrives: the same answer as aggregateFrames
 * over collectGeneration's frames, without holding them (frames that live to the end of an answer
 * live through several collections, which is where a garbage collector spends its time).
 */
export async function collectAnswer(generation: Generation): Promise<CollectedAnswer> {
  const sink = new FoldingSink();
  const started = performance.now();
  const summary = await generation.pipe(sink);
  const waitedMs = performance.now() - started;
  return { answer: sink.fold.result(), summary, waitedMs };
}
