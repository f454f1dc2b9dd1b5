import { randomUUID } from 'node:crypto';
import type { Part } from '../../gemini/types.js';
import type { ThoughtSignatureStore } from './thoughtSignatureStore.js';
import type { ChatToolCall } from './types.js';

/** What both response translators (whole and streamed) need to turn Gemini calls into OpenAI ones. */
export interface ToolCallOptions {
  /** Remembers each call's thought signature under the id handed to the client. */
  signatures?: ThoughtSignatureStore;
  /** Id for calls Gemini sent without one; injectable so fixtures are deterministic. */
  newToolCallId?: () => string;
}

/** OpenAI-looking ids (`call_` + 24 hex chars), unique per call. */
export function randomToolCallId(): string {
  return `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

/**
 * A Gemini `functionCall` part -> an OpenAI tool call. Gemini sends each call whole, so `arguments` is
 * the complete JSON object, `"{}"` for a call without arguments (Roo Code and Cline parse it and choke
 * on an empty string). The thought signature travels both ways: as `extra_content.google.thought_signature`
 * (Google's compat-layer field, read back by AI SDK clients) and into the store for clients that drop it.
 */
export function toChatToolCall(
  part: Part & { functionCall: NonNullable<Part['functionCall']> },
  options: ToolCallOptions,
): ChatToolCall {
  const id = part.functionCall.id || (options.newToolCallId ?? randomToolCallId)();
  const call: ChatToolCall = {
    id,
    type: 'function',
    function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
  };
  if (part.thoughtSignature) {
    call.extra_content = { google: { thought_signature: part.thoughtSignature } };
    options.signatures?.remember(id, part.thoughtSignature);
  }
  return call;
}
