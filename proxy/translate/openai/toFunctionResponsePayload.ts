import { isPlainObject } from '../../util/isPlainObject.js';

/**
 * A tool message's content -> Gemini `functionResponse.response`, which must be a JSON object.
 *
 * - A JSON object (what MCP tools and the AI SDK send: `JSON.stringify(output)`) is passed as is, so
 *   the model sees the structure it would see natively.
 * - Anything else (plain text from Roo Code and Cline, a JSON array, a number, "") is wrapped as
 *   `{ output: value }`, parsed where it is JSON. `output` is the key Gemini documents for a function's
 *   result (https://ai.google.dev/api/caching#FunctionResponse: "Use 'output' key to specify function
 *   output and 'error' key to specify error details").
 */
export function toFunctionResponsePayload(content: string): Record<string, unknown> {
  const parsed = tryParseJson(content);
  if (parsed.ok && isPlainObject(parsed.value)) return parsed.value;
  return { output: parsed.ok ? parsed.value : content };
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  // Only structured JSON is worth parsing; "42" or "true" from a text tool should stay text.
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false };
  }
}
