import type { Part } from '../../gemini/types.js';
import type { ChatMessage } from './chatRequestSchema.js';
import { invalidRequest } from './openAIError.js';
import { parseDataUrl } from './dataUrl.js';
import type { ThoughtSignatureStore } from './thoughtSignatureStore.js';

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;

/**
 * An assistant message -> the parts of a Gemini `model` turn: its text, its images (`images`, data
 * URLs, as image output went out), then one `functionCall` per tool call with the arguments parsed
 * from their JSON string.
 *
 * Each call gets back its thought signature: first from the call's own
 * `extra_content.google.thought_signature` (clients built on the AI SDK echo it), then from the store
 * (Roo Code, Cline and the openai SDK drop it). The placeholder for calls found in neither is
 * toGeminiContents' job, because it depends on the whole merged turn.
 *
 * `reasoning_content` the client sends back is not forwarded: Gemini reads earlier reasoning from
 * the signatures, not from thought text.
 */
export function toModelParts(
  message: AssistantMessage,
  messageIndex: number,
  signatures?: ThoughtSignatureStore,
): Part[] {
  const parts: Part[] = textParts(message.content);

  // The images it made (message.images), so that an image model can edit its own picture next turn.
  (message.images ?? []).forEach((image, imageIndex) => {
    const inline = parseDataUrl(image.image_url.url);
    if (!inline) {
      const param = `messages[${messageIndex}].images[${imageIndex}].image_url.url`;
      throw invalidRequest(
        `Invalid '${param}': an assistant's image must be a data: URL.`,
        param,
        'invalid_image_url',
      );
    }
    parts.push({ inlineData: { mimeType: inline.mimeType, data: inline.data } });
  });

  (message.tool_calls ?? []).forEach((call, callIndex) => {
    const param = `messages[${messageIndex}].tool_calls[${callIndex}].function.arguments`;
    const part: Part = {
      functionCall: { name: call.function.name, args: parseArguments(call.function.arguments, param) },
    };
    const signature = call.extra_content?.google?.thought_signature ?? signatures?.recall(call.id);
    if (signature) part.thoughtSignature = signature;
    parts.push(part);
  });

  if (message.function_call) {
    const param = `messages[${messageIndex}].function_call.arguments`;
    parts.push({
      functionCall: {
        name: message.function_call.name,
        args: parseArguments(message.function_call.arguments, param),
      },
    });
  }
  return parts;
}

function textParts(content: AssistantMessage['content']): Part[] {
  if (content == null || content === '') return [];
  if (typeof content === 'string') return [{ text: content }];
  return content
    .map((part) => (part.type === 'text' ? part.text : part.refusal))
    .filter((text) => text !== '')
    .map((text) => ({ text }));
}

/**
 * Gemini wants `args` as an object. An empty string is what some clients send for a call without
 * arguments; anything else that is not a JSON object would be silently wrong, so it is a 400.
 */
export function parseArguments(
  args: string | Record<string, unknown>,
  param: string,
): Record<string, unknown> {
  if (typeof args !== 'string') return args;
  if (args.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    throw invalidRequest(`Invalid '${param}': not valid JSON.`, param, 'invalid_value');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidRequest(`Invalid '${param}': expected a JSON object.`, param, 'invalid_value');
  }
  return parsed as Record<string, unknown>;
}
