import type { Candidate, FinishReason } from '../../gemini/types.js';
import { toChatFinishReason } from '../openai/finishReason.js';
import { describeBlockedPrompt, describeStop } from '../openai/fromGeminiResponse.js';
import type { ChatFinishReason } from '../openai/types.js';
import type { StopDetails, StopReason } from './types.js';

/**
 * Gemini `finishReason` -> Anthropic `stop_reason`, through the OpenAI dialect's reading of every
 * Gemini reason (../openai/finishReason.ts, whose table says why each lands where it does):
 *
 * | Gemini                                                       | OpenAI           | Anthropic     |
 * | ------------------------------------------------------------ | ---------------- | ------------- |
 * | STOP                                                         | `stop`           | `end_turn`    |
 * | STOP with function calls in the answer                       | `tool_calls`     | `tool_use`    |
 * | MAX_TOKENS                                                   | `length`         | `max_tokens`  |
 * | SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, LANGUAGE, OTHER, IMAGE_* | `content_filter` | `refusal` |
 * | a blocked prompt (`promptFeedback.blockReason`)              | `content_filter` | `refusal`     |
 * | MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, anything else | `stop` | `end_turn` |
 *
 * `stop_sequence` is never reported: Gemini ends with STOP at a stop sequence, as at a natural end,
 * and leaves the sequence out of the text, so nothing tells the two apart.
 */
export function toStopReason(reason: FinishReason, hasToolCalls: boolean): StopReason {
  return FROM_CHAT[toChatFinishReason(reason, hasToolCalls)];
}

const FROM_CHAT: Record<ChatFinishReason, StopReason> = {
  stop: 'end_turn',
  tool_calls: 'tool_use',
  length: 'max_tokens',
  content_filter: 'refusal',
  function_call: 'tool_use',
};

/** How an answer ended, as `message_delta` and a whole Message report it. */
export interface AnswerStop {
  reason: StopReason;
  details: StopDetails | null;
}

/**
 * How an answer ended, decided once for the stream (messageStreamTranslator.ts) and a whole answer
 * (fromGeminiToMessage.ts) alike: a blocked prompt (no candidate, a `blockReason`) is a refusal
 * saying why; a candidate's `finishReason` goes through toStopReason, a refusal again saying why.
 * `finishReason` is the candidate's, or the one a caller assumes when it has none; without one,
 * nothing has said yet how the answer ends (undefined).
 */
export function answerStop(
  candidate: Candidate | undefined,
  blockReason: string | undefined,
  finishReason: FinishReason | undefined,
  hasToolCalls: boolean,
): AnswerStop | undefined {
  if (!candidate && blockReason) {
    return { reason: 'refusal', details: refusal(describeBlockedPrompt(blockReason)) };
  }
  if (!candidate || !finishReason) return undefined;
  const reason = toStopReason(finishReason, hasToolCalls);
  return { reason, details: reason === 'refusal' ? refusal(describeStop(candidate)) : null };
}

function refusal(explanation: string): StopDetails {
  return { type: 'refusal', category: null, explanation };
}
