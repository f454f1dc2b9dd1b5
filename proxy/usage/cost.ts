import type { UsageMetadata } from '../gemini/types.js';
import { hasMedia, type MediaOutput } from '../gemini/mediaOutput.js';
import type { ModelPrice } from './modelPrice.js';
import { DEFAULT_PRICES } from './defaultPrices.js';

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
  // Images and speech priced per unit (mediaCost) are not priced again as output tokens.
  t.candidates = Math.max(
    0,
    t.candidates -
      (price.perImage !== undefined ? outputTokensOf(usage, 'IMAGE') : 0) -
      (price.perAudioSecond !== undefined ? outputTokensOf(usage, 'AUDIO') : 0),
  );
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

/** Output tokens of one modality, from usageMetadata.candidatesTokensDetails. */
function outputTokensOf(usage: UsageMetadata | undefined, modality: 'IMAGE' | 'AUDIO'): number {
  const details = usage?.candidatesTokensDetails;
  if (!Array.isArray(details)) return 0;
  return details
    .filter((entry) => entry?.modality === modality)
    .reduce((sum, entry) => sum + (Number(entry.tokenCount) || 0), 0);
}

/**
 * A price's per-image and per-second rates, falling back on the shipped ones: a price the user set
 * (`gemgate prices set`, the dashboard) states token rates only, and must not make the model's
 * images free.
 */
export function mediaRates(price: ModelPrice): Pick<ModelPrice, 'perImage' | 'perAudioSecond'> {
  const shipped = DEFAULT_PRICES.find((entry) => entry.model === price.model);
  return {
    perImage: price.perImage ?? shipped?.perImage,
    perAudioSecond: price.perAudioSecond ?? shipped?.perAudioSecond,
  };
}

/**
 * USD for a logged request, or null when it cannot be known: the model has no price; Gemini billed
 * the call but reported nothing to price it by (embeddings: `costUnknown`); or it made images or
 * speech that neither a per-unit rate nor token counts price.
 *
 * | usage | media | price                           | cost                                        |
 * | ----- | ----- | ------------------------------- | ------------------------------------------- |
 * | no    | no    | any                             | 0 (refused before answering), or null if costUnknown |
 * | any   | any   | none                            | null                                        |
 * | yes   | no    | yes                             | tokens, attempt by attempt (requestCost)     |
 * | any   | yes   | with the unit rates it needs    | tokens (media tokens left out) + units × rate |
 * | no    | yes   | without a rate the media needs  | null (Imagen whose price lost its rate)      |
 * | yes   | yes   | without a rate the media needs  | tokens, media tokens at the output rate      |
 */
export function loggedCost(
  entry: { costUnknown?: boolean; media?: MediaOutput },
  attempts: ReadonlyArray<{ usage?: UsageMetadata }>,
  usage: UsageMetadata | undefined,
  price: ModelPrice | undefined,
): number | null {
  const media = hasMedia(entry.media) ? entry.media : undefined;
  if (!usage && !media) return entry.costUnknown ? null : 0;
  if (!price) return null;
  const rated = { ...price, ...mediaRates(price) };
  const unpriced =
    media !== undefined &&
    ((media.images > 0 && rated.perImage === undefined) ||
      (media.audioSeconds > 0 && rated.perAudioSecond === undefined));
  if (unpriced && !usage) return null;
  const tokens = usage ? requestCost(attempts, usage, rated) : 0;
  return tokens + mediaCost(media, rated);
}

/** USD for the images and seconds of speech made, at the price's per-unit rates (0 without one). */
export function mediaCost(media: MediaOutput | undefined, price: ModelPrice): number {
  if (!media) return 0;
  return media.images * (price.perImage ?? 0) + media.audioSeconds * (price.perAudioSecond ?? 0);
}
