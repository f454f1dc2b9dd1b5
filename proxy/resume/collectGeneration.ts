import type { GenerateContentResponse } from '../gemini/types.js';
import type { Generation, GenerationSummary } from './resumableGeneration.js';

export interface CollectedGeneration {
  chunks: GenerateContentResponse[];
  summary: GenerationSummary;
  /** Time spent waiting for Gemini's chunks, to tell gemgate's own overhead apart. */
  waitedMs: number;
}

/** Reads a whole generation, for clients that asked for one response rather than a stream. */
export async function collectGeneration(generation: Generation): Promise<CollectedGeneration> {
  const chunks: GenerateContentResponse[] = [];
  let waitedMs = 0;
  for (;;) {
    const mark = performance.now();
    const next = await generation.chunks.next();
    waitedMs += performance.now() - mark;
    if (next.done) return { chunks, summary: next.value, waitedMs };
    for (const { chunk } of next.value) chunks.push(chunk);
  }
}
