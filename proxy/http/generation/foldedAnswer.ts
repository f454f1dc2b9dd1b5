import type { GenerateContentResponse } from '../../gemini/types.js';
import { mediaOfResponse, type MediaOutput } from '../../gemini/mediaOutput.js';
import type { GenerationSummary } from '../../resume/generation.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import { AnswerFold } from '../../resume/gemini/aggregate.js';
import type { WholeBody, WholeEncoder } from './generationDialect.js';

/**
 * A whole answer of Gemini frames: folded as they arrive into the one answer generateContent
 * would have returned (AnswerFold), the images and speech in it counted (`onMedia`), then given
 * its dialect's body by `body`.
 */
export function foldedAnswer(
  body: (answer: GenerateContentResponse, summary: GenerationSummary) => WholeBody,
  onMedia: (media: MediaOutput) => void,
): WholeEncoder<StreamFrame> {
  const fold = new AnswerFold();
  return {
    add: (frame) => fold.add(frame),
    body: (summary) => {
      const answer = fold.result();
      onMedia(mediaOfResponse(answer));
      return body(answer, summary);
    },
  };
}
