import type { GenerateContentResponse, UsageMetadata } from '../../gemini/types.js';
import { createResponsesStreamTranslator, type ResponsesStreamOptions } from './responsesStreamTranslator.js';
import type { ResponseObject } from './types.js';

/**
 * A whole answer (the resume engine's chunks folded by aggregateChunks) -> the Response object. It
 * runs the stream translator over the one folded chunk and keeps its final Response, so a whole
 * answer and a streamed one are the same object by construction: same items, statuses, carried
 * signatures and usage.
 */
export function fromGeminiToResponse(
  answer: GenerateContentResponse,
  usage: UsageMetadata | undefined,
  options: ResponsesStreamOptions,
): { response: ResponseObject; calls: ReadonlyArray<[string, string]> } {
  const translator = createResponsesStreamTranslator(options);
  translator.push(answer);
  translator.end(usage);
  return { response: translator.response, calls: translator.calls };
}
