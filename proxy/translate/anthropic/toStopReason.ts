import type { FinishReason } from '../../gemini/types.js';
import { toChatFinishReason } from '../openai/finishReason.js';
import type { ChatFinishReason } from '../openai/types.js';
import type { StopReason } from './types.js';

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
