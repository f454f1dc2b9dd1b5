import { foldBlockEvents } from '../fromGeminiToMessage.js';
import { FunctionNames } from '../functionNames.js';
import type { MessageAnswerOptions } from '../messageStreamTranslator.js';
import type { BlockEvent, ContentBlockOut, MessageStreamEvent } from '../types.js';

/**
 * Answer options with deterministic ids (`msg_test`, `toolu_1`, `toolu_2`, …, `srvtoolu_1`, …), as
 * fixtures need.
 */
export function answerOptions(declared: string[] = []): MessageAnswerOptions {
  let ids = 0;
  let searches = 0;
  return {
    id: 'msg_test',
    model: 'claude-sonnet-4-5',
    names: new FunctionNames(declared),
    parallelToolCalls: true,
    newToolUseId: () => `toolu_${++ids}`,
    newServerToolUseId: () => `srvtoolu_${++searches}`,
  };
}

/**
 * The events of a Messages SSE body, in order. Each frame must be exactly `event: <name>` and
 * `data: <json>` with the name the data's `type` (the SDK drops a frame without its name); comments
 * (keep-alives) are skipped.
 */
export function sseEvents(body: string): MessageStreamEvent[] {
  return body
    .split('\n\n')
    .filter((frame) => frame !== '' && !frame.startsWith(':'))
    .map((frame) => {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      const event = JSON.parse(dataLine!.replace(/^data: /, '')) as MessageStreamEvent;
      if (rest.length > 0 || eventLine !== `event: ${event.type}`) throw new Error(`malformed frame: ${frame}`);
      return event;
    });
}

/** What a client makes of a Messages SSE body: its events, and the content blocks they build. */
export function streamedMessage(body: string): { events: MessageStreamEvent[]; content: ContentBlockOut[] } {
  const events = sseEvents(body);
  const blocks = events.filter((event): event is BlockEvent => event.type.startsWith('content_block'));
  return { events, content: foldBlockEvents(blocks) };
}

/** The events of a stream, deltas by their kind, a run of one kind as one: the order a reader checks. */
export function eventOrder(events: readonly MessageStreamEvent[]): string[] {
  const kinds = events.map((event) => (event.type === 'content_block_delta' ? event.delta.type : event.type));
  return kinds.filter((kind, i) => kind !== kinds[i - 1]);
}

/** Anthropic's order for an answer that thinks, then writes. */
export const THINKING_THEN_TEXT = [
  'message_start',
  'ping',
  'content_block_start',
  'thinking_delta',
  'content_block_stop',
  'content_block_start',
  'text_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
];
