/**
 * Where a Gemini thought signature travels in the Anthropic dialect: in the `signature` of a thinking
 * block, the one field of Anthropic's own that every client keeps and sends back whole. Claude Code
 * resends a thinking block as `{type, thinking, signature}` and drops any field it does not know, so
 * an extra field would be lost; a tool_use id would carry it too, but ids are shown and logged, and a
 * signature can be kilobytes long.
 *
 * | direction                           | the signature                                                   |
 * | ----------------------------------- | --------------------------------------------------------------- |
 * | Gemini -> client (thinking block)   | `gemini:` + Gemini's thoughtSignature                           |
 * | client -> Gemini, `gemini:…`        | the part after the prefix, on the part that follows the block   |
 * | client -> Gemini, anything else     | dropped: a signature Claude's API minted means nothing to Gemini, and Gemini 3 rejects a signature it cannot read |
 *
 * The prefix tells gemgate's signatures from Claude's, so a conversation begun on Anthropic's API and
 * continued through gemgate is answered instead of failing on "Corrupted thought signature".
 * gemgate also remembers each call's signature by its tool_use id (ThoughtSignatureStore), for
 * clients that drop thinking blocks.
 */
const PREFIX = 'gemini:';

export function toThinkingSignature(geminiSignature: string): string {
  return PREFIX + geminiSignature;
}

export function fromThinkingSignature(signature: string | null | undefined): string | undefined {
  if (!signature?.startsWith(PREFIX)) return undefined;
  const gemini = signature.slice(PREFIX.length);
  return gemini === '' ? undefined : gemini;
}
