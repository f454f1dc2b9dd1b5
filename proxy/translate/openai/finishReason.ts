import type { FinishReason } from '../../gemini/types.js';
import type { ChatFinishReason } from './types.js';

/**
 * Gemini `finishReason` (https://ai.google.dev/api/generate-content#FinishReason) -> OpenAI
 * `finish_reason`. OpenAI has five values; every Gemini reason lands on the one whose meaning a client
 * acts on correctly:
 *
 * | Gemini                                              | OpenAI          | why                                                        |
 * |-----------------------------------------------------|-----------------|------------------------------------------------------------|
 * | STOP                                                | stop            | natural end                                                |
 * | STOP with function calls in the answer              | tool_calls      | agents (Roo Code, Cline) run tools only on tool_calls      |
 * | MAX_TOKENS                                          | length          | the answer is cut at the limit                             |
 * | SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT,  | content_filter  | the provider withheld or cut the answer for policy         |
 * | SPII, LANGUAGE, IMAGE_SAFETY,                       |                 | reasons; final, not worth retrying as is. LANGUAGE (output |
 * | IMAGE_PROHIBITED_CONTENT, IMAGE_RECITATION          |                 | "flagged for an unsupported language") is a policy stop too |
 * | MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL,      | stop            | no usable call exists, so tool_calls would make agents run |
 * | TOO_MANY_TOOL_CALLS                                 |                 | nothing or crash; stop ends the turn visibly               |
 * | OTHER, IMAGE_OTHER                                  | content_filter  | stopped for a reason Gemini does not name; in practice a    |
 * |                                                     |                 | policy stop. Not a natural end: `stop` would pass it off as |
 * |                                                     |                 | complete, and the resume engine treats it as final          |
 * | NO_IMAGE, unspecified, unknown                      | stop            | ended for no reason the client can act on                  |
 *
 * A function call in the answer wins over the reason only for STOP: after MAX_TOKENS or a safety stop
 * the calls may be incomplete or withheld, and the client must hear why the answer ended.
 */
const CONTENT_FILTER_REASONS = new Set<string>([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'LANGUAGE',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'OTHER',
  'IMAGE_OTHER',
]);

export function toChatFinishReason(reason: FinishReason, hasToolCalls: boolean): ChatFinishReason {
  if (reason === 'STOP') return hasToolCalls ? 'tool_calls' : 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (CONTENT_FILTER_REASONS.has(reason)) return 'content_filter';
  return 'stop';
}
