import type { ModelPrice } from './modelPrice.js';

/**
 * The prices gemgate ships with, for Gemini's paid tier at standard rates, in USD per 1M tokens.
 * Users override any of them with `gemgate prices set`; their rows win over these. A model with no
 * row here and none of the user's has no price: its cost shows as "no price", never $0, and
 * `gemgate prices list` names it among the models in use without one.
 *
 * Source: Google's "Gemini Developer API Pricing" page, https://ai.google.dev/gemini-api/docs/pricing .
 * That page itself could not be fetched here; the figures come from transcriptions of it that quote
 * it verbatim, read 2026-12-07: api-evangelist/gemini plans/gemini-plans-pricing.yml (page read
 * 2026-09-20) and api-evangelist/deepmind plans/deepmind-plans-pricing.yml (page read 2026-10-07)
 * for 3.8 Flash, 3.5 Flash, 3.5 Flash-Lite, 3.1 Pro Preview, 2.5 Pro, 2.5 Flash, 2.5 Flash-Lite and
 * Gemini Embedding 2; apidog.com's "Gemini API free tier" (reading the page on 2026-10-22) for 3.6
 * Flash and 3.1 Flash-Lite, which geotoolbox.ai's July 2026 table agrees with; factquire.com's
 * gemini-3-flash-preview record (quoting the page, 2026-07-04) for 3 Flash Preview; the Gemini forum
 * thread "Question about Gemini API caching pricing" (discuss.ai.google.dev/t/107349) for 2.5 Pro's
 * cached rates. Cached rates the sources did not quote are 10% of the input rate, the "90% discount"
 * of https://ai.google.dev/gemini-api/docs/optimization . Input rates are the text/image/video ones
 * (audio input costs more; usage does not say which it was). Thought tokens are billed as output
 * ("Output price (including thinking tokens)").
 *
 * 3.8 and 3.6 Flash are priced "$0.75 [input] / $3.75 [output] through December 31, 2026", then
 * $1.50 / $7.50 from January 1, 2027: the table holds today's; a gemgate of 2027 ships the new ones.
 *
 * Retired models have no row (they answer only 404s): the 2.0 models (shut down 2026-06-01), Imagen
 * 3 (2025-11-10) and Imagen 4 (2026-08); see proxy/models/retiredModels.ts.
 */
export const DEFAULT_PRICES_AS_OF = '2026-10-22';
export const DEFAULT_PRICES_SOURCE = 'https://ai.google.dev/gemini-api/docs/pricing';

/** Gemini's long-prompt tier starts above this many prompt tokens ("prompts > 200k tokens"). */
const LONG = 200_000;

/** Gemini 3 Pro's prices, the same for 3 Pro Preview and 3.1 Pro Preview. */
const GEMINI_3_PRO = {
  input: 2,
  output: 12,
  cached: 0.2,
  longThreshold: LONG,
  inputLong: 4,
  outputLong: 18,
  cachedLong: 0.4,
};

/** 3.8 and 3.6 Flash until 2026-12-31 (see above). */
const FLASH_3_6 = { input: 0.75, output: 3.75, cached: 0.075 };

/**
 * Image and speech models, priced per image and per second of speech as Google's pricing page
 * states them (same page; read 2026-12-03 from transcriptions that quote it: the Gemini forum thread
 * discuss.ai.google.dev/t/101173, whose answer retrieved the page, for 2.5 Flash Image;
 * blog.laozhang.ai's "Cheap Gemini Image API" table, Feb 2026, and api-evangelist/gemini's
 * transcription ("$120.00 (images)", "Equivalent to $0.134 per 1K/2K image"), 2026-09-20, for 3 Pro Image).
 *
 * - 2.5 Flash Image: text and image input $0.30 per 1M tokens; $0.039 per image ("Image output is
 *   priced at $30 per 1,000,000 tokens … 1290 tokens … per image"); its text output is priced as
 *   2.5 Flash's. Gemini's image models report image tokens, so `imageTokens` turns the per-image
 *   price into the per-token one Google bills by (cost.ts).
 * - 3 Pro Image: input $2, text output $12 per 1M tokens; $0.134 per 1K or 2K image of 1120
 *   tokens ($120 per 1M image tokens, so a 4K image's 2000 tokens come to its $0.24).
 * - TTS: text input $0.50 (Flash) or $1 (Pro) per 1M tokens, audio output $10 or $20 per 1M
 *   tokens (as public price tables in other projects quote the page, one dated 2026-09-08), at 32
 *   tokens per second of speech (the token guide's audio rate, which a Google reply on
 *   discuss.ai.google.dev/t/87410 confirms for TTS output; some projects assume 25): $0.00032 or
 *   $0.00064 per second.
 */
const MEDIA_PRICES: readonly ModelPrice[] = [
  { model: 'gemini-2.5-flash-image', input: 0.3, output: 2.5, perImage: 0.039, imageTokens: 1290 },
  { model: 'gemini-3-pro-image-preview', input: 2, output: 12, perImage: 0.134, imageTokens: 1120 },
  { model: 'gemini-2.5-flash-preview-tts', input: 0.5, output: 10, perAudioSecond: 0.00032 },
  { model: 'gemini-2.5-pro-preview-tts', input: 1, output: 20, perAudioSecond: 0.00064 },
];

export const DEFAULT_PRICES: readonly ModelPrice[] = [
  { model: 'gemini-3.8-flash', ...FLASH_3_6 },
  { model: 'gemini-3.6-flash', ...FLASH_3_6 },
  { model: 'gemini-3.5-flash', input: 1.5, output: 9, cached: 0.15 },
  { model: 'gemini-3.5-flash-lite', input: 0.3, output: 2.5, cached: 0.03 },
  { model: 'gemini-3.1-flash-lite', input: 0.25, output: 1.5, cached: 0.025 },
  { model: 'gemini-3.1-pro-preview', ...GEMINI_3_PRO },
  // Shut down in favour of 3.1 Pro Preview (2026-03-09); kept so the emulator's catalogue prices.
  { model: 'gemini-3-pro-preview', ...GEMINI_3_PRO },
  { model: 'gemini-3-flash-preview', input: 0.5, output: 3, cached: 0.05 },
  {
    model: 'gemini-2.5-pro',
    input: 1.25,
    output: 10,
    cached: 0.125,
    longThreshold: LONG,
    inputLong: 2.5,
    outputLong: 15,
    cachedLong: 0.25,
  },
  { model: 'gemini-2.5-flash', input: 0.3, output: 2.5, cached: 0.03 },
  { model: 'gemini-2.5-flash-lite', input: 0.1, output: 0.4, cached: 0.01 },
  { model: 'gemini-embedding-2', input: 0.2, output: 0 },
  { model: 'gemini-embedding-001', input: 0.15, output: 0 },
  ...MEDIA_PRICES,
];
