import type { GenerationConfig, ThinkingConfig } from '../../gemini/types.js';
import type { ChatRequest } from './chatRequestSchema.js';
import { cleanJsonSchema } from './cleanJsonSchema.js';
import { toResponseModalities } from './toResponseModalities.js';

/**
 * Sampling and output settings, one to one where Gemini has the same knob
 * (https://ai.google.dev/api/generate-content#generationconfig). Absent and null fields stay absent,
 * so Gemini's model defaults apply exactly as they would for a native client.
 *
 * - `max_completion_tokens` (current) wins over `max_tokens` (deprecated) when both are sent.
 * - `n` becomes candidateCount only above 1; 1 is Gemini's default anyway.
 * - `response_format: json_schema` uses `responseJsonSchema` (full JSON Schema), not the
 *   OpenAPI-subset `responseSchema`; see cleanJsonSchema.ts for why.
 * - logprobs / top_logprobs are not mapped: the response side does not translate Gemini's logprobs.
 * - `modalities` becomes responseModalities (toResponseModalities.ts).
 */
/** The fields this reads; the Responses translation fills the ones it has under the same names. */
export type SamplingFields = Partial<
  Pick<
    ChatRequest,
    | 'max_tokens'
    | 'max_completion_tokens'
    | 'temperature'
    | 'top_p'
    | 'top_k'
    | 'seed'
    | 'presence_penalty'
    | 'frequency_penalty'
    | 'n'
    | 'stop'
    | 'response_format'
    | 'modalities'
  >
>;

export function toGenerationConfig(
  request: SamplingFields,
  thinkingConfig?: ThinkingConfig,
): GenerationConfig | undefined {
  const config: GenerationConfig = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  if (request.top_k != null) config.topK = request.top_k;
  if (request.seed != null) config.seed = request.seed;
  if (request.presence_penalty != null) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty != null) config.frequencyPenalty = request.frequency_penalty;
  if (request.n != null && request.n > 1) config.candidateCount = request.n;

  const stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (stop && stop.length > 0) config.stopSequences = stop;

  const format = request.response_format;
  if (format?.type === 'json_object') {
    config.responseMimeType = 'application/json';
  } else if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (format.json_schema.schema) config.responseJsonSchema = cleanJsonSchema(format.json_schema.schema);
  }

  const modalities = toResponseModalities(request);
  if (modalities) config.responseModalities = modalities;

  if (thinkingConfig) config.thinkingConfig = thinkingConfig;
  return Object.keys(config).length > 0 ? config : undefined;
}
