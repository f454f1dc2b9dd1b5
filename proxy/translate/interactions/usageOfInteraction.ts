import type { UsageMetadata } from '../../gemini/types.js';
import type {
  InteractionUsageWire,
  ModalityTokensWire,
} from '../../upstream/interactions/interactionWire.js';

/**
 * An interaction's `usage` -> Gemini's `usageMetadata`, the shape gemgate sums over attempts, prices
 * and records (the Interactions API counts the same tokens under other names; `Usage` of
 * @google/genai 3.6.1):
 *
 * | Interactions `usage`          | `usageMetadata`                             |
 * | ----------------------------- | ------------------------------------------- |
 * | `total_input_tokens`          | `promptTokenCount`                          |
 * | `total_cached_tokens`         | `cachedContentTokenCount`                   |
 * | `total_output_tokens`         | `candidatesTokenCount`                      |
 * | `total_thought_tokens`        | `thoughtsTokenCount`                        |
 * | `total_tool_use_tokens`       | `toolUsePromptTokenCount`                   |
 * | `total_tokens`                | `totalTokenCount`                           |
 * | `input_tokens_by_modality`    | `promptTokensDetails` (modality upper case) |
 * | `cached_tokens_by_modality`   | `cacheTokensDetails`                        |
 * | `output_tokens_by_modality`   | `candidatesTokensDetails`                   |
 * | `tool_use_tokens_by_modality` | `toolUsePromptTokensDetails`                |
 *
 * Counts that are absent stay absent; none is invented.
 */
export function usageOfInteraction(usage: InteractionUsageWire | undefined): UsageMetadata | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const out: UsageMetadata = {};
  // Counts first, then the lists by modality: the order usageMetadata's fields have always come in.
  for (const field of USAGE_FIELDS) {
    if (field.byModality) continue;
    const value = usage[field.wire];
    if (typeof value === 'number') out[field.gemini] = value;
  }
  for (const field of USAGE_FIELDS) {
    if (!field.byModality) continue;
    const list = usage[field.wire];
    if (Array.isArray(list)) out[field.gemini] = list.map(detailOf);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * usageOfInteraction's table, one row a field, in the order of the Interactions API's `Usage` (the
 * order interactionUsageOf.ts writes them back in); `byModality` for a list of `{modality, tokens}`.
 */
export const USAGE_FIELDS = [
  { wire: 'total_input_tokens', gemini: 'promptTokenCount', byModality: false },
  { wire: 'input_tokens_by_modality', gemini: 'promptTokensDetails', byModality: true },
  { wire: 'total_cached_tokens', gemini: 'cachedContentTokenCount', byModality: false },
  { wire: 'cached_tokens_by_modality', gemini: 'cacheTokensDetails', byModality: true },
  { wire: 'total_output_tokens', gemini: 'candidatesTokenCount', byModality: false },
  { wire: 'output_tokens_by_modality', gemini: 'candidatesTokensDetails', byModality: true },
  { wire: 'total_thought_tokens', gemini: 'thoughtsTokenCount', byModality: false },
  { wire: 'total_tool_use_tokens', gemini: 'toolUsePromptTokenCount', byModality: false },
  { wire: 'tool_use_tokens_by_modality', gemini: 'toolUsePromptTokensDetails', byModality: true },
  { wire: 'total_tokens', gemini: 'totalTokenCount', byModality: false },
] as const;

function detailOf(entry: ModalityTokensWire): { modality?: string; tokenCount?: number } {
  return {
    ...(typeof entry?.modality === 'string' ? { modality: entry.modality.toUpperCase() } : {}),
    ...(typeof entry?.tokens === 'number' ? { tokenCount: entry.tokens } : {}),
  };
}
