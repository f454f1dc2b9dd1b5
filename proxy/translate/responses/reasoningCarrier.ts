/**
 * Gemini 3 refuses a replayed function call without the thought signature it came with
 * (https://ai.google.dev/gemini-api/docs/thought-signatures). A stateless Responses client
 * (`store: false`, Codex, agents that resend the whole history) keeps exactly one opaque field per
 * reasoning item and sends it back: `encrypted_content` ("This enables reasoning items to be used in
 * multi-turn conversations when using the Responses API statelessly", ResponseCreateParams.include in
 * the openai SDK). gemgate puts each function call's signature there, keyed by the call's `call_id`,
 * and finds it again when the history comes back.
 *
 * The signature is Google's own encrypted blob, tied to the project that minted it; gemgate adds no
 * encryption of its own, so a conversation survives a reinstall and moves between gemgate instances.
 * The `gemgate.1.` prefix tells these apart from OpenAI's reasoning blobs, which a client that
 * switched providers mid-conversation may send; those are ignored, never forwarded to Gemini.
 */
const PREFIX = 'gemgate.1.';

/** Signatures by call_id -> the `encrypted_content` value; null when there is nothing to carry. */
export function encodeReasoningCarrier(signatures: ReadonlyMap<string, string>): string | null {
  if (signatures.size === 0) return null;
  const payload = JSON.stringify({ calls: Object.fromEntries(signatures) });
  return PREFIX + Buffer.from(payload, 'utf8').toString('base64url');
}

/** The signatures an `encrypted_content` value carries by call_id; empty for anything not gemgate's. */
export function decodeReasoningCarrier(content: string | null | undefined): Map<string, string> {
  const found = new Map<string, string>();
  if (!content?.startsWith(PREFIX)) return found;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(content.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return found;
  }
  const calls = (payload as { calls?: unknown } | null)?.calls;
  if (!calls || typeof calls !== 'object') return found;
  for (const [callId, signature] of Object.entries(calls)) {
    if (typeof signature === 'string' && signature !== '') found.set(callId, signature);
  }
  return found;
}
