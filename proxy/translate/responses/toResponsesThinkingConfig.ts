import type { ThinkingConfig } from '../../gemini/types.js';
import type { ModelTraits } from '../../models/modelTraits.js';
import { thinkingForEffort } from '../openai/reasoningEffortTable.js';
import type { ResponsesRequest } from './responsesRequestSchema.js';

/**
 * `reasoning` -> `generationConfig.thinkingConfig`.
 *
 * | Responses                                   | Gemini                                                     |
 * |---------------------------------------------|------------------------------------------------------------|
 * | `effort` none … xhigh                       | the chat dialect's table (reasoningEffortTable.ts): a level |
 * |                                             | on Gemini 3, a budget on 2.5                               |
 * | `effort: 'max'` (OpenAI's newest)           | as `xhigh`: the most the model family takes                |
 * | `summary` (or the older `generate_summary`) | `includeThoughts: true`: Gemini's thought summaries become |
 * | auto / concise / detailed                   | reasoning summary items (`none`, as Codex writes it: off)  |
 * | absent                                      | nothing: the model's own default                           |
 *
 * Unlike chat completions, an effort alone does not turn summaries on: OpenAI returns reasoning
 * summaries only when `summary` asks for them, and Responses clients rely on that.
 * Models that do not think get no thinkingConfig at all (they refuse one).
 */
export function toResponsesThinkingConfig(
  reasoning: ResponsesRequest['reasoning'],
  traits: ModelTraits,
): ThinkingConfig | undefined {
  if (!reasoning || traits.thinking === 'none') return undefined;
  const effort = reasoning.effort === 'max' ? 'xhigh' : reasoning.effort;
  const config: ThinkingConfig = { ...(effort ? thinkingForEffort(effort, traits) : {}) };
  const summary = reasoning.summary ?? reasoning.generate_summary;
  if (summary && summary !== 'none') config.includeThoughts = true;
  return Object.keys(config).length > 0 ? config : undefined;
}
