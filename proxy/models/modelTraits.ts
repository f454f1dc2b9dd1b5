import type { ThinkingConfig } from '../gemini/types.js';

/**
 * Clients name Gemini models the way their docs or presets do: `gemini-2.5-flash`,
 * `models/gemini-2.5-flash` (Gemini's own resource name, copied from ListModels), or
 * `google/gemini-2.5-flash` (OpenRouter-style presets in Cherry Studio and Roo Code).
 * Returns the bare id; the upstream client adds `models/` itself.
 */
export function normaliseModelName(model: string): string {
  let name = model.trim();
  for (;;) {
    const stripped = name.replace(/^(models|google)\//, '');
    if (stripped === name) return name;
    name = stripped;
  }
}

/**
 * How a model family is told how hard to think (https://ai.google.dev/gemini-api/docs/thinking):
 * - `level`: Gemini 3 and later take `thinkingLevel`.
 * - `budget`: Gemini 2.5 takes `thinkingBudget` (a token count). The `-latest` aliases get a budget
 *   too: their target moves, and Gemini 3 still accepts a budget "for backwards compatibility"
 *   while 2.5 rejects a level.
 * - `none`: models without thinking (Gemma, Gemini 2.0 and older, 2.5 image and TTS models) reject a
 *   thinkingConfig.
 */
export type ThinkingStyle = 'level' | 'budget' | 'none';

export type ModelTier = 'pro' | 'flash' | 'flash-lite' | 'other';

export interface ModelTraits {
  thinking: ThinkingStyle;
  tier: ModelTier;
  /**
   * Gemini 3 rejects a replayed function call without a thought signature (a 400) and documents
   * `skip_thought_signature_validator` as the stand-in; 2.5 does not check.
   */
  requiresThoughtSignatures: boolean;
  /** Gemini 3 refuses a conversation whose last turn is the model's ("Requests ending with a model turn are not supported"). */
  rejectsTrailingModelTurn: boolean;
}

export function modelTraits(model: string): ModelTraits {
  const name = normaliseModelName(model).toLowerCase();
  const tier: ModelTier = name.includes('flash-lite')
    ? 'flash-lite'
    : name.includes('flash')
      ? 'flash'
      : name.includes('pro')
        ? 'pro'
        : 'other';

  const version = /^gemini-(\d+)(?:\.(\d+))?/.exec(name);
  if (version) {
    const major = Number(version[1]);
    const minor = Number(version[2] ?? 0);
    if (major >= 3) {
      return { thinking: 'level', tier, requiresThoughtSignatures: true, rejectsTrailingModelTurn: true };
    }
    // 2.5 image and speech models do not think and reject a thinkingConfig.
    if (major === 2 && minor >= 5 && /-(image|tts)\b/.test(name)) {
      return { thinking: 'none', tier, requiresThoughtSignatures: false, rejectsTrailingModelTurn: false };
    }
    if (major === 2 && minor >= 5)
      return { thinking: 'budget', tier, requiresThoughtSignatures: false, rejectsTrailingModelTurn: false };
    if (name.includes('thinking'))
      return { thinking: 'budget', tier, requiresThoughtSignatures: false, rejectsTrailingModelTurn: false };
    return { thinking: 'none', tier, requiresThoughtSignatures: false, rejectsTrailingModelTurn: false };
  }
  if (/^gemini-.*latest$/.test(name))
    return { thinking: 'budget', tier, requiresThoughtSignatures: false, rejectsTrailingModelTurn: false };
  return { thinking: 'none', tier, requiresThoughtSignatures: false, rejectsTrailingModelTurn: false };
}

/** Gemini 2.5 Pro's smallest thinking budget: it cannot switch thinking off. */
export const GEMINI_25_PRO_MINIMUM_BUDGET = 128;

/**
 * The least thinking a model accepts, as exactly one of thinkingLevel / thinkingBudget
 * (https://ai.google.dev/gemini-api/docs/thinking): Gemini 3 Pro takes only low and high, Gemini 3
 * Flash goes down to minimal, 2.5 Flash and Flash-Lite switch thinking off with a budget of 0, and
 * 2.5 Pro cannot go below 128. Undefined for models that do not think.
 */
export function leastThinking(
  traits: ModelTraits,
): Pick<ThinkingConfig, 'thinkingLevel' | 'thinkingBudget'> | undefined {
  if (traits.thinking === 'none') return undefined;
  if (traits.thinking === 'level') return { thinkingLevel: traits.tier === 'pro' ? 'low' : 'minimal' };
  return { thinkingBudget: traits.tier === 'pro' ? GEMINI_25_PRO_MINIMUM_BUDGET : 0 };
}
