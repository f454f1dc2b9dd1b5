import type { InteractionFrame } from '../../upstream/interactions/parseInteractionEvent.js';
import type { GatewayError } from '../gatewayError.js';
import type { StreamEncoder } from '../generation/generationDialect.js';

const DONE = 'event: done\ndata: [DONE]\n\n';

/**
 * A streamed interaction as the client reads it (ai.google.dev/gemini-api/docs/interactions/streaming;
 * @google/genai's reader takes each `data` payload, and stops at `[DONE]`):
 *
 * | what                          | on the wire                                                        |
 * | ----------------------------- | ------------------------------------------------------------------ |
 * | an event                      | `event: <event_type>\ndata: <its JSON>\n\n`                        |
 * | the end of a finished answer  | `event: done\ndata: [DONE]\n\n`                                    |
 * | an answer gemgate could not complete | `event: error` with `{"event_type": "error", "error": {"code", "message"}}`, then the end |
 * | waiting (thinking, a resume opening) | SSE comments, which the SDK's reader skips                 |
 */
export function interactionStreamEncoder(): StreamEncoder<InteractionFrame> {
  return {
    contentType: 'text/event-stream',
    keepAlive: true,
    encode(batch) {
      let out = '';
      for (const frame of batch) out += `event: ${frame.event.event_type}\ndata: ${frame.json}\n\n`;
      return out;
    },
    finish: () => DONE,
    fail: (error: GatewayError) => {
      const event = {
        event_type: 'error',
        error: { code: error.options.code ?? 'stream_incomplete', message: error.message },
      };
      return `event: error\ndata: ${JSON.stringify(event)}\n\n${DONE}`;
    },
  };
}
