import type { UsageMetadata } from '../gemini/types.js';
import type { ModelPrice } from './modelPrice.js';

/** Tokens as Gemini bills them, from one usageMetadata. */
export interface BilledTokens {
  /** Prompt tokens, cached ones included (Gemini's promptTokenCount). */
  prompt: number;
  cached: number;
  toolPrompt: number;
  candidates: number;
  thoughts: number;
}

export function billedTokens(usage: UsageMetadata | undefined): BilledTokens {
  return {
    prompt: usage?.promptTokenCount ?? 0,
    cached: usage?.cachedContentTokenCount ?? 0,
    toolPrompt: usage?.toolUsePromptTokenCount ?? 0,
    candidates: usage?.candidatesTokenCount ?? 0,
    thoughts: usage?.thoughtsTokenCount ?? 0,
  };
}

/**
 * USD for one upstream call. `promptTokenCount` includes the cached tokens, which are billed at
 * the cached rate instead; tool-use prompt tokens are input; thoughts are billed as output. The
 * long-prompt tier applies to the whole call when its prompt is above the threshold.
 */
export function callCost(usage: UsageMetadata | undefined, price: ModelPrice): number {
  const t = billedTokens(usage);
  const long = price.longThreshold !== undefined && t.prompt > price.longThreshold;
  const input = long ? (price.inputLong ?? price.input) : price.input;
  const output = long ? (price.outputLong ?? price.output) : price.output;
  const cached = (long ? (price.cachedLong ?? price.cached) : price.cached) ?? input;
  const fresh = Math.max(0, t.prompt - t.cached) + t.toolPrompt;
  return (fresh * input + t.cached * cached + (t.candidates + t.thoughts) * output) / 1_000_000;
}

/**
 * USD for a request: each attempt is its own billed call (the long-prompt tier is decided per
 * call), so the cost is the sum over attempts when their usage is known, else that of the total.
 */
export function requestCost(
  attempts: ReadonlyArray<{ usage?: UsageMetadata }>,
  total: UsageMetadata | undefined,
  price: ModelPrice,
): number {
  // An attempt without usage reported none (cut before its first frame) and adds nothing to the total.
  const known = attempts.filter((attempt) => attempt.usage);
  if (known.length === 0) return callCost(total, price);
  return known.reduce((sum, attempt) => sum + callCost(attempt.usage, price), 0);
}
