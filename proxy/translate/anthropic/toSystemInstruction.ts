import type { Content } from '../../gemini/types.js';
import { invalidRequest } from '../openai/openAIError.js';
import type { CountTokensRequest } from './messagesRequestSchema.js';

/**
 * `system` and the `role: "system"` messages -> Gemini's one `systemInstruction`:
 *
 * | Anthropic                                          | Gemini                                    |
 * | -------------------------------------------------- | ----------------------------------------- |
 * | `system` as a string                               | its text                                  |
 * | `system` as text blocks (`cache_control` ignored)  | their texts, in order                     |
 * | a message with `role: "system"` (Claude Code's mid-conversation system beta), string or text blocks | its texts, after those of `system` |
 * | any other block in a system message                | a 400 naming it                           |
 *
 * The texts are joined with a blank line into one part; empty ones are left out, and no text at all
 * means no systemInstruction. Gemini has no place for instructions in the middle of a conversation,
 * so a system message's instructions apply to the whole of it, as in the OpenAI dialect.
 */
export function toSystemInstruction(
  request: Pick<CountTokensRequest, 'system' | 'messages'>,
): Content | undefined {
  const texts: string[] = [];
  const system = request.system;
  if (typeof system === 'string') texts.push(system);
  else for (const block of system ?? []) texts.push(block.text);

  request.messages.forEach((message, messageIndex) => {
    if (message.role !== 'system') return;
    if (typeof message.content === 'string') return void texts.push(message.content);
    message.content.forEach((block, blockIndex) => {
      if (block.type === 'text') return void texts.push(block.text);
      throw invalidRequest(
        `messages.${messageIndex}.content.${blockIndex}: a system message takes only text blocks, not \`${block.type}\`.`,
        `messages.${messageIndex}.content.${blockIndex}.type`,
      );
    });
  });

  const text = texts.filter((t) => t !== '').join('\n\n');
  return text === '' ? undefined : { parts: [{ text }] };
}
