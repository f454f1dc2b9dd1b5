import type { ThinkingConfig } from '../../gemini/types.js';
import type { ReasoningEffort } from './chatRequestSchema.js';
import { GEMINI_25_PRO_MINIMUM_BUDGET, type ModelTraits } from '../../models/modelTraits.js';

type ThinkingLevel = NonNullable<ThinkingConfig['thinkingLevel']>;
type ConcreteEffort = Exclude<ReasoningEffort, 'auto'>;

/**
 * OpenAI `reasoning_effort` -> Gemini, following Google's own OpenAI-compatibility table
 * (https://ai.google.dev/gemini-api/docs/openai , "Thinking"): low/medium/high are 1K/8K/24K tokens
 * on 2.5, and levels of the same name on Gemini 3.
 *
 * | effort  | Gemini 3 Pro | Gemini 3 Flash / Flash-Lite | Gemini 2.5 (budget) | Gemini 2.5 Pro (budget) |
 * |---------|--------------|-----------------------------|---------------------|-------------------------|
 * | none    | low          | minimal                     | 0                   | 128                     |
 * | minimal | low          | minimal                     | 1024                | 1024                    |
 * | low     | low          | low                         | 1024                | 1024                    |
 * | medium  | high         | medium                      | 8192                | 8192                    |
 * | high    | high         | high                        | 24576               | 24576                   |
 * | xhigh   | high         | high                        | 24576               | 24576                   |
 * | auto    | (omitted: the model's dynamic default)                                                      |
 *
 * Where Google's table is silent or the model cannot do what was asked, we pick the nearest thing
 * the model accepts rather than forwarding a value it rejects:
 * - Gemini 3 Pro only takes low and high, so minimal -> low and medium -> high (Google's choice too).
 * - Thinking cannot be switched off on Gemini 3 Pro or 2.5 Pro: `none` becomes the smallest setting
 *   (low; 128 tokens, 2.5 Pro's documented minimum). Flash models go to minimal / 0.
 * - `xhigh` (OpenAI's newest) gets the highest setting that every model of the family accepts.
 */
const GEMINI_3_PRO_LEVELS: Record<ConcreteEffort, ThinkingLevel> = {
  none: 'low',
  minimal: 'low',
  low: 'low',
  medium: 'high',
  high: 'high',
  xhigh: 'high',
};

const GEMINI_3_FLASH_LEVELS: Record<ConcreteEffort, ThinkingLevel> = {
  none: 'minimal',
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
};

const GEMINI_25_BUDGETS: Record<ConcreteEffort, number> = {
  none: 0,
  minimal: 1024,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 24576,
};

/**
 * The thinking setting for an effort, as exactly one of thinkingLevel / thinkingBudget (Gemini
 * answers 400 to both), or nothing for `auto` and for models that do not think.
 */
export function thinkingForEffort(
  effort: ReasoningEffort,
  traits: ModelTraits,
): Pick<ThinkingConfig, 'thinkingLevel' | 'thinkingBudget'> | undefined {
  if (effort === 'auto' || traits.thinking === 'none') return undefined;
  if (traits.thinking === 'level') {
    const table = traits.tier === 'pro' ? GEMINI_3_PRO_LEVELS : GEMINI_3_FLASH_LEVELS;
    return { thinkingLevel: table[effort] };
  }
  const budget = GEMINI_25_BUDGETS[effort];
  if (traits.tier === 'pro' && budget < GEMINI_25_PRO_MINIMUM_BUDGET) {
    return { thinkingBudget: GEMINI_25_PRO_MINIMUM_BUDGET };
  }
  return { thinkingBudget: budget };
}
