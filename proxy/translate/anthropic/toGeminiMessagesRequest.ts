import type { GenerateContentRequest } from '../../gemini/types.js';
import { modelTraits } from '../../models/modelTraits.js';
import type { ThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import type { MediaOptions } from '../openai/toUserParts.js';
import type { CountTokensRequest, MessagesRequest } from './messagesRequestSchema.js';
import { FunctionNames } from './functionNames.js';
import { toGeminiContents } from './toGeminiContents.js';
import { loadedTools } from './loadedTools.js';
import { toGeminiTools } from './toGeminiTools.js';
import { toGenerationConfig } from './toGenerationConfig.js';
import { toSystemInstruction } from './toSystemInstruction.js';
import { toThinkingConfig } from './toThinkingConfig.js';
import { toToolConfig } from './toToolConfig.js';

export interface MessagesTranslationOptions extends MediaOptions {
  signatures?: ThoughtSignatureStore;
}

/** Everything the route needs to call Gemini and, later, to translate the answer back. */
export interface TranslatedMessagesRequest {
  stream: boolean;
  /** False when the client said `disable_parallel_tool_use`: the answer then keeps the first call. */
  parallelToolCalls: boolean;
  /** The client's tool names behind Gemini's (functionNames.ts). */
  names: FunctionNames;
  body: GenerateContentRequest;
}

/**
 * A validated Messages request (parseMessagesRequest) for `model` (the Gemini model it is served by,
 * after aliases) -> a Gemini generateContent request. Synchronous: http(s) images and documents must
 * already be in `options.remoteMedia` (remoteUrls.ts, then ../openai/fetchRemoteMedia.ts). Throws a
 * 400 for content Gemini cannot take.
 */
export function toGeminiMessagesRequest(
  request: MessagesRequest,
  model: string,
  options: MessagesTranslationOptions = {},
): TranslatedMessagesRequest {
  const body = toGeminiPrompt(request, model, options);
  const generationConfig = toGenerationConfig(request, toThinkingConfig(request, modelTraits(model)));
  if (generationConfig) body.generationConfig = generationConfig;
  const choice = request.tool_choice;
  return {
    stream: request.stream === true,
    parallelToolCalls: !(choice && 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use),
    names: new FunctionNames((request.tools ?? []).map((tool) => tool.name)),
    body,
  };
}

/**
 * What makes up the prompt: contents, system instruction, tools and tool config. Alone, it is what
 * count_tokens counts (Gemini's countTokens takes a generateContentRequest).
 */
export function toGeminiPrompt(
  request: CountTokensRequest,
  model: string,
  options: MessagesTranslationOptions = {},
): GenerateContentRequest {
  const traits = modelTraits(model);
  const body: GenerateContentRequest = {
    contents: toGeminiContents(request.messages, { ...options, traits }),
  };
  const systemInstruction = toSystemInstruction(request);
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const tools = toGeminiTools(request.tools ?? [], model, loadedTools(request.messages));
  if (tools.length > 0) body.tools = tools;
  const declared = tools.reduce((count, tool) => count + (tool.functionDeclarations?.length ?? 0), 0);
  const toolConfig = toToolConfig(request.tool_choice, declared);
  if (toolConfig) body.toolConfig = toolConfig;
  return body;
}
