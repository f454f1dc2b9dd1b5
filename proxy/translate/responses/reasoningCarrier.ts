import type { Part } from '../../gemini/types.js';
import { isPlainObject } from '../../util/isPlainObject.js';

/**
 * Gemini 3 refuses a replayed function call without the thought signature it came with
 * (https://ai.google.dev/gemini-api/docs/thought-signatures). A stateless Responses client
 * (`store: false`, Codex, agents that resend the whole history) keeps exactly one opaque field per
 * reasoning item and sends it back: `encrypted_content` ("This enables reasoning items to be used in
 * multi-turn conversations when using the Responses API statelessly", ResponseCreateParams.include in
 * the openai SDK). gemgate puts each function call's signature there, keyed by the call's `call_id`,
 * and finds it again when the history comes back.
 *
 * With Google Search beside function tools, Gemini 3 also shows the searches it ran itself as
 * `toolCall` / `toolResponse` parts, which the client is to pass back in the model's turn
 * (https://ai.google.dev/gemini-api/docs/tool-combination; ToolCall in @google/genai). The Responses
 * API has no item for them, so they travel whole (thought signature included) in the same field,
 * in the optional `server` list; the reasoning item stands where they stood among the turn's items.
 *
 * | payload field | what it holds                                                | since        |
 * |---------------|--------------------------------------------------------------|--------------|
 * | `calls`       | thought signature by call_id                                 | gemgate.1.   |
 * | `server`      | the server-side tool parts, in Gemini's order; left out      | gemgate.1.   |
 * |               | when there are none, so such values are as they always were  | (optional)   |
 *
 * The signature is Google's own encrypted blob, tied to the project that minted it; gemgate adds no
 * encryption of its own, so a conversation survives a reinstall and moves between gemgate instances.
 * The `gemgate.1.` prefix tells these apart from OpenAI's reasoning blobs, which a client that
 * switched providers mid-conversation may send; those are ignored, never forwarded to Gemini.
 */
const PREFIX = 'gemgate.1.';

/** What one reasoning item carries. */
export interface CarriedReasoning {
  /** Thought signatures by call_id. */
  signatures: Map<string, string>;
  /** Gemini's server-side tool parts (toolCall / toolResponse), whole, in order. */
  serverParts: Part[];
}

/** Whether Gemini ran this tool itself: a part to pass back, never to show as a client's tool call. */
export function isServerToolPart(part: Part): boolean {
  return isPlainObject(part['toolCall']) || isPlainObject(part['toolResponse']);
}

/** -> the `encrypted_content` value; null when there is nothing to carry. */
export function encodeReasoningCarrier(
  signatures: ReadonlyMap<string, string>,
  serverParts: readonly Part[] = [],
): string | null {
  if (signatures.size === 0 && serverParts.length === 0) return null;
  const payload = JSON.stringify({
    calls: Object.fromEntries(signatures),
    ...(serverParts.length > 0 ? { server: serverParts } : {}),
  });
  return PREFIX + Buffer.from(payload, 'utf8').toString('base64url');
}

/** What an `encrypted_content` value carries; nothing for anything not gemgate's. */
export function decodeReasoningCarrier(content: string | null | undefined): CarriedReasoning {
  const found: CarriedReasoning = { signatures: new Map(), serverParts: [] };
  if (!content?.startsWith(PREFIX)) return found;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(content.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return found;
  }
  if (!isPlainObject(payload)) return found;
  const { calls, server } = payload;
  if (isPlainObject(calls)) {
    for (const [callId, signature] of Object.entries(calls)) {
      if (typeof signature === 'string' && signature !== '') found.signatures.set(callId, signature);
    }
  }
  if (Array.isArray(server)) {
    for (const part of server)
      if (isPlainObject(part) && isServerToolPart(part)) found.serverParts.push(serverToolPart(part));
  }
  return found;
}

/**
 * Only what such a part is made of: the value comes from the client, and whatever else it put beside
 * the tool call (a file, inline data) is not Gemini's and does not go upstream.
 */
function serverToolPart(part: Record<string, unknown>): Part {
  const kept: Part = {};
  if (isPlainObject(part['toolCall'])) kept['toolCall'] = part['toolCall'];
  if (isPlainObject(part['toolResponse'])) kept['toolResponse'] = part['toolResponse'];
  if (typeof part['thoughtSignature'] === 'string') kept.thoughtSignature = part['thoughtSignature'];
  return kept;
}
