import type { GenerationConfig } from '../../gemini/types.js';
import type { ModelTraits } from '../../models/modelTraits.js';
import type { ChatRequest } from '../openai/chatRequestSchema.js';
import { toGenerationConfig } from '../openai/toGenerationConfig.js';
import type { ResponsesRequest } from './responsesRequestSchema.js';
import { toResponsesThinkingConfig } from './toResponsesThinkingConfig.js';

/**
 * Sampling, output and thinking settings -> `generationConfig`, through the chat dialect's mapping
 * (toGenerationConfig.ts), each Responses field under its chat name:
 *
 * | Responses                                     | chat                     | Gemini                              |
 * |-----------------------------------------------|--------------------------|-------------------------------------|
 * | `max_output_tokens`                           | `max_completion_tokens`  | `maxOutputTokens` (thinking counts, |
 * |                                               |                          | as OpenAI counts reasoning)         |
 * | `temperature`, `top_p`                        | same                     | `temperature`, `topP`               |
 * | `text.format` `{type:'json_schema', schema}`  | `response_format`        | JSON mime type + `responseJsonSchema` |
 * | `text.format` `{type:'json_object'}`          | `response_format`        | JSON mime type                      |
 * | `reasoning`                                   | —                        | toResponsesThinkingConfig.ts        |
 */
export function toResponsesGenerationConfig(
  request: Pick<ResponsesRequest, 'max_output_tokens' | 'temperature' | 'top_p' | 'text' | 'reasoning'>,
  traits: ModelTraits,
): GenerationConfig | undefined {
  return toGenerationConfig(
    {
      max_completion_tokens: request.max_output_tokens,
      temperature: request.temperature,
      top_p: request.top_p,
      response_format: asChatResponseFormat(request.text?.format),
    },
    toResponsesThinkingConfig(request.reasoning, traits),
  );
}

function asChatResponseFormat(
  format: NonNullable<ResponsesRequest['text']>['format'],
): ChatRequest['response_format'] {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      description: format.description,
      schema: format.schema,
      strict: format.strict,
    },
  };
}
