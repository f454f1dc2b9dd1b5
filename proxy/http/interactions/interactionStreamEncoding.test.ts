import { describe, expect, it } from 'vitest';
import { StreamIncomplete } from '../../failures/failures.js';
import { interactionStreamEncoding } from './interactionStreamEncoding.js';

describe('a streamed interaction on the wire', () => {
  it('writes each event under its event_type, its JSON as it is', () => {
    const json = '{"event_type":"step.delta","index":1,"delta":{"type":"text","text":"Hé"}}';
    expect(
      interactionStreamEncoding.encode([
        { event: { event_type: 'step.delta', index: 1 }, json },
        { event: { event_type: 'step.stop', index: 1 }, json: '{"event_type":"step.stop","index":1}' },
      ]),
    ).toBe(
      `event: step.delta\ndata: ${json}\n\nevent: step.stop\ndata: {"event_type":"step.stop","index":1}\n\n`,
    );
  });

  it.each(['complete', 'tool-call', 'policy-stop'] as const)('ends a %s answer with [DONE]', (outcome) => {
    expect(interactionStreamEncoding.end({ outcome })).toBe('event: done\ndata: [DONE]\n\n');
  });

  it('ends an answer it could not complete with an error event the SDK yields, then [DONE]', () => {
    const end = interactionStreamEncoding.end({
      outcome: 'incomplete',
      error: new StreamIncomplete(
        "Gemini's stream was cut off: the connection broke; gemgate tried 3 times.",
      ),
    });
    expect(end).toBe(
      'event: error\ndata: {"event_type":"error","error":{"code":"stream_incomplete","message":"Gemini\'s stream was cut off: the connection broke; gemgate tried 3 times."}}\n\n' +
        'event: done\ndata: [DONE]\n\n',
    );
  });
});
