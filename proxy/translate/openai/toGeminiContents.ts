import type { Content, Part } from '../../gemini/types.js';
import type { ChatRequest } from './chatRequestSchema.js';
import type { ModelTraits } from '../../models/modelTraits.js';
import { invalidRequest } from './openAIError.js';
import { SKIP_THOUGHT_SIGNATURE_VALIDATOR, type ThoughtSignatureStore } from './thoughtSignatureStore.js';
import { toFunctionResponsePayload } from './toFunctionResponsePayload.js';
import { toModelParts } from './toModelParts.js';
import { toUserParts, type MediaOptions } from './toUserParts.js';

export interface ContentsOptions extends MediaOptions {
  traits: ModelTraits;
  signatures?: ThoughtSignatureStore;
}

export interface GeminiConversation {
  contents: Content[];
  systemInstruction?: Content;
}

/**
 * OpenAI `messages` -> Gemini `contents` + `systemInstruction`.
 *
 * - system and developer messages, wherever they appear, are joined (blank line between) into the one
 *   `systemInstruction` Gemini has; a mid-conversation system message has no other place to go.
 * - user -> `user`, assistant -> `model`; a message that ends up with no parts (Roo Code's `""`
 *   assistant text, an empty user string) is dropped, because Gemini rejects empty turns.
 * - tool results become `functionResponse` parts named after the call they answer (found through
 *   `tool_call_id`); a run of results becomes one `user` turn, ordered as the calls were made, which
 *   is the pairing Gemini checks.
 * - consecutive turns of the same role are merged: Gemini wants user and model to alternate, and
 *   OpenAI clients freely send two user messages in a row (Roo Code: tool results, then a user note).
 * - On models that validate thought signatures (Gemini 3), the first function call of a model turn
 *   that has none gets Google's documented placeholder, so history from other models or an evicted
 *   signature degrades gracefully instead of failing with a 400.
 * - Gemini 3 refuses a conversation that ends with a model turn; that is a 400 here, naming the
 *   client's last assistant message, rather than a round trip for Gemini's own 400.
 */
export function toGeminiContents(request: ChatRequest, options: ContentsOptions): GeminiConversation {
  const systemTexts: string[] = [];
  const turns: Content[] = [];
  const calls = new Map<string, { name: string; order: number }>();
  // A counter, not calls.size: some clients reuse ids like "call_0" turn after turn.
  let callsMade = 0;
  let toolRun: Array<{ order: number; part: Part }> = [];

  const flushToolRun = () => {
    if (toolRun.length === 0) return;
    const ordered = [...toolRun].sort((a, b) => a.order - b.order);
    turns.push({ role: 'user', parts: ordered.map((r) => r.part) });
    toolRun = [];
  };

  request.messages.forEach((message, index) => {
    if (message.role !== 'tool' && message.role !== 'function') flushToolRun();
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = joinText(message.content);
        if (text !== '') systemTexts.push(text);
        break;
      }
      case 'user':
        turns.push({ role: 'user', parts: toUserParts(message.content, index, options) });
        break;
      case 'assistant':
        for (const call of message.tool_calls ?? []) {
          calls.set(call.id, { name: call.function.name, order: callsMade++ });
        }
        turns.push({ role: 'model', parts: toModelParts(message, index, options.signatures) });
        break;
      case 'tool': {
        const call = calls.get(message.tool_call_id);
        // parseChatRequest guarantees the call exists; this guards callers that skip it.
        if (!call)
          throw invalidRequest('Unknown tool_call_id.', `messages[${index}].tool_call_id`, 'invalid_value');
        const response = toFunctionResponsePayload(joinText(message.content));
        toolRun.push({ order: call.order, part: { functionResponse: { name: call.name, response } } });
        break;
      }
      case 'function': {
        const response = toFunctionResponsePayload(message.content ?? '');
        toolRun.push({
          order: Number.MAX_SAFE_INTEGER,
          part: { functionResponse: { name: message.name, response } },
        });
        break;
      }
    }
  });
  flushToolRun();

  const contents = mergeSameRole(turns.filter((turn) => turn.parts.length > 0));
  if (contents.length === 0) {
    throw invalidRequest(
      "'messages' must contain at least one user or assistant message with content.",
      'messages',
      'invalid_value',
    );
  }
  if (options.traits.requiresThoughtSignatures) {
    contents.forEach(signFirstFunctionCall);
    contents.forEach(signModelImages);
  }
  if (options.traits.rejectsTrailingModelTurn && contents.at(-1)?.role === 'model') {
    const last = request.messages.findLastIndex((message) => message.role === 'assistant');
    throw invalidRequest(
      'This model does not accept a conversation that ends with an assistant message (Gemini 3 answers only a user turn): end it with a user or tool message.',
      `messages[${last}]`,
      'invalid_value',
    );
  }

  const conversation: GeminiConversation = { contents };
  if (systemTexts.length > 0)
    conversation.systemInstruction = { parts: [{ text: systemTexts.join('\n\n') }] };
  return conversation;
}

function joinText(content: string | Array<{ text: string }>): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('\n');
}

/** Gemini wants user and model turns to alternate: consecutive turns of one role become one. */
export function mergeSameRole(turns: Content[]): Content[] {
  const merged: Content[] = [];
  for (const turn of turns) {
    const last = merged.at(-1);
    if (last && last.role === turn.role) last.parts = [...last.parts, ...turn.parts];
    else merged.push({ role: turn.role, parts: [...turn.parts] });
  }
  return merged;
}

/**
 * Gemini 3 validates the signature on the first functionCall part of each step (parallel calls carry
 * one signature, on the first call). https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export function signFirstFunctionCall(turn: Content): void {
  if (turn.role !== 'model') return;
  const first = turn.parts.find((part) => part.functionCall);
  if (first && !first.thoughtSignature) first.thoughtSignature = SKIP_THOUGHT_SIGNATURE_VALIDATOR;
}

/**
 * Gemini 3 Pro Image signs every image it makes and expects the signatures back with them when a
 * conversation edits on (https://ai.google.dev/gemini-api/docs/image-generation , "Thought
 * signatures"); a client sends back only the data URL, so the images get the placeholder.
 */
function signModelImages(turn: Content): void {
  if (turn.role !== 'model') return;
  for (const part of turn.parts)
    if (part.inlineData && !part.thoughtSignature) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE_VALIDATOR;
}
