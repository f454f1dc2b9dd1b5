import type { PayloadParser } from '../sseFrameReader.js';
import {
  isInteractionErrorBody,
  type InteractionErrorWire,
  type InteractionEventWire,
} from './interactionWire.js';

/**
 * One event of an Interactions stream as the engine takes it: the parsed event, and the JSON text it
 * came as, relayed unchanged when gemgate changes nothing (the `event:` line is its `event_type`).
 */
export interface InteractionFrame {
  readonly event: InteractionEventWire;
  readonly json: string;
}

/**
 * How an Interactions stream ended, by what it said (how its bytes ended, the reader tells): `done`
 * is the `[DONE]` sentinel; an `error` event, or an error body where an event belongs, is Google
 * reporting a failure inside the stream.
 */
export type InteractionStreamEnd =
  { kind: 'done' } | { kind: 'frame-cut' } | { kind: 'upstream-error'; error: InteractionErrorWire };

/**
 * One SSE `data` payload of an Interactions stream, as a frame or as the end of the stream:
 *
 * | payload                                   | becomes                                   |
 * | ----------------------------------------- | ----------------------------------------- |
 * | `[DONE]`                                  | end `done`                                |
 * | an object with a string `event_type`      | a frame (its JSON text kept)              |
 * | `{event_type: "error", error}`            | end `upstream-error` with that error      |
 * | `{error: {...}}` without `event_type`     | end `upstream-error`                      |
 * | anything else (half a JSON text, a list…) | end `frame-cut`                           |
 */
export function parseInteractionEvent(payload: string): InteractionFrame | { end: InteractionStreamEnd } {
  if (payload.trim() === '[DONE]') return { end: { kind: 'done' } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return { end: { kind: 'frame-cut' } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { end: { kind: 'frame-cut' } };
  }
  const event = parsed as Partial<InteractionEventWire>;
  if (typeof event.event_type !== 'string') {
    return isInteractionErrorBody(parsed)
      ? { end: { kind: 'upstream-error', error: parsed } }
      : { end: { kind: 'frame-cut' } };
  }
  if (event.event_type === 'error') {
    return { end: { kind: 'upstream-error', error: { error: event.error ?? {} } } };
  }
  return { event: event as InteractionEventWire, json: payload };
}

/** The parser as the engine's reader takes it: frames pushed onto the batch, an end returned. */
export const interactionPayloads: PayloadParser<InteractionFrame> = (payload, into) => {
  const read = parseInteractionEvent(payload);
  if ('end' in read) return read.end;
  into.push(read);
  return undefined;
};
