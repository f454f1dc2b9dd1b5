import type { BatchEmbedContentsResponse } from '../../gemini/types.js';
import { estimateTokens } from './estimateTokens.js';
import type { EmbeddingsRequest } from './parseEmbeddingsRequest.js';
import type { EmbeddingList } from './types.js';

/**
 * Gemini batchEmbedContents answers (in batch order) -> an OpenAI embeddings list.
 *
 * `encoding_format: "base64"` is base64 of the vector as little-endian float32 bytes, which is what
 * the openai SDK decodes (it asks for base64 by default and turns it back into number[]); written
 * byte by byte as little-endian so the result does not depend on the host's endianness.
 * Usage is estimated (see estimateTokens.ts): Gemini's embeddings endpoints report none.
 */
export function fromGeminiEmbeddings(
  responses: BatchEmbedContentsResponse[],
  request: EmbeddingsRequest,
  model: string,
): EmbeddingList {
  const vectors = responses.flatMap((response) => response.embeddings.map((e) => e.values));
  if (vectors.length !== request.inputs.length) {
    throw new Error(`Gemini returned ${vectors.length} embeddings for ${request.inputs.length} inputs`);
  }
  const promptTokens = request.inputs.reduce((sum, text) => sum + estimateTokens(text), 0);
  return {
    object: 'list',
    data: vectors.map((values, index) => ({
      object: 'embedding',
      index,
      embedding: request.encodingFormat === 'base64' ? toBase64Float32(values) : values,
    })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

export function toBase64Float32(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}
