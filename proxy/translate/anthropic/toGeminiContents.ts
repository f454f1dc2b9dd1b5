import type { Content, Part } from '../../gemini/types.js';
import type { ModelTraits } from '../../models/modelTraits.js';
import { invalidRequest } from '../openai/openAIError.js';
import type { ThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import { mergeSameRole, signFirstFunctionCall } from '../openai/toGeminiContents.js';
import type { MediaOptions } from '../openai/toUserParts.js';
import type { AnthropicMessage } from './messagesRequestSchema.js';
import { geminiFunctionName } from './functionNames.js';
import { toFunctionResponse } from './toFunctionResponse.js';
import { toModelParts } from './toModelParts.js';
import { toUserParts } from './toUserParts.js';

export interface ContentsOptions extends MediaOptions {
  traits: ModelTraits;
  signatures?: ThoughtSignatureStore;
}

/**
 * Anthropic `messages` -> Gemini `contents` (system messages go to toSystemInstruction):
 *
 * | Anthropic                          | Gemini                                                              |
 * | ---------------------------------- | ------------------------------------------------------------------- |
 * | `user` message                     | a `user` turn: its blocks through toUserParts                       |
 * | its `tool_result` blocks           | `functionResponse` parts first, in the order the calls were made (the pairing Gemini checks), then what the results carried (images, documents), then the message's other blocks |
 * | `assistant` message                | a `model` turn through toModelParts                                 |
 * | a `thinking` / `tool_use` block in a user message | a 400: it belongs in an assistant message            |
 * | a message that ends up with no parts | dropped: Gemini refuses empty turns                               |
 * | consecutive turns of one role      | merged: Gemini wants user and model to alternate                    |
 *
 * On models that validate thought signatures (Gemini 3), the first function call of a model turn that
 * has none gets Google's documented placeholder, so history from another model, or a signature lost
 * by the client, degrades gracefully instead of failing with a 400. Gemini 3 also refuses a
 * conversation that ends with a model turn (Anthropic's prefill): that is a 400 here, naming the
 * message, rather than a round trip for Gemini's own.
 */
export function toGeminiContents(messages: readonly AnthropicMessage[], options: ContentsOptions): Content[] {
  const turns: Content[] = [];
  const calls = new Map<string, { name: string; order: number }>();
  let callsMade = 0;

  messages.forEach((message, messageIndex) => {
    const at = `messages.${messageIndex}`;
    if (message.role === 'system') return;
    if (message.role === 'assistant') {
      if (typeof message.content !== 'string') {
        for (const block of message.content) {
          if (block.type === 'tool_use')
            calls.set(block.id, { name: geminiFunctionName(block.name), order: callsMade++ });
        }
      }
      turns.push({ role: 'model', parts: toModelParts(message.content, at, options.signatures) });
      return;
    }
    turns.push({ role: 'user', parts: userTurn(message.content, at, calls, options) });
  });

  const contents = mergeSameRole(turns.filter((turn) => turn.parts.length > 0));
  if (contents.length === 0) {
    throw invalidRequest(
      'messages: at least one user or assistant message with content is required.',
      'messages',
    );
  }
  if (options.traits.requiresThoughtSignatures) contents.forEach(signFirstFunctionCall);
  if (options.traits.rejectsTrailingModelTurn && contents.at(-1)?.role === 'model') {
    const last = messages.findLastIndex((message) => message.role === 'assistant');
    throw invalidRequest(
      `messages.${last}: this model does not accept a conversation that ends with an assistant message (Gemini 3 answers only a user turn, so a prefill cannot be continued): end it with a user message.`,
      `messages.${last}`,
    );
  }
  return contents;
}

function userTurn(
  content: AnthropicMessage['content'],
  at: string,
  calls: ReadonlyMap<string, { name: string; order: number }>,
  options: ContentsOptions,
): Part[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  const results: Array<{ order: number; part: Part }> = [];
  const media: Part[] = [];
  const rest: Part[] = [];
  content.forEach((block, index) => {
    const blockAt = `${at}.content.${index}`;
    switch (block.type) {
      case 'tool_result': {
        // parseMessagesRequest makes sure the call exists; this guards callers that skip it.
        const call = calls.get(block.tool_use_id);
        if (!call)
          throw invalidRequest(`${blockAt}.tool_use_id: no tool_use has this id.`, `${blockAt}.tool_use_id`);
        const result = toFunctionResponse(block, call.name, blockAt, options);
        results.push({ order: call.order, part: result.response });
        media.push(...result.media);
        return;
      }
      case 'thinking':
      case 'redacted_thinking':
      case 'tool_use':
        throw invalidRequest(
          `${blockAt}: a \`${block.type}\` block belongs in an assistant message, not a user one.`,
          `${blockAt}.type`,
        );
      case 'text':
      case 'image':
      case 'document':
      case 'search_result':
        rest.push(...toUserParts(block, blockAt, options));
        return;
      default:
        return; // server tool blocks: Anthropic's servers ran those tools
    }
  });
  results.sort((a, b) => a.order - b.order);
  return [...results.map((result) => result.part), ...media, ...rest];
}
