import type { PayloadParser } from '../sseFrameReader.js';
import { isProviderErrorBody, type ChatChunkWire } from './chatWire.js';

/** One `data:` event of a streamed Chat Completions answer, parsed, with the JSON text it came as (relayed unchanged when nothing changes). */
export interface ChatFrame {
  chunk: ChatChunkWire;
  json: string;
}

/**
 * Reads an OpenAI-style stream's payloads: `[DONE]` ends it (`done`); an error object that is not
 * a chunk ends it (`upstream-error`, the provider's body); anything that is not a JSON object is half
 * a frame (`frame-cut`). A stream that closes without `[DONE]` was cut, whatever its chunks said.
 */
export const chatPayloads: PayloadParser<ChatFrame> = (json, into) => {
  if (json.trim() === '[DONE]') return { kind: 'done' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { kind: 'frame-cut' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'frame-cut' };
  if (isProviderErrorBody(parsed) && !('choices' in parsed)) return { kind: 'upstream-error', error: parsed };
  into.push({ chunk: parsed as ChatChunkWire, json });
  return undefined;
};
