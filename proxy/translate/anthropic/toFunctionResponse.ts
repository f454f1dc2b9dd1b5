import type { Part } from '../../gemini/types.js';
import { toFunctionResponsePayload } from '../openai/toFunctionResponsePayload.js';
import type { MediaOptions } from '../openai/toUserParts.js';
import type { ToolResultBlock } from './messagesRequestSchema.js';
import { toUserParts } from './toUserParts.js';

/** What one tool_result becomes: the function's response, and any media it returned. */
export interface FunctionResult {
  response: Part;
  media: Part[];
}

/**
 * A `tool_result` block -> a Gemini `functionResponse` named after the function it answers
 * (Gemini pairs results with calls by name), plus the pictures or documents the tool returned:
 *
 * | Anthropic tool_result                     | Gemini                                                    |
 * | ----------------------------------------- | --------------------------------------------------------- |
 * | `content` a string                        | `response` as toFunctionResponsePayload reads it: a JSON object as is, else `{output: …}` |
 * | `content` blocks                          | their texts joined by a line break, read the same way     |
 * | a `tool_reference` (a tool search's find)  | the text `Tool loaded: NAME` (the tool is declared from then on, toGeminiTools.ts) |
 * | `content` absent or empty                 | `{output: ""}`                                            |
 * | `is_error: true`                          | `{error: <the text>}`: the key Gemini documents for a function's failure |
 * | image / document blocks in `content`      | parts after the function responses of the turn            |
 *
 * (https://ai.google.dev/api/caching#FunctionResponse: "Use 'output' key to specify function output
 * and 'error' key to specify error details".)
 */
export function toFunctionResponse(
  block: ToolResultBlock,
  name: string,
  at: string,
  options: MediaOptions,
): FunctionResult {
  const content = block.content ?? '';
  const texts: string[] = [];
  const media: Part[] = [];
  if (typeof content === 'string') texts.push(content);
  else {
    content.forEach((item, index) => {
      if (item.type === 'text') texts.push(item.text);
      else if (item.type === 'tool_reference') texts.push(`Tool loaded: ${item.tool_name}`);
      else media.push(...toUserParts(item, `${at}.content.${index}`, options));
    });
  }
  const text = texts.join('\n');
  const response = block.is_error === true ? { error: text } : toFunctionResponsePayload(text);
  return { response: { functionResponse: { name, response } }, media };
}
