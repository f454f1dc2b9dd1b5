import { z } from 'zod';
import { InputError } from '../failures/inputError.js';

/**
 * A model's price in USD per 1M tokens, Gemini's paid tier, standard (not batch) rates. Where
 * Gemini charges more for long prompts, the `*Long` rates apply to a whole request whose prompt is
 * above `longThreshold` tokens.
 */
export interface ModelPrice {
  model: string;
  input: number;
  output: number;
  /** Cached input (context caching); absent: cached tokens cost as much as other input. */
  cached?: number;
  longThreshold?: number;
  inputLong?: number;
  outputLong?: number;
  cachedLong?: number;
  /** USD per image made (Imagen, and Gemini's image models), as Google's pricing page states it. */
  perImage?: number;
  /**
   * The IMAGE output tokens Gemini reports for one such image (1290 for 2.5 Flash Image): image
   * tokens are then priced at perImage / imageTokens each, not as text output. Imagen reports no
   * tokens and has none.
   */
  imageTokens?: number;
  /** USD per second of speech made (Gemini's TTS models); its AUDIO tokens are priced from it. */
  perAudioSecond?: number;
  /**
   * Rates by prompt length, for services that charge more the longer the prompt (Qwen's models):
   * a call is priced whole at the first tier whose `upTo` its prompt tokens do not exceed, or at
   * the last tier above them all. Replaces input/output/cached (and the long-prompt rates).
   */
  tiers?: PriceTier[];
}

export interface PriceTier {
  /** The largest prompt, in tokens, this tier's rates apply to. */
  upTo: number;
  input: number;
  output: number;
  cached?: number;
}

const usd = z.number().min(0).max(10_000);

export const modelPriceSchema = z
  .object({
    model: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(
        /^[A-Za-z0-9._:-]+(\/[A-Za-z0-9._:@-]+)?$/,
        "a model id such as gemini-2.5-flash, or another provider's as provider/model (qwen/qwen-plus)",
      )
      .transform((model) => model.replace(/^models\//, '')),
    input: usd,
    output: usd,
    cached: usd.optional(),
    longThreshold: z.number().int().min(1).optional(),
    inputLong: usd.optional(),
    outputLong: usd.optional(),
    cachedLong: usd.optional(),
    perImage: usd.optional(),
    imageTokens: z.number().int().min(1).max(100_000).optional(),
    perAudioSecond: usd.optional(),
    tiers: z
      .array(
        z.object({ upTo: z.number().int().min(1), input: usd, output: usd, cached: usd.optional() }).strict(),
      )
      .min(1)
      .max(10)
      .optional(),
  })
  .strict()
  .refine(
    (price) => !price.tiers || price.tiers.every((tier, i, all) => i === 0 || tier.upTo > all[i - 1]!.upTo),
    { message: 'tiers must go up by prompt length (each upTo above the one before)' },
  )
  .refine((price) => !price.tiers || price.longThreshold === undefined, {
    message: 'give either tiers or a long-prompt threshold, not both',
  })
  .refine(
    (price) =>
      price.longThreshold !== undefined ||
      (price.inputLong === undefined && price.outputLong === undefined && price.cachedLong === undefined),
    { message: 'long-prompt rates need a long-prompt threshold (--long-threshold)' },
  );

export function parseModelPrice(raw: unknown): ModelPrice {
  const result = modelPriceSchema.safeParse(raw);
  if (!result.success) {
    const reason = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'price'}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid price: ${reason}.`);
  }
  const price = Object.fromEntries(
    Object.entries(result.data).filter(([, value]) => value !== undefined),
  ) as unknown as ModelPrice;
  if (price.tiers) {
    price.tiers = price.tiers.map((tier) =>
      tier.cached === undefined ? { upTo: tier.upTo, input: tier.input, output: tier.output } : tier,
    );
  }
  return price;
}

/**
 * The price entry for a model: its own, else the longest entry it extends at a `-` boundary, so
 * `gemini-2.5-flash-preview-09-2025` is priced as `gemini-2.5-flash` and `gemini-2.5-flash-lite`
 * keeps its own row.
 */
export function findPrice(prices: ReadonlyMap<string, ModelPrice>, model: string): ModelPrice | undefined {
  const name = model.replace(/^models\//, '');
  const exact = prices.get(name);
  if (exact) return exact;
  let best: ModelPrice | undefined;
  for (const [candidate, price] of prices) {
    if (name.startsWith(`${candidate}-`) && (!best || candidate.length > best.model.length)) best = price;
  }
  return best;
}
