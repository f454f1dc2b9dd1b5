import type { ContinuationStyle } from '../../store/providers.js';
import { CONTINUE_INSTRUCTION, CONTINUE_JSON_INSTRUCTION } from '../gemini/continuation.js';

type ChatBody = Record<string, unknown> & { messages?: unknown };
type Message = Record<string, unknown>;

/**
 * The request that continues a cut answer, in the provider's own way (docs/RESUME.md):
 *
 * | style     | the text so far goes as                                   | the provider                                     |
 * | --------- | --------------------------------------------------------- | ------------------------------------------------ |
 * | `partial` | a last assistant turn with `"partial": true`              | DashScope: continues that turn (partial mode)    |
 * | `prefix`  | a last assistant turn with `"prefix": true`               | DeepSeek: continues that turn (prefix completion)|
 * | `prompt`  | an assistant turn, then a user turn asking to continue    | any: asked, in words, to go on exactly           |
 *
 * A last assistant turn the client already marked partial (or prefix) is extended, not doubled.
 * `max_tokens` / `max_completion_tokens` are the client's budget for the whole answer: the
 * continuation gets what is left of it. DashScope's partial mode does not think
 * (https://www.alibabacloud.com/help/en/model-studio/partial-mode), so it is asked with
 * `enable_thinking: false`. Asked in words, a structured answer is asked for as the raw rest of the
 * JSON document rather than a new one.
 */
export function continuationBody(
  original: ChatBody,
  state: { visibleSoFar: string; outputTokensSoFar: number },
  style: ContinuationStyle,
): ChatBody {
  const messages = (Array.isArray(original.messages) ? original.messages : []).map((message: unknown) =>
    typeof message === 'object' && message !== null ? { ...(message as Message) } : message,
  );
  const flag = style === 'partial' ? 'partial' : style === 'prefix' ? 'prefix' : undefined;
  const last = messages.at(-1) as Message | undefined;
  if (flag && last?.role === 'assistant' && last[flag] === true && typeof last.content === 'string') {
    last.content = `${last.content}${state.visibleSoFar}`;
  } else if (flag) {
    messages.push({ role: 'assistant', content: state.visibleSoFar, [flag]: true });
  } else {
    messages.push({ role: 'assistant', content: state.visibleSoFar });
    messages.push({
      role: 'user',
      content: isStructured(original) ? CONTINUE_JSON_INSTRUCTION : CONTINUE_INSTRUCTION,
    });
  }
  const body: ChatBody = { ...original, messages };
  for (const field of ['max_tokens', 'max_completion_tokens'] as const) {
    const limit = original[field];
    if (typeof limit === 'number') body[field] = Math.max(1, limit - state.outputTokensSoFar);
  }
  if (style === 'partial') body.enable_thinking = false;
  if (style === 'prompt' && isStructured(original)) delete body.response_format;
  return body;
}

/** What is left of the client's output budget; 0 when spent; undefined when it set none. */
export function remainingTokens(original: ChatBody, outputTokensSoFar: number): number | undefined {
  const limit = original.max_completion_tokens ?? original.max_tokens;
  return typeof limit === 'number' ? Math.max(0, limit - outputTokensSoFar) : undefined;
}

function isStructured(body: ChatBody): boolean {
  const format = body.response_format as { type?: unknown } | undefined;
  return format?.type === 'json_object' || format?.type === 'json_schema';
}
