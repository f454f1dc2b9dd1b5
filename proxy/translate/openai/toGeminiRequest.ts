import type { GenerateContentRequest } from '../../gemini/types.js';
import type { ChatRequest } from './chatRequestSchema.js';
import { readGoogleExtras } from './googleExtras.js';
import { modelTraits, normaliseModelName } from '../../models/modelTraits.js';
import type { ThoughtSignatureStore } from './thoughtSignatureStore.js';
import { toFunctionDeclarations } from './toFunctionDeclarations.js';
import { toGeminiContents } from './toGeminiContents.js';
import { toGenerationConfig } from './toGenerationConfig.js';
import { toThinkingConfig, type ThinkingOptions } from './toThinkingConfig.js';
import { toToolConfig } from './toToolConfig.js';
import type { MediaOptions } from './toUserParts.js';

export interface GeminiRequestOptions extends MediaOptions, ThinkingOptions {
  signatures?: ThoughtSignatureStore;
}

/** Everything the route needs to call Gemini and, later, to translate the answer back. */
export interface TranslatedChatRequest {
  /** Bare model id (`gemini-2.5-flash`), for `models/{model}:generateContent`. */
  model: string;
  stream: boolean;
  /** `stream_options.include_usage`: end the stream with a usage chunk. */
  includeUsage: boolean;
  /** False only when the client said `parallel_tool_calls: false`; the response side then keeps the first call. */
  parallelToolCalls: boolean;
  body: GenerateContentRequest;
}

/**
 * A validated Chat Completions request (parseChatRequest) -> a Gemini generateContent request.
 * Synchronous: http(s) images must already be in `options.remoteMedia` (fetchRemoteMedia).
 * Throws an InputError for content Gemini cannot take (invalid tool-call JSON, oversized data).
 */
export function toGeminiRequest(
  chat: ChatRequest,
  options: GeminiRequestOptions = {},
): TranslatedChatRequest {
  const model = normaliseModelName(chat.model);
  const traits = modelTraits(model);
  const extras = readGoogleExtras(chat);

  const { contents, systemInstruction } = toGeminiContents(chat, { ...options, traits });
  const body: GenerateContentRequest = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;

  const declarations = toFunctionDeclarations(chat);
  if (declarations.length > 0) body.tools = [{ functionDeclarations: declarations }];
  const toolConfig = toToolConfig(chat, declarations.length);
  if (toolConfig) body.toolConfig = toolConfig;

  const generationConfig = toGenerationConfig(chat, toThinkingConfig(chat, extras, traits, options));
  if (generationConfig) body.generationConfig = generationConfig;
  if (extras.safetySettings) body.safetySettings = extras.safetySettings;
  if (extras.cachedContent) body.cachedContent = extras.cachedContent;

  return {
    model,
    stream: chat.stream === true,
    includeUsage: chat.stream_options?.include_usage === true,
    parallelToolCalls: chat.parallel_tool_calls !== false,
    body,
  };
}
