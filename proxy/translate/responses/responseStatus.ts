import type { FinishReason } from '../../gemini/types.js';
import { toChatFinishReason } from '../openai/finishReason.js';
import type { ResponseObject } from './types.js';

export interface ResponseEnd {
  status: 'completed' | 'incomplete';
  incomplete_details: ResponseObject['incomplete_details'];
}

/**
 * How an answer ended -> the Response's `status` and `incomplete_details`, through the chat
 * dialect's reading of Gemini's finishReason (finishReason.ts):
 *
 * | Gemini finishReason                           | chat             | Responses                                   |
 * |-----------------------------------------------|------------------|---------------------------------------------|
 * | STOP (with or without function calls)        | stop, tool_calls | completed                                   |
 * | MAX_TOKENS                                    | length           | incomplete, reason `max_output_tokens`      |
 * | SAFETY, RECITATION, PROHIBITED_CONTENT, OTHER…| content_filter   | incomplete, reason `content_filter`         |
 * | a prompt blocked (promptFeedback.blockReason) | content_filter   | incomplete, reason `content_filter`         |
 * | MALFORMED_FUNCTION_CALL and the rest          | stop             | completed                                   |
 */
export function toResponseEnd(reason: FinishReason | 'PROMPT_BLOCKED'): ResponseEnd {
  const chat = reason === 'PROMPT_BLOCKED' ? 'content_filter' : toChatFinishReason(reason, false);
  if (chat === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (chat === 'content_filter') {
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  }
  return { status: 'completed', incomplete_details: null };
}
