import type { MediaOutput } from '../../gemini/mediaOutput.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import {
  createMessageStreamTranslator,
  fromGeminiToMessage,
  sseEvent,
  type MessageAnswerOptions,
  type MessageStreamTranslator,
} from '../../translate/anthropic/index.js';
import type { GenerationDialect, StreamEncoder } from '../generation/generationDialect.js';
import { translateFrames } from '../generation/frameTranslation.js';
import { foldedAnswer } from '../generation/foldedAnswer.js';

/**
 * The keep-alive of a Messages stream while Gemini thinks or a resume opens: Anthropic's own `ping`
 * event, as Anthropic sends it during long silences. Claude Code aborts and retries a stream that
 * stays silent too long; a ping is what it expects to see meanwhile.
 */
export const MESSAGES_KEEP_ALIVE = sseEvent({ type: 'ping' });

/**
 * Anthropic's Messages API on Gemini's frames: a stream of Anthropic's named SSE events
 * (messageStreamTranslator.ts), or one Message (fromGeminiToMessage.ts) from the folded answer with
 * the answer's usage (its prompt once over every attempt). Both are built by the same block writer,
 * so a whole answer is what the stream would have folded into.
 */
export function messagesDialect(
  options: MessageAnswerOptions,
  onMedia: (media: MediaOutput) => void,
): GenerationDialect<StreamFrame> {
  return {
    stream: () => messagesStreamEncoder(createMessageStreamTranslator(options), onMedia),
    whole: () =>
      foldedAnswer(
        (answer, summary) => ({
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify(fromGeminiToMessage(answer, summary.answerUsage, options)),
        }),
        onMedia,
      ),
  };
}

/**
 * How a Messages answer is streamed: each Gemini frame through the translator (a skimmed frame of
 * plain text straight from Gemini's written text); at the end `message_delta` and `message_stop`,
 * or, when the answer is incomplete, an `error` event and no `message_stop`: `@anthropic-ai/sdk`
 * throws on it, where a stream that just stopped would pass for a whole answer. The resume engine
 * hands over one seamless Gemini stream, so a resumed answer comes out as one message.
 */
export function messagesStreamEncoder(
  translator: MessageStreamTranslator,
  onMedia: (media: MediaOutput) => void = () => {},
): StreamEncoder<StreamFrame> {
  return {
    contentType: 'text/event-stream; charset=utf-8',
    keepAlive: true,
    keepAliveText: MESSAGES_KEEP_ALIVE,
    encode: (batch) => {
      let out = '';
      translateFrames<string>(batch, translator, (frames) => (out += frames.join('')), onMedia);
      return out;
    },
    finish: (summary) => translator.end(summary.answerUsage),
    fail: (error) => translator.fail(error.toAnthropic().error),
    get complete() {
      return translator.finished;
    },
  };
}
