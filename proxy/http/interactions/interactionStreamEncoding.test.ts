import { describe, expect, it } from 'vitest';
import { StreamIncomplete } from '../../failures/failures.js';
import { incompleteAnswerError } from '../clientError.js';
import { interactionStreamEncoder } from './interactionStreamEncoding.js';

const encoder = interactionStreamEncoder();

describe('a streamed interaction on the wire', () => {
  it('writes each event under its event_type, its JSON as it is', () => {
    const json = '{"event_type":"step.delta","index":1,"delta":{"type":"text","text":"Hé"}}';
    expect(
      encoder.encode([
        { event: { event_type: 'step.delta', index: 1 }, json },
        { event: { event_type: 'step.stop', index: 1 }, json: '{"event_type":"step.stop","index":1}' },
      ]),
    ).toBe(
      `event: step.delta\ndata: ${json}\n\nevent: step.stop\ndata: {"event_type":"step.stop","index":1}\n\n`,
    );
  });

  it('ends a finished answer with [DONE]', () => {
    expect(encoder.finish({ outcome: 'complete', attempts: [] })).toBe('event: done\ndata: [DONE]\n\n');
  });

  it('ends an answer it could not complete with an error event the SDK yields, then [DONE]', () => {
    const error = incompleteAnswerError(
      new StreamIncomplete("Gemini's stream was cut off: the connection broke; gemgate tried 3 times."),
    );
    expect(encoder.fail(error)).toBe(
      'event: error\ndata: {"event_type":"error","error":{"code":"stream_incomplete","message":"Gemini\'s stream was cut off: the connection broke; gemgate tried 3 times."}}\n\n' +
        'event: done\ndata: [DONE]\n\n',
    );
  });
});
