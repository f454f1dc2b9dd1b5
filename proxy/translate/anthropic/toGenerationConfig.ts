import type { GenerationConfig, ThinkingConfig } from '../../gemini/types.js';
import { toGenerationConfig as fromSamplingFields } from '../openai/toGenerationConfig.js';
import type { MessagesRequest } from './messagesRequestSchema.js';

/**
 * Sampling and output settings (https://ai.google.dev/api/generate-content#generationconfig), one to
 * one where Gemini has the same knob, through the OpenAI dialect's table (../openai/toGenerationConfig.ts):
 *
 * | Anthropic                                  | Gemini                                               |
 * | ------------------------------------------ | ---------------------------------------------------- |
 * | `max_tokens` (thinking included, as in Gemini) | `maxOutputTokens`                                 |
 * | `temperature`, `top_p`                     | `temperature`, `topP`                                |
 * | `top_k` above 0                            | `topK`                                               |
 * | `stop_sequences` (non-empty)               | `stopSequences`                                      |
 * | `output_config.format` (or the beta's `output_format`) `json_schema` | `responseMimeType: application/json`, `responseJsonSchema` |
 * | thinking (toThinkingConfig.ts)             | `thinkingConfig`                                     |
 */
export function toGenerationConfig(
  request: Pick<
    MessagesRequest,
    'max_tokens' | 'temperature' | 'top_p' | 'top_k' | 'stop_sequences' | 'output_config' | 'output_format'
  >,
  thinkingConfig: ThinkingConfig | undefined,
): GenerationConfig | undefined {
  const format = request.output_config?.format ?? request.output_format;
  return fromSamplingFields(
    {
      max_tokens: request.max_tokens,
      temperature: request.temperature,
      top_p: request.top_p,
      top_k: request.top_k ? request.top_k : undefined,
      stop: request.stop_sequences,
      response_format: format ? { type: 'json_schema', json_schema: { schema: format.schema } } : undefined,
    },
    thinkingConfig,
  );
}
