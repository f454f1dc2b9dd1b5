import type { UsageMetadata } from '../../gemini/types.js';
import type { ChatUsage } from './types.js';

/**
 * Gemini `usageMetadata` -> OpenAI `usage`.
 *
 * - prompt_tokens = promptTokenCount + toolUsePromptTokenCount: both are input the user pays for.
 * - completion_tokens = candidatesTokenCount + thoughtsTokenCount: OpenAI counts reasoning inside
 *   completion tokens (and details it under reasoning_tokens); Gemini counts them apart. Clients that
 *   price completion tokens (Roo Code, Cline) would otherwise under-report the cost of thinking models.
 * - total_tokens = Gemini's totalTokenCount, which is the sum of the above.
 * - cached_tokens = cachedContentTokenCount (implicit or explicit context cache hits), reported twice:
 *   in `prompt_tokens_details.cached_tokens` (OpenAI's field, read by Cline and the AI SDK) and in
 *   `cache_read_input_tokens`, the only field Roo Code's OpenAI-compatible provider reads for its cache
 *   display (RooCodeInc/Roo-Code src/api/providers/openai.ts, processUsageMetrics).
 */
export function toChatUsage(usage: UsageMetadata | undefined): ChatUsage {
  const prompt = (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0);
  const thoughts = usage?.thoughtsTokenCount ?? 0;
  const completion = (usage?.candidatesTokenCount ?? 0) + thoughts;
  const cached = usage?.cachedContentTokenCount ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage?.totalTokenCount ?? prompt + completion,
    prompt_tokens_details: { cached_tokens: cached },
    completion_tokens_details: { reasoning_tokens: thoughts },
    cache_read_input_tokens: cached,
  };
}
