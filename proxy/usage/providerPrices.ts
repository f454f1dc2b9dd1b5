import type { ModelPrice, PriceTier } from './modelPrice.js';

/**
 * Prices of other providers' models, in USD per 1M tokens, by the preset a provider was made
 * from (config/providerPresets.ts); a provider's prices are listed as `NAME/model`. Users override
 * any of them with `gemgate prices set NAME/model`; a provider made by hand, or one whose service
 * bills in another currency, starts unpriced (its costs are unknown until priced).
 *
 * DashScope international (Singapore), standard (non-batch) rates, from Model Studio's model list
 * (https://www.alibabacloud.com/help/en/model-studio/models), as transcribed in LiteLLM's price table
 * (BerriAI/litellm model_prices_and_context_window.json, `dashscope/…`, read 2026-12): Qwen prices
 * by input length, so the models that do come in tiers (the whole call at its prompt's tier). The
 * thinking-mode output rates of Qwen Plus and Turbo are higher than these; usage does not say
 * which mode a call used, so thinking calls are priced low. The mainland region bills in CNY: its
 * preset ships no prices.
 *
 * DeepSeek, from https://api-docs.deepseek.com/quick_start/pricing (as transcribed there too):
 * deepseek-chat and deepseek-reasoner cost the same; cache hits are billed at the cached rate.
 */
const DASHSCOPE_INTL: readonly ModelPrice[] = [
  // Embeddings bill input only: $0.07 per 1M tokens in Singapore, from Model Studio's embedding page
  // (https://www.alibabacloud.com/help/en/model-studio/embedding-interfaces-compatible-with-openai).
  { model: 'text-embedding-v4', input: 0.07, output: 0 },
  { model: 'text-embedding-v3', input: 0.07, output: 0 },
  { model: 'qwen-max', input: 1.6, output: 6.4 },
  { model: 'qwen-plus', input: 0.4, output: 1.2 },
  // [prompt tokens up to, input, output, cached]
  tiered('qwen-plus-latest', [256_000, 0.4, 1.2], [1_000_000, 1.2, 3.6]),
  { model: 'qwen-turbo', input: 0.05, output: 0.2 },
  tiered('qwen-flash', [256_000, 0.05, 0.4], [1_000_000, 0.25, 2]),
  tiered('qwen3-max', [32_000, 1.2, 6], [128_000, 2.4, 12], [252_000, 3, 15]),
  tiered(
    'qwen3-coder-plus',
    [32_000, 1, 5, 0.1],
    [128_000, 1.8, 9, 0.18],
    [256_000, 3, 15, 0.3],
    [1_000_000, 6, 60, 0.6],
  ),
];

const DEEPSEEK: readonly ModelPrice[] = [
  { model: 'deepseek-chat', input: 0.28, output: 0.42, cached: 0.028 },
  { model: 'deepseek-reasoner', input: 0.28, output: 0.42, cached: 0.028 },
];

export const PRESET_PRICES: Readonly<Record<string, readonly ModelPrice[]>> = {
  'dashscope-intl': DASHSCOPE_INTL,
  deepseek: DEEPSEEK,
};

/** The name a price is kept under: Gemini's models by id, another provider's as `provider/model`. */
export function priceKey(provider: string | null | undefined, model: string): string {
  return !provider || provider === 'gemini' ? model : `${provider}/${model}`;
}

/** The shipped prices of these providers' models, under their `provider/model` names. */
export function providerDefaultPrices(
  providers: ReadonlyArray<{ name: string; preset: string | null }>,
): ModelPrice[] {
  return providers.flatMap((provider) =>
    (provider.preset ? (PRESET_PRICES[provider.preset] ?? []) : []).map((price) => ({
      ...price,
      model: priceKey(provider.name, price.model),
    })),
  );
}

/**
 * A price by prompt length, its tiers given as [up to prompt tokens, input, output, cached?]; its
 * flat rates (what a listing shows first) are its first tier's.
 */
function tiered(
  model: string,
  ...tiers: Array<[upTo: number, input: number, output: number, cached?: number]>
): ModelPrice {
  const [[, input, output]] = tiers as [[number, number, number]];
  return {
    model,
    input,
    output,
    tiers: tiers.map(([upTo, input, output, cached]): PriceTier =>
      cached === undefined ? { upTo, input, output } : { upTo, input, output, cached },
    ),
  };
}
