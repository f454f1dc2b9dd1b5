import type { MediaOutput } from '../../gemini/mediaOutput.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import {
  createChatStreamTranslator,
  fromGeminiResponse,
  type ChatResponseOptions,
  type ChatStreamTranslator,
} from '../../translate/openai/index.js';
import type { GenerationDialect, StreamEncoder } from '../generation/generationDialect.js';
import { translateFrames } from '../generation/frameTranslation.js';
import { foldedAnswer } from '../generation/foldedAnswer.js';

const sse = (chunks: object[]) => chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('');

/**
 * OpenAI's Chat Completions on Gemini's frames: a stream of `chat.completion.chunk`s
 * (chatStreamTranslator.ts), or one `chat.completion` (fromGeminiResponse.ts) from the folded answer
 * with the answer's usage (its prompt once over every attempt).
 */
export function chatDialect(
  options: ChatResponseOptions & { includeUsage: boolean },
  onMedia: (media: MediaOutput) => void,
): GenerationDialect<StreamFrame> {
  return {
    stream: () => chatStreamEncoder(createChatStreamTranslator(options), onMedia),
    whole: () =>
      foldedAnswer((answer, summary) => {
        const completion = fromGeminiResponse({ ...answer, usageMetadata: summary.answerUsage }, options);
        return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(completion) };
      }, onMedia),
  };
}

/**
 * How a chat completion is streamed: each chunk as `data: <json>` and a blank line, ending with
 * `data: [DONE]`, or with an error event when the answer is incomplete (the openai SDK treats a
 * stream without [DONE] and without an error as complete). A frame of plain text becomes its
 * chunks' JSON straight from Gemini's written text.
 */
export function chatStreamEncoder(
  translator: ChatStreamTranslator,
  onMedia: (media: MediaOutput) => void = () => {},
): StreamEncoder<StreamFrame> {
  return {
    contentType: 'text/event-stream; charset=utf-8',
    keepAlive: true,
    encode: (batch) => {
      let out = '';
      translateFrames<object | string>(
        batch,
        translator,
        (chunks) => {
          for (const chunk of chunks)
            out += `data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`;
        },
        onMedia,
      );
      return out;
    },
    finish: (summary) => `${sse(translator.end(summary.answerUsage))}data: [DONE]\n\n`,
    fail: (error) => sse([error.toOpenAI()]),
    get complete() {
      return translator.finished;
    },
  };
}
