import type { GenerateContentResponse } from '../../gemini/types.js';
import type { GenerationSummary } from '../../resume/resumableGeneration.js';
import {
  fromGeminiToMessage,
  type MessageAnswerOptions,
  type MessageObject,
  sseEvent,
  type MessageStreamTranslator,
} from '../../translate/anthropic/index.js';
import { incompleteAnswerError } from '../clientError.js';
import type { StreamDialect } from '../pumpGeneration.js';

/**
 * The keep-alive of a Messages stream while Gemini thinks or a resume opens: Anthropic's own `ping`
 * event, as Anthropic sends it during long silences. Claude Code aborts and retries a stream that
 * stays silent too long; a ping is what it expects to see meanwhile.
 */
export const MESSAGES_KEEP_ALIVE = sseEvent({ type: 'ping' });

/**
 * How a Messages answer is streamed: each Gemini frame through the translator, as Anthropic's named
 * SSE events (a skimmed frame of plain text straight from Gemini's written text); at the end
 * `message_delta` and `message_stop`, or, when the answer is incomplete, an `error` event with no
 * `message_stop`: `@anthropic-ai/sdk` throws on it, where a stream that just stopped would pass for a
 * whole answer. The resume engine hands over one seamless Gemini stream, so a resumed answer comes
 * out as one message.
 */
export function messagesStreamEncoding(
  translator: MessageStreamTranslator,
): Pick<StreamDialect, 'encode' | 'end'> {
  return {
    encode: (batch) => {
      let out = '';
      for (const frame of batch)
        out += frame.plain ? translator.pushPlain(frame.plain) : translator.push(frame.chunk);
      return out;
    },
    end: (summary) => {
      if (summary.outcome === 'incomplete' || !translator.finished) {
        return translator.fail(incompleteAnswerError(summary.error).toAnthropic().error);
      }
      return translator.end(summary.answerUsage);
    },
  };
}

/** A whole Messages answer from the folded Gemini answer, with the usage the client is shown. */
export function messagesWholeAnswer(
  answer: GenerateContentResponse,
  summary: GenerationSummary,
  options: MessageAnswerOptions,
): MessageObject {
  return fromGeminiToMessage(answer, summary.answerUsage, options);
}
