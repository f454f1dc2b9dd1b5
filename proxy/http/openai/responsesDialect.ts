import type { GenerateContentResponse } from '../../gemini/types.js';
import type { MediaOutput } from '../../gemini/mediaOutput.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import { AnswerFold } from '../../resume/gemini/aggregate.js';
import {
  createResponsesStreamTranslator,
  fromGeminiToResponse,
  type ResponseObject,
  type ResponsesStreamOptions,
  type ResponseStreamEvent,
} from '../../translate/responses/index.js';
import type { GenerationDialect } from '../generation/generationDialect.js';
import { translateFrames } from '../generation/frameTranslation.js';
import { foldedAnswer } from '../generation/foldedAnswer.js';

/** Keeps a finished response for `previous_response_id` (store: true), before it goes out. */
export type StoreResponse = (
  response: ResponseObject,
  calls: ReadonlyArray<[string, string]>,
  folded: GenerateContentResponse,
) => void;

/** OpenAI's framing: the event's type as the SSE event name, its JSON as data; no `[DONE]`. */
function sse(events: ResponseStreamEvent[]): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

/**
 * OpenAI's Responses API on Gemini's frames: typed SSE events (responsesStreamTranslator.ts) or
 * one response object (fromGeminiToResponse.ts). A response the client asked to keep is stored
 * (`store`) before its last event or its body goes out, so that a client that got the answer can
 * continue from it at once; a stateless stream holds nothing.
 */
export function responsesDialect(
  options: ResponsesStreamOptions,
  store: StoreResponse | undefined,
  onMedia: (media: MediaOutput) => void,
): GenerationDialect<StreamFrame> {
  return {
    stream: () => {
      const translator = createResponsesStreamTranslator(options);
      // Kept only to store the model's turn.
      const fold = store ? new AnswerFold() : undefined;
      return {
        contentType: 'text/event-stream; charset=utf-8',
        keepAlive: true,
        encode: (batch) => {
          let out = '';
          if (fold) for (const frame of batch) fold.add(frame);
          translateFrames(batch, translator, (events) => (out += sse(events)), onMedia);
          return out;
        },
        finish: (summary) => {
          const events = translator.end(summary.answerUsage);
          if (fold) store?.(translator.response, translator.calls, fold.result());
          return sse(events);
        },
        fail: (error) => sse(translator.fail({ code: error.options.code ?? null, message: error.message })),
        get complete() {
          return translator.finished;
        },
      };
    },
    whole: () =>
      foldedAnswer((folded, summary) => {
        const { response, calls } = fromGeminiToResponse(folded, summary.answerUsage, options);
        store?.(response, calls, folded);
        return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(response) };
      }, onMedia),
  };
}
