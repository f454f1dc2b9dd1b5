import type { UsageMetadata } from '../../gemini/types.js';
import type { MessageUsage } from './types.js';

/**
 * Gemini `usageMetadata` -> Anthropic `usage`:
 *
 * | Anthropic                     | Gemini                                                                  |
 * | ----------------------------- | ----------------------------------------------------------------------- |
 * | `input_tokens`                | promptTokenCount + toolUsePromptTokenCount − cachedContentTokenCount    |
 * | `cache_read_input_tokens`     | cachedContentTokenCount (implicit and explicit cache hits)              |
 * | `cache_creation_input_tokens` | 0: Gemini does not bill writing a cache by the token of a request       |
 * | `output_tokens`               | candidatesTokenCount + thoughtsTokenCount (Anthropic counts thinking as output) |
 * | `output_tokens_details.thinking_tokens` | thoughtsTokenCount, when Gemini reports it                    |
 * | `server_tool_use`             | `{web_search_requests, web_fetch_requests: 0}`, when Gemini searched the web: `searches` is the number of `server_tool_use` blocks (groundingToSearchBlocks.ts) |
 *
 * Anthropic's `input_tokens` leaves out what was read from the cache, which is counted apart;
 * Gemini's promptTokenCount includes it. Claude Code sizes its context as input + cache read + cache
 * creation, which is then the whole prompt, as Gemini counted it.
 */
export function toMessageUsage(usage: UsageMetadata | undefined, searches = 0): MessageUsage {
  const cached = usage?.cachedContentTokenCount ?? 0;
  const prompt = (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0);
  const thoughts = usage?.thoughtsTokenCount;
  const out: MessageUsage = {
    input_tokens: Math.max(0, prompt - cached),
    output_tokens: (usage?.candidatesTokenCount ?? 0) + (thoughts ?? 0),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
  if (thoughts !== undefined) out.output_tokens_details = { thinking_tokens: thoughts };
  if (searches > 0) out.server_tool_use = { web_search_requests: searches, web_fetch_requests: 0 };
  return out;
}
