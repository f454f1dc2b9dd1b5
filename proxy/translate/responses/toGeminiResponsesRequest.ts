import type { GenerateContentRequest } from '../../gemini/types.js';
import { modelTraits, normaliseModelName } from '../../models/modelTraits.js';
import type { ThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import type { MediaOptions } from '../openai/toUserParts.js';
import type { ResponsesRequest } from './responsesRequestSchema.js';
import { toGeminiConversation, type ConversationState } from './toGeminiConversation.js';
import { toResponsesGenerationConfig } from './toResponsesGenerationConfig.js';
import { toResponsesTools } from './toResponsesTools.js';
import { namespacedFunctions, type NamespacedFunction } from './namespacedFunctions.js';

export interface ResponsesTranslationOptions extends MediaOptions {
  signatures?: ThoughtSignatureStore;
  /** The stored conversation `previous_response_id` points to, oldest turn first. */
  history?: ConversationState;
}

/** Everything the route needs to call Gemini and, later, to store the turn. */
export interface TranslatedResponsesRequest {
  /** Bare model id (`gemini-2.5-flash`), for `models/{model}:streamGenerateContent`. */
  model: string;
  stream: boolean;
  /** Keep the answer for `previous_response_id`, `item_reference` and GET: unless the client says `store: false`. */
  store: boolean;
  /** False only for `parallel_tool_calls: false`; the response side then keeps the first call. */
  parallelToolCalls: boolean;
  body: GenerateContentRequest;
  /** What this request adds to the conversation, stored with its answer when `store` is on. */
  turn: ConversationState;
  /** Tools the model cannot have beside the others and that were left out (toResponsesTools.ts). */
  droppedTools: Array<'web_search'>;
  /** Functions of namespace tools by their Gemini name, for the answer's function_call items. */
  namespaces: ReadonlyMap<string, NamespacedFunction>;
}

/**
 * A validated Responses request (parseResponsesRequest) -> a Gemini generateContent request.
 * Synchronous: http(s) images must already be in `options.remoteMedia` (remoteImageUrls.ts and
 * fetchRemoteImages). Throws an InputError for what Gemini cannot take.
 *
 * `store` defaults to true, as OpenAI's does: clients built for OpenAI (the AI SDK's default
 * provider) count on their responses being kept and refer back to their items by id.
 */
export function toGeminiResponsesRequest(
  request: ResponsesRequest,
  options: ResponsesTranslationOptions = {},
): TranslatedResponsesRequest {
  const model = normaliseModelName(request.model);
  const traits = modelTraits(model);
  const { contents, systemInstruction, turn } = toGeminiConversation(request, { ...options, traits });
  const body: GenerateContentRequest = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const { tools, toolConfig, dropped } = toResponsesTools(request, model);
  if (tools) body.tools = tools;
  if (toolConfig) body.toolConfig = toolConfig;
  const generationConfig = toResponsesGenerationConfig(request, traits);
  if (generationConfig) body.generationConfig = generationConfig;
  return {
    model,
    stream: request.stream === true,
    store: request.store !== false,
    parallelToolCalls: request.parallel_tool_calls !== false,
    body,
    turn,
    droppedTools: dropped ?? [],
    namespaces: namespacedFunctions(request.tools),
  };
}
