import type { UsageMetadata } from '../gemini/types.js';
import { hasMedia, type MediaOutput } from '../gemini/mediaOutput.js';
import type { ModelPrice, PriceTier } from './modelPrice.js';
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
 * Audio tokens Gemini counts per second of speech: the token guide's audio rate
 * (https://ai.google.dev/gemini-api/docs/tokens), which a Google reply confirms for TTS output
 * (discuss.ai.google.dev/t/87410). Turns a per-second price into a per-token one.
 */
export const AUDIO_TOKENS_PER_SECOND = 32;

/**
 * USD for one upstream call. `promptTokenCount` includes the cached tokens, which are billed at
 * the cached rate instead; tool-use prompt tokens are input; thoughts are billed as output. The
 * long-prompt tier applies to the whole call when its prompt is above the threshold.
 *
 * Image and audio output, which Gemini reports by modality in candidatesTokensDetails, is priced
 * at the per-unit rates where the price has them (mediaTokenRates), not as text output: that is
 * how Google bills it ("Image output is priced at $30 per 1,000,000 tokens", 1290 tokens an image),
 * and it bills every attempt by what that attempt reported, a cut one included.
 */
export function callCost(usage: UsageMetadata | undefined, price: ModelPrice): number {
  const t = billedTokens(usage);
  const rates = mediaTokenRates(price);
  const imageTokens = rates.image === undefined ? 0 : outputTokensOf(usage, 'IMAGE');
  const audioTokens = rates.audio === undefined ? 0 : outputTokensOf(usage, 'AUDIO');
  const textOutput = Math.max(0, t.candidates - imageTokens - audioTokens);
  const tier = tierOf(price, t.prompt);
  const long = !tier && price.longThreshold !== undefined && t.prompt > price.longThreshold;
  const input = tier ? tier.input : long ? (price.inputLong ?? price.input) : price.input;
  const output = tier ? tier.output : long ? (price.outputLong ?? price.output) : price.output;
  const cached = (tier ? tier.cached : long ? (price.cachedLong ?? price.cached) : price.cached) ?? input;
  const fresh = Math.max(0, t.prompt - t.cached) + t.toolPrompt;
  return (
    (fresh * input + t.cached * cached + (textOutput + t.thoughts) * output) / 1_000_000 +
    imageTokens * (rates.image ?? 0) +
    audioTokens * (rates.audio ?? 0)
  );
}

/**
 * The tier a call's prompt falls in: the first whose `upTo` it does not exceed, else the last
 * (a prompt longer than any tier says is priced at the dearest rates, not for free).
 */
export function tierOf(price: ModelPrice, promptTokens: number): PriceTier | undefined {
  const tiers = price.tiers;
  if (!tiers || tiers.length === 0) return undefined;
  return tiers.find((tier) => promptTokens <= tier.upTo) ?? tiers[tiers.length - 1];
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

/**
 * A price's per-image and per-second rates, falling back on the shipped ones: a price the user set
 * (`gemgate prices set`, the dashboard) states token rates only, and must not make the model's
 * images free.
 */
export function mediaRates(
  price: ModelPrice,
): Pick<ModelPrice, 'perImage' | 'imageTokens' | 'perAudioSecond'> {
  const shipped = DEFAULT_PRICES.find((entry) => entry.model === price.model);
  const perImage = price.perImage ?? shipped?.perImage;
  const imageTokens = price.imageTokens ?? shipped?.imageTokens;
  const perAudioSecond = price.perAudioSecond ?? shipped?.perAudioSecond;
  return {
    ...(perImage === undefined ? {} : { perImage }),
    ...(imageTokens === undefined ? {} : { imageTokens }),
    ...(perAudioSecond === undefined ? {} : { perAudioSecond }),
  };
}

/** USD per output token of modality IMAGE and AUDIO, where the price says what a unit costs. */
function mediaTokenRates(price: ModelPrice): { image?: number; audio?: number } {
  const rates = mediaRates(price);
  return {
    ...(rates.perImage !== undefined && rates.imageTokens
      ? { image: rates.perImage / rates.imageTokens }
      : {}),
    ...(rates.perAudioSecond !== undefined ? { audio: rates.perAudioSecond / AUDIO_TOKENS_PER_SECOND } : {}),
  };
}

/**
 * USD for a logged request, or null when it cannot be known: the model has no price; Gemini billed
 * the call but reported nothing to price it by (embeddings: `costUnknown`); or it made images or
 * speech that nothing prices.
 *
 * Tokens are priced attempt by attempt (requestCost; image and audio tokens per unit, see
 * callCost). The images and seconds the route counted (`media`) are priced only where the tokens
 * did not already say them: Imagen, which reports no tokens at all, or an answer without
 * per-modality counts.
 *
 * | usage | media | price                                   | cost                                  |
 * | ----- | ----- | --------------------------------------- | ------------------------------------- |
 * | no    | no    | any                                     | 0 (refused before answering), or null if costUnknown |
 * | any   | any   | none                                    | null                                  |
 * | yes   | any   | yes                                     | tokens, + media the tokens left out   |
 * | no    | yes   | with the per-unit rate the media needs  | units × rate (Imagen)                 |
 * | no    | yes   | without it                              | null                                  |
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
  const reported = [usage, ...attempts.map((attempt) => attempt.usage)];
  const left: MediaOutput = {
    images: reported.some((u) => outputTokensOf(u, 'IMAGE') > 0) ? 0 : (media?.images ?? 0),
    audioSeconds: reported.some((u) => outputTokensOf(u, 'AUDIO') > 0) ? 0 : (media?.audioSeconds ?? 0),
  };
  const unpriced =
    (left.images > 0 && rated.perImage === undefined) ||
    (left.audioSeconds > 0 && rated.perAudioSecond === undefined);
  if (unpriced && !usage) return null;
  const tokens = usage ? requestCost(attempts, usage, rated) : 0;
  return tokens + mediaCost(left, rated);
}

/** USD for images and seconds of speech, at the price's per-unit rates (0 without one). */
export function mediaCost(media: MediaOutput | undefined, price: ModelPrice): number {
  if (!media) return 0;
  return media.images * (price.perImage ?? 0) + media.audioSeconds * (price.perAudioSecond ?? 0);
}

/** Output tokens of one modality, from usageMetadata.candidatesTokensDetails. */
function outputTokensOf(usage: UsageMetadata | undefined, modality: 'IMAGE' | 'AUDIO'): number {
  const details = usage?.candidatesTokensDetails;
  if (!Array.isArray(details)) return 0;
  return details
    .filter((entry) => entry?.modality === modality)
    .reduce((sum, entry) => sum + (Number(entry.tokenCount) || 0), 0);
}
