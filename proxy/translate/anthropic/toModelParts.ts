import type { Part } from '../../gemini/types.js';
import { invalidRequest } from '../openai/openAIError.js';
import type { ThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import type { ContentBlock } from './messagesRequestSchema.js';
import { geminiFunctionName } from './functionNames.js';
import { fromThinkingSignature } from './thinkingSignature.js';

/**
 * An assistant message's blocks -> the parts of a Gemini `model` turn; `at` names the message in
 * errors (`messages.3`):
 *
 * | Anthropic block            | Gemini                                                                      |
 * | -------------------------- | --------------------------------------------------------------------------- |
 * | `text`                     | `text` (empty: dropped)                                                     |
 * | `thinking`                 | nothing of its text; its signature (thinkingSignature.ts) goes on the next part |
 * | `redacted_thinking`        | nothing: Claude's encrypted reasoning means nothing to Gemini               |
 * | `tool_use`                 | `functionCall` {name (functionNames.ts), args: input}                      |
 * | server tool blocks         | nothing: Anthropic's servers ran those tools                                |
 * | image, document, tool_result, search_result | a 400: those belong in a user message                      |
 *
 * A call's thought signature comes from the thinking block before it, else from the store, which
 * remembers every call by its tool_use id (for clients that drop thinking blocks). The placeholder for
 * calls found in neither is toGeminiContents' job, because it depends on the whole merged turn.
 * Thought text is not sent back: Gemini reads earlier reasoning from the signatures.
 */
export function toModelParts(
  content: string | ContentBlock[],
  at: string,
  signatures?: ThoughtSignatureStore,
): Part[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  const parts: Part[] = [];
  let pending: string | undefined;
  const sign = (part: Part, signature: string | undefined) => {
    if (signature) part.thoughtSignature = signature;
    pending = undefined;
    parts.push(part);
  };
  content.forEach((block, index) => {
    switch (block.type) {
      case 'text':
        if (block.text !== '') sign({ text: block.text }, pending);
        return;
      case 'thinking':
        pending = fromThinkingSignature(block.signature) ?? pending;
        return;
      case 'tool_use':
        sign(
          { functionCall: { name: geminiFunctionName(block.name), args: block.input } },
          pending ?? signatures?.recall(block.id),
        );
        return;
      case 'image':
      case 'document':
      case 'tool_result':
      case 'search_result':
        throw invalidRequest(
          `${at}.content.${index}: a \`${block.type}\` block belongs in a user message, not an assistant one.`,
          `${at}.content.${index}.type`,
        );
      default:
        return; // redacted_thinking and server tool blocks
    }
  });
  return parts;
}
