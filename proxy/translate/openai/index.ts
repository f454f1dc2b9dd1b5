/**
 * The OpenAI <-> Gemini translation layer: pure functions the route layer calls, in this order.
 *
 * Chat:      parseChatRequest -> fetchRemoteMedia (async, only step that does I/O) -> toGeminiRequest
 *            -> upstream -> fromGeminiResponse | createChatStreamTranslator (push per chunk, end)
 * Embeddings: parseEmbeddingsRequest -> toGeminiEmbedRequests -> upstream (per batch) -> fromGeminiEmbeddings
 * Models:    upstream ListModels -> fromGeminiModels
 * Errors:    bad input throws the one InputError (failures/inputError.ts; invalidRequest names the field);
 *            http renders it, and upstream failures, in the client's dialect (http/clientError.ts).
 *
 * SSE framing is the route's: each chunk as `data: <json>\n\n`, then `data: [DONE]\n\n`. A failure
 * after the 200 went out is written as `data: {"error": …}\n\n` with no [DONE]: the openai
 * SDK throws an APIError on it, where a silent end would pass for a complete answer.
 */
export { parseChatRequest } from './parseChatRequest.js';
export type { ChatRequest } from './chatRequestSchema.js';
export {
  FetchAllowance,
  fetchRemoteAgain,
  fetchRemoteFiles,
  fetchRemoteImages,
  fetchRemoteMedia,
  type FetchLike,
  type RemoteMediaOptions,
} from './fetchRemoteMedia.js';
export { toGeminiRequest, type GeminiRequestOptions, type TranslatedChatRequest } from './toGeminiRequest.js';
export { fromGeminiResponse, type ChatResponseOptions } from './fromGeminiResponse.js';
export {
  createChatStreamTranslator,
  type ChatStreamOptions,
  type ChatStreamTranslator,
} from './chatStreamTranslator.js';
export { randomToolCallId } from './toChatToolCall.js';
export { toChatImages } from './toChatImages.js';
export {
  LruThoughtSignatureStore,
  SKIP_THOUGHT_SIGNATURE_VALIDATOR,
  type ThoughtSignatureStore,
} from './thoughtSignatureStore.js';
export { DEFAULT_MAX_INLINE_BYTES } from './toUserParts.js';
export { normaliseModelName, modelTraits } from '../../models/modelTraits.js';

export { parseEmbeddingsRequest, type EmbeddingsRequest } from './parseEmbeddingsRequest.js';
export { toGeminiEmbedRequests, type TranslatedEmbeddingsRequest } from './toGeminiEmbedRequests.js';
export { fromGeminiEmbeddings } from './fromGeminiEmbeddings.js';

export { fromGeminiModels, type ModelListOptions } from './fromGeminiModels.js';

export { invalidRequest } from './openAIError.js';

export type * from './types.js';
