/**
 * How a cut stream is continued: `partial` (DashScope's partial mode), `prefix` (DeepSeek's prefix
 * completion), or `prompt` (the text so far as an assistant turn and a user turn asking to go on).
 */
export type ContinuationStyle = 'partial' | 'prefix' | 'prompt';
export const CONTINUATION_STYLES: readonly ContinuationStyle[] = ['partial', 'prefix', 'prompt'];

/**
 * Services gemgate knows by name, so `providers add qwen --base-url dashscope-intl` is enough.
 * A preset brings the compatible-mode API root, how a cut stream of theirs is continued
 * (docs/RESUME.md), and, where the service publishes them in USD, its prices (usage/providerPrices.ts).
 *
 * - DashScope (Alibaba Cloud Model Studio), OpenAI-compatible mode: the international (Singapore)
 *   and mainland China (Beijing) regions have their own roots and their own keys
 *   (https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope).
 *   Partial mode continues an assistant turn marked `"partial": true`
 *   (https://www.alibabacloud.com/help/en/model-studio/partial-mode).
 * - DeepSeek: prefix completion (`"prefix": true` on the last assistant turn) is served under the
 *   beta root, which serves the rest of the API too (https://api-docs.deepseek.com/guides/chat_prefix_completion).
 * - OpenRouter and OpenAI: no way to continue a turn, so a continuation asks in a user turn.
 */
export interface ProviderPreset {
  name: string;
  baseUrl: string;
  continuation: ContinuationStyle;
  /** The model list, for services whose GET /models is not worth asking (or not served at that root). */
  models?: readonly string[];
  describe: string;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    name: 'dashscope-intl',
    baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
    continuation: 'partial',
    describe: 'Alibaba Cloud Model Studio (Qwen), international region (Singapore)',
  },
  {
    name: 'dashscope-cn',
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    continuation: 'partial',
    describe: 'Alibaba Cloud Model Studio (Qwen), mainland China region (Beijing)',
  },
  {
    name: 'deepseek',
    baseUrl: 'https://api.deepseek.com/beta',
    continuation: 'prefix',
    models: ['deepseek-chat', 'deepseek-reasoner'],
    describe: 'DeepSeek (beta root: prefix completion)',
  },
  {
    name: 'openrouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    continuation: 'prompt',
    describe: 'OpenRouter',
  },
  {
    name: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    continuation: 'prompt',
    describe: 'OpenAI',
  },
];

export function findPreset(name: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((preset) => preset.name === name);
}

/** The preset whose root this URL is (after trimming), if any: a hand-typed DashScope URL still gets partial mode. */
export function presetOfUrl(url: string): ProviderPreset | undefined {
  const trimmed = url.replace(/\/+$/, '');
  return PROVIDER_PRESETS.find((preset) => preset.baseUrl === trimmed);
}
