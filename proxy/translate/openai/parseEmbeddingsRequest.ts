import { z } from 'zod';
import { arrayUntilFirstError } from '../arrayUntilFirstError.js';
import { invalidRequest } from './openAIError.js';
import { mostSpecificIssue, zodIssueToError } from './zodIssueToError.js';

/**
 * POST /v1/embeddings (https://platform.openai.com/docs/api-reference/embeddings/create), as far as
 * Gemini can serve it. `input` is read loosely first so that token arrays get their own explanation
 * instead of a generic type error.
 */
const embeddingsRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union(
    [z.string(), arrayUntilFirstError(z.union([z.string(), z.number(), arrayUntilFirstError(z.number())]))],
    {
      error: 'expected a string or an array of strings',
    },
  ),
  dimensions: z.number().int().min(1).nullish(),
  encoding_format: z.enum(['float', 'base64']).nullish(),
});

export interface EmbeddingsRequest {
  model: string;
  inputs: string[];
  dimensions?: number;
  /** The openai SDK asks for base64 unless told otherwise, and decodes it itself. */
  encodingFormat: 'float' | 'base64';
}

/** OpenAI accepts up to 2048 inputs per call; so do we (sent to Gemini in batches). */
export const MAX_EMBEDDING_INPUTS = 2048;

export function parseEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  const result = embeddingsRequestSchema.safeParse(body);
  if (!result.success) throw zodIssueToError(body, mostSpecificIssue(result.error.issues[0]));
  const { model, input, dimensions, encoding_format } = result.data;

  const inputs = typeof input === 'string' ? [input] : input;
  if (inputs.length === 0) throw invalidRequest("'input' must not be empty.", 'input', 'invalid_value');
  if (inputs.length > MAX_EMBEDDING_INPUTS) {
    throw invalidRequest(`'input' may hold at most ${MAX_EMBEDDING_INPUTS} items.`, 'input', 'invalid_value');
  }
  const texts = inputs.map((item, index) => {
    if (typeof item !== 'string') {
      // Token ids are OpenAI's tokenizer's; Gemini cannot read them, and guessing the text is impossible.
      throw invalidRequest(
        "Token arrays are not supported for Gemini embeddings: send 'input' as a string or an array of strings.",
        Array.isArray(item) ? `input[${index}]` : 'input',
        'unsupported_value',
      );
    }
    if (item === '') {
      const param = typeof input === 'string' ? 'input' : `input[${index}]`;
      throw invalidRequest(`'${param}' must not be an empty string.`, param, 'invalid_value');
    }
    return item;
  });

  const request: EmbeddingsRequest = { model, inputs: texts, encodingFormat: encoding_format ?? 'float' };
  if (dimensions != null) request.dimensions = dimensions;
  return request;
}
