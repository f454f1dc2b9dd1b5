import { describe, expect, it } from 'vitest';
import { parseInteractionEvent } from './parseInteractionEvent.js';

describe('one payload of an Interactions stream: a frame, or the end of the stream', () => {
  it.each([
    ['the sentinel', '[DONE]', { end: { kind: 'done' } }],
    ['the sentinel with spaces', ' [DONE] ', { end: { kind: 'done' } }],
    [
      'half a JSON text',
      '{"event_type":"step.delta","index":1,"delta":{"type":"te',
      { end: { kind: 'frame-cut' } },
    ],
    ['a list', '[1,2]', { end: { kind: 'frame-cut' } }],
    ['an object that is no event', '{"hello":1}', { end: { kind: 'frame-cut' } }],
    [
      'an error event',
      '{"event_type":"error","error":{"code":"internal","message":"boom"}}',
      { end: { kind: 'upstream-error', error: { error: { code: 'internal', message: 'boom' } } } },
    ],
    [
      'a Google error where an event belongs',
      '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}',
      {
        end: {
          kind: 'upstream-error',
          error: { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } },
        },
      },
    ],
  ])('%s', (_name, payload, expected) => {
    expect(parseInteractionEvent(payload)).toEqual(expected);
  });

  it('keeps the JSON text of an event exactly as Google wrote it', () => {
    const json = '{"event_type":"step.delta","index":1,"delta":{"type":"text","text":"Hé 🚀"}}';
    expect(parseInteractionEvent(json)).toEqual({
      event: { event_type: 'step.delta', index: 1, delta: { type: 'text', text: 'Hé 🚀' } },
      json,
    });
  });
});
