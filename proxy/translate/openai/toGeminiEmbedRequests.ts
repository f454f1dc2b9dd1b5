import type { BatchEmbedContentsRequest } from '../../gemini/types.js';
import { normaliseModelName } from '../../models/modelTraits.js';
import type { EmbeddingsRequest } from './parseEmbeddingsRequest.js';

/** batchEmbedContents takes at most 100 requests per call. */
export const GEMINI_EMBED_BATCH_SIZE = 100;

export interface TranslatedEmbeddingsRequest {
  /** Bare model id, for `models/{model}:batchEmbedContents`. */
  model: string;
  /** Send in order; pass the answers, in the same order, to fromGeminiEmbeddings. */
  batches: BatchEmbedContentsRequest[];
}

/**
 * OpenAI embeddings request -> Gemini `batchEmbedContents` requests
 * (https://ai.google.dev/api/embeddings#method:-models.batchembedcontents). One input, one
 * EmbedContentRequest; `dimensions` -> `outputDimensionality` (Gemini truncates the vector the same
 * way OpenAI's text-embedding-3 models do). Each request repeats the model, as Gemini requires.
 */
export function toGeminiEmbedRequests(request: EmbeddingsRequest): TranslatedEmbeddingsRequest {
  const model = normaliseModelName(request.model);
  const requests = request.inputs.map((text) => ({
    model: `models/${model}`,
    content: { parts: [{ text }] },
    ...(request.dimensions !== undefined ? { outputDimensionality: request.dimensions } : {}),
  }));
  const batches: BatchEmbedContentsRequest[] = [];
  for (let i = 0; i < requests.length; i += GEMINI_EMBED_BATCH_SIZE) {
    batches.push({ requests: requests.slice(i, i + GEMINI_EMBED_BATCH_SIZE) });
  }
  return { model, batches };
}
