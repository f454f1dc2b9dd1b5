import type { UsageMetadata } from '../../gemini/types.js';
import type { InteractionUsageWire } from '../../upstream/interactions/interactionWire.js';

type Details = Array<{ modality?: string; tokenCount?: number }>;

/**
 * Gemini's `usageMetadata` -> an interaction's `usage`: the reverse of usageOfInteraction.ts, for an
 * answer gemgate put together from several attempts (its usage is the answer's, answerUsage):
 *
 * | `usageMetadata`              | Interactions `usage`          |
 * | ---------------------------- | ----------------------------- |
 * | `promptTokenCount`           | `total_input_tokens`          |
 * | `promptTokensDetails`        | `input_tokens_by_modality` (modality lower case) |
 * | `cachedContentTokenCount`    | `total_cached_tokens`         |
 * | `cacheTokensDetails`         | `cached_tokens_by_modality`   |
 * | `candidatesTokenCount`       | `total_output_tokens`         |
 * | `candidatesTokensDetails`    | `output_tokens_by_modality`   |
 * | `thoughtsTokenCount`         | `total_thought_tokens`        |
 * | `toolUsePromptTokenCount`    | `total_tool_use_tokens`       |
 * | `totalTokenCount`            | `total_tokens`                |
 */
export function interactionUsageOf(usage: UsageMetadata | undefined): InteractionUsageWire | undefined {
  if (!usage) return undefined;
  const out: InteractionUsageWire = {};
  const count = (field: keyof InteractionUsageWire, value: unknown) => {
    if (typeof value === 'number') out[field] = value;
  };
  const details = (field: keyof InteractionUsageWire, value: unknown) => {
    if (Array.isArray(value)) {
      out[field] = (value as Details).map((entry) => ({
        ...(typeof entry.modality === 'string' ? { modality: entry.modality.toLowerCase() } : {}),
        ...(typeof entry.tokenCount === 'number' ? { tokens: entry.tokenCount } : {}),
      }));
    }
  };
  count('total_input_tokens', usage.promptTokenCount);
  details('input_tokens_by_modality', usage.promptTokensDetails);
  count('total_cached_tokens', usage.cachedContentTokenCount);
  details('cached_tokens_by_modality', usage.cacheTokensDetails);
  count('total_output_tokens', usage.candidatesTokenCount);
  details('output_tokens_by_modality', usage.candidatesTokensDetails);
  count('total_thought_tokens', usage.thoughtsTokenCount);
  count('total_tool_use_tokens', usage.toolUsePromptTokenCount);
  count('total_tokens', usage.totalTokenCount);
  return out;
}
