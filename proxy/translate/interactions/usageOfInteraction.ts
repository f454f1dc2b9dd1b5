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
  for (const [from, to] of COUNTS) {
    const value = usage[from];
    if (typeof value === 'number') out[to] = value;
  }
  for (const [from, to] of DETAILS) {
    const list = usage[from];
    if (Array.isArray(list)) out[to] = list.map(detailOf);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

const COUNTS = [
  ['total_input_tokens', 'promptTokenCount'],
  ['total_cached_tokens', 'cachedContentTokenCount'],
  ['total_output_tokens', 'candidatesTokenCount'],
  ['total_thought_tokens', 'thoughtsTokenCount'],
  ['total_tool_use_tokens', 'toolUsePromptTokenCount'],
  ['total_tokens', 'totalTokenCount'],
] as const;

const DETAILS = [
  ['input_tokens_by_modality', 'promptTokensDetails'],
  ['cached_tokens_by_modality', 'cacheTokensDetails'],
  ['output_tokens_by_modality', 'candidatesTokensDetails'],
  ['tool_use_tokens_by_modality', 'toolUsePromptTokensDetails'],
] as const;

function detailOf(entry: ModalityTokensWire): { modality?: string; tokenCount?: number } {
  return {
    ...(typeof entry?.modality === 'string' ? { modality: entry.modality.toUpperCase() } : {}),
    ...(typeof entry?.tokens === 'number' ? { tokenCount: entry.tokens } : {}),
  };
}
