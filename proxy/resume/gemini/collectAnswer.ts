import type { GenerateContentResponse } from '../../gemini/types.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import type { Generation } from '../generation.js';
import { collectGeneration, type Collected } from '../collectGeneration.js';
import { AnswerFold } from './aggregate.js';

/**
 * Reads a whole Gemini generation as one answer, folded as it arrives: the same answer as
 * aggregateFrames over its frames, without holding them (frames that live to the end of an answer
 * live through several collections, which is where a garbage collector spends its time).
 */
export function collectAnswer(
  generation: Generation<StreamFrame>,
): Promise<Collected<GenerateContentResponse>> {
  const fold = new AnswerFold();
  return collectGeneration(
    generation,
    (frame) => fold.add(frame),
    () => fold.result(),
  );
}
