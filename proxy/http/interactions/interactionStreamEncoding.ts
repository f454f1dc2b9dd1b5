import type { GenerationSummary } from '../../resume/resumableGeneration.js';
import type { InteractionFrame } from '../../upstream/interactions/parseInteractionEvent.js';
import { incompleteAnswerError } from '../clientError.js';

/**
 * A streamed interaction as the client reads it (ai.google.dev/gemini-api/docs/interactions/streaming;
 * @google/genai's reader takes each `data` payload, and stops at `[DONE]`):
 *
 * | what                          | on the wire                                                        |
 * | ----------------------------- | ------------------------------------------------------------------ |
 * | an event                      | `event: <event_type>\ndata: <its JSON>\n\n`                        |
 * | the end of a finished answer  | `event: done\ndata: [DONE]\n\n`                                    |
 * | an answer gemgate could not complete | `event: error` with `{"event_type": "error", "error": {"code", "message"}}`, then the end |
 */
export const interactionStreamEncoding = {
  contentType: 'text/event-stream',

  encode(batch: readonly InteractionFrame[]): string {
    let out = '';
    for (const frame of batch) out += `event: ${frame.event.event_type}\ndata: ${frame.json}\n\n`;
    return out;
  },

  end(summary: Pick<GenerationSummary, 'outcome' | 'error'>): string {
    const done = 'event: done\ndata: [DONE]\n\n';
    if (summary.outcome !== 'incomplete') return done;
    const error = incompleteAnswerError(summary.error);
    const event = {
      event_type: 'error',
      error: { code: error.options.code ?? 'stream_incomplete', message: error.message },
    };
    return `event: error\ndata: ${JSON.stringify(event)}\n\n${done}`;
  },
};
