/**
 * A strict reader of an Interactions API event stream (`event: <type>\ndata: <json>\n\n`, ending with
 * `event: done` / `data: [DONE]`), for tests: it keeps what a lenient client hides, whether the
 * transfer ended cleanly, bytes after the last whole event, and whether the sentinel came.
 */
import { readAll } from './stream-reader.js';

export interface InteractionEvent {
  event_type: string;
  [field: string]: unknown;
}

export interface InteractionStreamRead {
  /** The events, each with the SSE event name it came under checked against its `event_type`. */
  events: InteractionEvent[];
  raw: string;
  /** Bytes after the last complete event ('' when the stream ended on an event boundary). */
  leftover: string;
  /** The transfer failed (socket destroyed) rather than ending. */
  error?: Error;
  /** `data: [DONE]` came. */
  done: boolean;
  /** The answer's text: every `step.delta` of type `text`, in order. */
  text: string;
}

export async function readInteractionStream(res: Response): Promise<InteractionStreamRead> {
  const { bytes, error } = await readAll(res);
  const raw = bytes.toString('utf8');
  const events: InteractionEvent[] = [];
  let done = false;
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\n\n');
    if (end < 0) break;
    const lines = rest.slice(0, end).split('\n');
    rest = rest.slice(end + 2);
    const name = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
    const data = lines.find((line) => line.startsWith('data: '))?.slice('data: '.length);
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    if (data === undefined) continue;
    const event = JSON.parse(data) as InteractionEvent;
    if (name !== undefined && name !== event.event_type) {
      throw new Error(`event name ${name} carries a ${event.event_type} payload`);
    }
    events.push(event);
  }
  const text = events
    .filter((event) => event.event_type === 'step.delta')
    .map((event) => event.delta as { type?: string; text?: string })
    .filter((delta) => delta.type === 'text')
    .map((delta) => delta.text ?? '')
    .join('');
  return { events, raw, leftover: rest, done, text, ...(error ? { error } : {}) };
}
