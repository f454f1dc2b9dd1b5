/**
 * Anthropic's Messages API (POST /v1/messages, /v1/messages/count_tokens, GET /v1/models) <-> Gemini:
 * pure functions the routes call, in this order.
 *
 * Request:  parseMessagesRequest -> remoteUrls + fetchRemoteImages / fetchRemoteFiles (../openai, the
 *           only I/O) -> toGeminiMessagesRequest (toGeminiContents, toSystemInstruction, toGeminiTools with
 *           toToolConfig, toGenerationConfig, toThinkingConfig) for the model the router chose
 *           (claude-* ids: models/claudeModels.ts).
 * Answer:   createMessageStreamTranslator (push / pushPlain per chunk, end | fail), framed by sseEvent;
 *           fromGeminiToMessage for whole answers (the same ContentBlockWriter over the folded answer).
 * Tokens:   parseCountTokensRequest -> toGeminiPrompt, sent as countTokens' generateContentRequest.
 * Models:   toModelList.
 *
 * Thought signatures ride in the thinking blocks' `signature` (thinkingSignature.ts) and, by tool_use
 * id, in the ThoughtSignatureStore. Reused from the OpenAI dialect (../openai): media checks and the
 * remote fetch, function declarations and JSON Schema cleaning, sampling settings, the reasoning-effort
 * table, the finish-reason table, the merge of turns, the input error (`invalidRequest`).
 */
export { parseCountTokensRequest, parseMessagesRequest } from './parseMessagesRequest.js';
export type { CountTokensRequest, MessagesRequest } from './messagesRequestSchema.js';
export { remoteUrls } from './remoteUrls.js';
export {
  toGeminiMessagesRequest,
  toGeminiPrompt,
  type MessagesTranslationOptions,
  type TranslatedMessagesRequest,
  type TranslatedPrompt,
} from './toGeminiMessagesRequest.js';
export {
  createMessageStreamTranslator,
  sseEvent,
  type MessageAnswerOptions,
  type MessageStreamTranslator,
} from './messageStreamTranslator.js';
export { fromGeminiToMessage } from './fromGeminiToMessage.js';
export { toModelList, type ModelPage } from './toModelList.js';
export type * from './types.js';
