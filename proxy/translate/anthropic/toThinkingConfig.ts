import type { ThinkingConfig } from '../../gemini/types.js';
import { leastThinking, type ModelTraits } from '../../models/modelTraits.js';
import type { ReasoningEffort } from '../openai/chatRequestSchema.js';
import { thinkingForEffort } from '../openai/reasoningEffortTable.js';
import type { Effort, MessagesRequest } from './messagesRequestSchema.js';

/**
 * `thinking` and `output_config.effort` -> `generationConfig.thinkingConfig`, as exactly one of
 * thinkingLevel / thinkingBudget (Gemini answers 400 to both), or nothing for models that do not
 * think (they refuse a thinkingConfig):
 *
 * | thinking                  | effort  | Gemini 3 (level)          | Gemini 2.5 (budget)           | thoughts shown |
 * | ------------------------- | ------- | ------------------------- | ----------------------------- | -------------- |
 * | absent                    | absent  | the model's default       | the model's default           | no             |
 * | absent                    | E       | level for E               | budget for E                  | no             |
 * | `disabled`                | any     | the least the model takes | the least the model takes     | no             |
 * | `enabled`, budget_tokens N | ignored | level for N's effort     | N, within the model's range   | yes            |
 * | `adaptive`, `between_tools` | absent | the model's default (dynamic) | the model's default (dynamic) | yes          |
 * | `adaptive`, `between_tools` | E     | level for E               | budget for E                  | yes            |
 *
 * "Level / budget for E" is the reasoning-effort table of the OpenAI dialect
 * (../openai/reasoningEffortTable.ts), which follows Google's own: Anthropic's low, medium, high and
 * xhigh are OpenAI's efforts of the same names; `max` is `xhigh`, the most every model of a family
 * takes. A budget N counts as low up to 1,024 tokens, medium up to 8,192, high above (the budgets
 * Google's table gives those efforts). `display: "omitted"` asks for thinking without its text: the
 * thinking blocks then carry only their signatures. "The least the model takes": leastThinking in
 * models/modelTraits.ts (Gemini 3 Pro and 2.5 Pro cannot switch thinking off).
 */
export function toThinkingConfig(
  request: Pick<MessagesRequest, 'thinking' | 'output_config'>,
  traits: ModelTraits,
): ThinkingConfig | undefined {
  if (traits.thinking === 'none') return undefined;
  const thinking = request.thinking;
  const effort = request.output_config?.effort ?? undefined;
  if (thinking?.type === 'disabled') return leastThinking(traits);

  const config: ThinkingConfig =
    thinking?.type === 'enabled'
      ? { ...forBudget(thinking.budget_tokens, traits) }
      : { ...(effort ? thinkingForEffort(OPENAI_EFFORT[effort], traits) : {}) };
  if (thinking && !('display' in thinking && thinking.display === 'omitted')) config.includeThoughts = true;
  return Object.keys(config).length > 0 ? config : undefined;
}

const OPENAI_EFFORT: Record<Effort, ReasoningEffort> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'xhigh',
  max: 'xhigh',
};

/**
 * Gemini 2.5's budget ranges (https://ai.google.dev/gemini-api/docs/thinking, "Set budgets"): Pro
 * 128 to 32,768, Flash 0 to 24,576, Flash-Lite 512 to 24,576; a budget outside is refused, so it is
 * brought inside.
 */
const BUDGET_RANGES: Record<ModelTraits['tier'], [number, number]> = {
  pro: [128, 32_768],
  flash: [1, 24_576],
  'flash-lite': [512, 24_576],
  other: [1, 24_576],
};

function forBudget(
  budget: number,
  traits: ModelTraits,
): Pick<ThinkingConfig, 'thinkingLevel' | 'thinkingBudget'> | undefined {
  if (traits.thinking === 'level') {
    const effort: ReasoningEffort = budget <= 1024 ? 'low' : budget <= 8192 ? 'medium' : 'high';
    return thinkingForEffort(effort, traits);
  }
  const [min, max] = BUDGET_RANGES[traits.tier];
  return { thinkingBudget: Math.min(max, Math.max(min, budget)) };
}
