import type { UsageMetadata } from '../../gemini/types.js';
import type { ChatUsageWire } from '../../upstream/openaiCompatible/chatWire.js';

/**
 * An OpenAI-style usage object -> the usageMetadata gemgate records and prices, so every
 * provider's requests land in the same log, reports, budgets and alerts.
 *
 * | OpenAI-style usage (DashScope, DeepSeek, OpenAI)  | usageMetadata              |
 * | ------------------------------------------------- | -------------------------- |
 * | prompt_tokens                                     | promptTokenCount           |
 * | prompt_tokens_details.cached_tokens               | cachedContentTokenCount    |
 * | completion_tokens - reasoning_tokens              | candidatesTokenCount       |
 * | completion_tokens_details.reasoning_tokens        | thoughtsTokenCount         |
 * | total_tokens (else prompt + completion)           | totalTokenCount            |
 *
 * Reasoning tokens are part of completion_tokens there and apart from candidatesTokenCount in
 * Gemini's counts; both are billed as output, as cost.ts prices thoughts.
 */
export function usageMetadataOf(usage: ChatUsageWire | null | undefined): UsageMetadata | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  const reasoning = Math.min(count(usage.completion_tokens_details?.reasoning_tokens), completion);
  const cached = count(usage.prompt_tokens_details?.cached_tokens);
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: completion - reasoning,
    ...(reasoning > 0 ? { thoughtsTokenCount: reasoning } : {}),
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
    totalTokenCount: count(usage.total_tokens) || prompt + completion,
  };
}

/** usageMetadata -> the OpenAI-style usage a streaming client is shown at the end of a resumed answer. */
export function chatUsageOf(usage: UsageMetadata | undefined): ChatUsageWire | undefined {
  if (!usage) return undefined;
  const prompt = usage.promptTokenCount ?? 0;
  const reasoning = usage.thoughtsTokenCount ?? 0;
  const completion = (usage.candidatesTokenCount ?? 0) + reasoning;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(usage.cachedContentTokenCount
      ? { prompt_tokens_details: { cached_tokens: usage.cachedContentTokenCount } }
      : {}),
    ...(reasoning > 0 ? { completion_tokens_details: { reasoning_tokens: reasoning } } : {}),
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
