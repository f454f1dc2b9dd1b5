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

export interface MessagesTranslationOptions extends MediaOptions {
  signatures?: ThoughtSignatureStore;
}

/** The prompt of a request, and the tools left out of it. */
export interface TranslatedPrompt {
  body: GenerateContentRequest;
  /** Tools the model cannot have beside the others and that were left out (toGeminiTools.ts). */
  droppedTools: Array<'web_search'>;
}

/** Everything the route needs to call Gemini and, later, to translate the answer back. */
export interface TranslatedMessagesRequest extends TranslatedPrompt {
  stream: boolean;
  /** False when the client said `disable_parallel_tool_use`: the answer then keeps the first call. */
  parallelToolCalls: boolean;
  /** The client's tool names behind Gemini's (functionNames.ts). */
  names: FunctionNames;
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
  const { body, droppedTools } = toGeminiPrompt(request, model, options);
  const generationConfig = toGenerationConfig(request, toThinkingConfig(request, modelTraits(model)));
  if (generationConfig) body.generationConfig = generationConfig;
  const choice = request.tool_choice;
  return {
    stream: request.stream === true,
    parallelToolCalls: !(choice && 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use),
    names: new FunctionNames((request.tools ?? []).map((tool) => tool.name)),
    body,
    droppedTools,
  };
}

/**
 * What makes up the prompt: contents, system instruction, tools and tool config. Alone, it is what
 * count_tokens counts (Gemini's countTokens takes a generateContentRequest), the same tools left out.
 */
export function toGeminiPrompt(
  request: CountTokensRequest,
  model: string,
  options: MessagesTranslationOptions = {},
): TranslatedPrompt {
  const traits = modelTraits(model);
  const body: GenerateContentRequest = {
    contents: toGeminiContents(request.messages, { ...options, traits }),
  };
  const systemInstruction = toSystemInstruction(request);
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const { tools, toolConfig, dropped } = toGeminiTools(request, model, loadedTools(request.messages));
  if (tools) body.tools = tools;
  if (toolConfig) body.toolConfig = toolConfig;
  return { body, droppedTools: dropped ?? [] };
}
