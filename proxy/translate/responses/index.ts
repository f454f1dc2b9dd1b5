/**
 * The Responses API (POST /v1/responses) <-> Gemini: pure functions the route calls, in this order.
 *
 * Request:  parseResponsesRequest -> resolveItemReferences (items of stored responses, looked up by the route)
 *           -> remoteImageUrls + fetchRemoteImages (../openai, the only I/O)
 *           -> toGeminiResponsesRequest (toGeminiConversation, toResponsesTools, toResponsesGenerationConfig)
 * Answer:   createResponsesStreamTranslator (start, push per chunk, end | fail) for streams;
 *           fromGeminiToResponse for whole answers (the same translator over the folded chunks).
 * Storage:  storedModelTurn + the translator's calls, with the request's turn (ConversationState),
 *           for `previous_response_id`; storedInputItems, for `item_reference` and input_items
 *           (listed a page at a time by inputItemsPage).
 *
 * SSE framing is the route's: each event as `event: <type>\ndata: <json>\n\n`, no `[DONE]`.
 * Reused from the chat dialect (../openai): content parts and data URLs, function declarations and
 * JSON Schema cleaning, the tool_choice table, sampling settings, the reasoning-effort table, usage
 * and finish-reason readings, invalidRequest and the wording of validation errors.
 */
export { parseResponsesRequest } from './parseResponsesRequest.js';
export { resolveItemReferences, type StoredItemLookup } from './resolveItemReferences.js';
export { storedInputItems, type StoredItem } from './storedInputItems.js';
export { inputItemsPage, type InputItemsPage } from './inputItemsPage.js';
export type { ResponsesRequest } from './responsesRequestSchema.js';
export { remoteFileUrls, remoteImageUrls } from './remoteUrls.js';
export {
  toGeminiResponsesRequest,
  type ResponsesTranslationOptions,
  type TranslatedResponsesRequest,
} from './toGeminiResponsesRequest.js';
export type { ConversationState } from './toGeminiConversation.js';
export { responseSettings } from './responseSettings.js';
export {
  createResponsesStreamTranslator,
  type ResponsesStreamOptions,
  type ResponsesStreamTranslator,
} from './responsesStreamTranslator.js';
export { fromGeminiToResponse } from './fromGeminiToResponse.js';
export { storedModelTurn } from './storedModelTurn.js';
export { storedMediaUrls, withFetchedAgain, withoutFetchedBytes } from './storedMedia.js';
export type * from './types.js';
