import type { UsageMetadata } from '../../gemini/types.js';
import { toChatUsage } from '../openai/toChatUsage.js';
import type { ResponseUsage } from './types.js';

/**
 * Gemini `usageMetadata` -> Responses `usage`: the chat dialect's counting (toChatUsage.ts), under
 * the Responses names.
 *
 * | Responses                                | chat                                  | Gemini                                        |
 * |------------------------------------------|---------------------------------------|-----------------------------------------------|
 * | `input_tokens`                           | `prompt_tokens`                       | promptTokenCount + toolUsePromptTokenCount    |
 * | `input_tokens_details.cached_tokens`     | `prompt_tokens_details.cached_tokens` | cachedContentTokenCount                       |
 * | `output_tokens`                          | `completion_tokens`                   | candidatesTokenCount + thoughtsTokenCount     |
 * | `output_tokens_details.reasoning_tokens` | `completion_tokens_details…`          | thoughtsTokenCount                            |
 * | `total_tokens`                           | `total_tokens`                        | totalTokenCount                               |
 */
export function toResponseUsage(usage: UsageMetadata | undefined): ResponseUsage {
  const chat = toChatUsage(usage);
  return {
    input_tokens: chat.prompt_tokens,
    input_tokens_details: { cached_tokens: chat.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: chat.completion_tokens,
    output_tokens_details: { reasoning_tokens: chat.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: chat.total_tokens,
  };
}
