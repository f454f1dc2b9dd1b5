import type { UsageMetadata } from '../../gemini/types.js';
import type { InteractionUsageWire } from '../../upstream/interactions/interactionWire.js';
import { USAGE_FIELDS } from './usageOfInteraction.js';

type Details = Array<{ modality?: string; tokenCount?: number }>;

/**
 * Gemini's `usageMetadata` -> an interaction's `usage`: the reverse of usageOfInteraction.ts, read
 * off its USAGE_FIELDS, for an answer gemgate put together from several attempts (its usage is the
 * answer's, answerUsage):
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
  for (const field of USAGE_FIELDS) {
    // Never written back (Gemini's toolUsePromptTokensDetails is left out of an assembled answer's
    // usage, as it always has been): the one row of the table this direction skips.
    if (field.wire === 'tool_use_tokens_by_modality') continue;
    const value = usage[field.gemini];
    if (!field.byModality) {
      if (typeof value === 'number') out[field.wire] = value;
    } else if (Array.isArray(value)) {
      out[field.wire] = (value as Details).map((entry) => ({
        ...(typeof entry.modality === 'string' ? { modality: entry.modality.toLowerCase() } : {}),
        ...(typeof entry.tokenCount === 'number' ? { tokens: entry.tokenCount } : {}),
      }));
    }
  }
  return out;
}
