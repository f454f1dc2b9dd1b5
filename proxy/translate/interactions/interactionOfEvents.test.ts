import { describe, expect, it } from 'vitest';
import type { InteractionEventWire } from '../../upstream/interactions/interactionWire.js';
import { InteractionFold } from './interactionOfEvents.js';

const fold = (events: InteractionEventWire[]) => {
  const folding = new InteractionFold();
  events.forEach((event) => folding.add(event));
  return folding.interaction();
};
const completed = (extra: Record<string, unknown> = {}): InteractionEventWire => ({
  event_type: 'interaction.completed',
  interaction: {
    id: 'v1_a',
    status: 'completed',
    model: 'm',
    created: 'c',
    updated: 'u',
    usage: { total_tokens: 9 },
    ...extra,
  },
});

describe('the events of a streamed interaction fold into the whole interaction', () => {
  it.each([
    [
      'text deltas into one text block',
      [
        { event_type: 'step.start', index: 0, step: { type: 'model_output' } },
        { event_type: 'step.delta', index: 0, delta: { type: 'text', text: 'Hel' } },
        { event_type: 'step.delta', index: 0, delta: { type: 'text', text: 'lo' } },
        { event_type: 'step.stop', index: 0 },
      ],
      [{ type: 'model_output', content: [{ type: 'text', text: 'Hello' }] }],
    ],
    [
      'a thought: its signature from the start, its summary from deltas',
      [
        { event_type: 'step.start', index: 0, step: { type: 'thought', signature: 'sig' } },
        {
          event_type: 'step.delta',
          index: 0,
          delta: { type: 'thought_summary', content: { type: 'text', text: 'hmm' } },
        },
        { event_type: 'step.stop', index: 0 },
      ],
      [{ type: 'thought', signature: 'sig', summary: [{ type: 'text', text: 'hmm' }] }],
    ],
    [
      'a signature sent as a delta',
      [
        { event_type: 'step.start', index: 0, step: { type: 'thought' } },
        { event_type: 'step.delta', index: 0, delta: { type: 'thought_signature', signature: 'late' } },
      ],
      [{ type: 'thought', signature: 'late' }],
    ],
    [
      'function call arguments streamed as JSON text',
      [
        { event_type: 'step.start', index: 0, step: { type: 'function_call', id: 'c1', name: 'f' } },
        { event_type: 'step.delta', index: 0, delta: { type: 'arguments_delta', arguments: '{"city":' } },
        { event_type: 'step.delta', index: 0, delta: { type: 'arguments_delta', arguments: '"Oslo"}' } },
        { event_type: 'step.stop', index: 0 },
      ],
      [{ type: 'function_call', id: 'c1', name: 'f', arguments: { city: 'Oslo' } }],
    ],
    [
      'a function call that started whole',
      [
        {
          event_type: 'step.start',
          index: 0,
          step: { type: 'function_call', id: 'c1', name: 'f', arguments: {} },
        },
      ],
      [{ type: 'function_call', id: 'c1', name: 'f', arguments: {} }],
    ],
    [
      'an image',
      [
        { event_type: 'step.start', index: 0, step: { type: 'model_output' } },
        {
          event_type: 'step.delta',
          index: 0,
          delta: { type: 'image', data: 'AAAA', mime_type: 'image/png' },
        },
      ],
      [{ type: 'model_output', content: [{ type: 'image', data: 'AAAA', mime_type: 'image/png' }] }],
    ],
    [
      'steps in their order by index',
      [
        {
          event_type: 'step.start',
          index: 1,
          step: { type: 'model_output', content: [{ type: 'text', text: 'B' }] },
        },
        { event_type: 'step.start', index: 0, step: { type: 'thought', signature: 's' } },
      ],
      [
        { type: 'thought', signature: 's' },
        { type: 'model_output', content: [{ type: 'text', text: 'B' }] },
      ],
    ],
  ] as Array<[string, InteractionEventWire[], unknown[]]>)('%s', (_name, events, steps) => {
    expect(fold([...events, completed()])).toEqual({
      id: 'v1_a',
      status: 'completed',
      model: 'm',
      created: 'c',
      updated: 'u',
      steps,
      usage: { total_tokens: 9 },
    });
  });

  it('is nothing until the interaction completed', () => {
    expect(
      fold([{ event_type: 'interaction.created', interaction: { id: 'v1_a', status: 'in_progress' } }]),
    ).toBeUndefined();
  });
});
