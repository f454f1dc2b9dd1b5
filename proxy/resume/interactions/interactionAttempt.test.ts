import { describe, expect, it } from 'vitest';
import type { InteractionFrame } from '../../upstream/interactions/parseInteractionEvent.js';
import type { InteractionEventWire } from '../../upstream/interactions/interactionWire.js';
import { InteractionAnswerSoFar } from './interactionAnswer.js';
import { InteractionAttemptFilter, type InteractionAttemptMode } from './interactionAttempt.js';

/** An event as Google writes it (JSON text kept). */
const frame = (event: InteractionEventWire): InteractionFrame => ({ event, json: JSON.stringify(event) });

const MODEL = 'gemini-2.5-flash';
const created = (id: string, extra: Record<string, unknown> = {}) =>
  frame({
    interaction: {
      id,
      status: 'in_progress',
      model: MODEL,
      object: 'interaction',
      created: `c-${id}`,
      ...extra,
    },
    event_type: 'interaction.created',
  });
const status = (id: string) =>
  frame({ event_type: 'interaction.status_update', interaction_id: id, status: 'in_progress' });
const start = (index: number, step: Record<string, unknown>) =>
  frame({ event_type: 'step.start', index, step: step as { type: string } });
const text = (index: number, value: string) =>
  frame({ event_type: 'step.delta', index, delta: { type: 'text', text: value } });
const summary = (index: number, value: string) =>
  frame({
    event_type: 'step.delta',
    index,
    delta: { type: 'thought_summary', content: { type: 'text', text: value } },
  });
const stop = (index: number) => frame({ event_type: 'step.stop', index });
const usage = (input: number, output: number, thought = 0) => ({
  total_input_tokens: input,
  total_output_tokens: output,
  ...(thought ? { total_thought_tokens: thought } : {}),
  total_tokens: input + output + thought,
});
const completed = (id: string, state = 'completed', extra: Record<string, unknown> = {}) =>
  frame({
    interaction: {
      id,
      status: state,
      model: MODEL,
      object: 'interaction',
      created: `c-${id}`,
      updated: `u-${id}`,
      usage: usage(10, 20, 5),
      ...extra,
    },
    event_type: 'interaction.completed',
  });

/** Runs `frames` through a filter, one upstream read each, and its end; returns what the client got. */
function run(answer: InteractionAnswerSoFar, mode: InteractionAttemptMode, frames: InteractionFrame[]) {
  const filter = new InteractionAttemptFilter(answer, mode);
  const out: InteractionFrame[] = [];
  for (const each of frames) filter.take([each], out);
  filter.end(out);
  return { filter, out, events: out.map((sent) => JSON.parse(sent.json) as InteractionEventWire) };
}

const textOf = (events: InteractionEventWire[]) =>
  events
    .filter((event) => event.event_type === 'step.delta' && event.delta?.type === 'text')
    .map((event) => event.delta!.text)
    .join('');

describe('one attempt at a streamed interaction, as the client is to see it', () => {
  it('relays a first attempt exactly as Google wrote it, and learns its interaction, text, usage and finish', () => {
    const frames = [
      created('v1_a'),
      status('v1_a'),
      start(0, { type: 'thought', signature: 'sig' }),
      summary(0, 'thinking'),
      stop(0),
      start(1, { type: 'model_output' }),
      text(1, 'Hello '),
      text(1, 'world.'),
      stop(1),
      completed('v1_a'),
    ];
    const answer = new InteractionAnswerSoFar();
    const { filter, out } = run(answer, 'first', frames);
    expect(out).toEqual(frames);
    out.forEach((sent, i) => expect(sent).toBe(frames[i]));
    expect(answer).toMatchObject({
      id: 'v1_a',
      text: 'Hello world.',
      upstreamIds: ['v1_a'],
      thoughtsShown: true,
    });
    expect(filter).toMatchObject({
      interactionId: 'v1_a',
      visibleChars: 12,
      finish: { status: 'completed', empty: false },
      usage: { promptTokenCount: 10, candidatesTokenCount: 20, thoughtsTokenCount: 5, totalTokenCount: 35 },
      sawThoughts: true,
      sawVisible: true,
    });
  });

  it('puts back the previous_interaction_id the client sent when Google was sent another in its place', () => {
    const answer = new InteractionAnswerSoFar({ previousId: 'v1_client', upstreamPreviousId: 'v1_head' });
    const { events, out } = run(answer, 'first', [
      created('v1_a', { previous_interaction_id: 'v1_head' }),
      start(0, { type: 'model_output' }),
      text(0, 'Hi.'),
      stop(0),
      completed('v1_a', 'completed', { previous_interaction_id: 'v1_head' }),
    ]);
    expect(events[0]!.interaction).toMatchObject({ id: 'v1_a', previous_interaction_id: 'v1_client' });
    expect(events.at(-1)!.interaction).toMatchObject({ id: 'v1_a', previous_interaction_id: 'v1_client' });
    expect(out[1]!.json).toBe(JSON.stringify(start(0, { type: 'model_output' }).event));
  });

  it('joins a continuation onto the text step the client holds: one interaction, no repeat at the seam', () => {
    const answer = new InteractionAnswerSoFar();
    const first = run(answer, 'first', [
      created('v1_a'),
      status('v1_a'),
      start(0, { type: 'thought', signature: 'sig' }),
      stop(0),
      start(1, { type: 'model_output' }),
      text(1, 'The harbour is quiet and the wor'),
    ]);
    expect(first.filter.finish).toBeUndefined();
    answer.moveOn(undefined);

    const second = run(answer, 'continue', [
      created('v1_b'),
      status('v1_b'),
      start(0, { type: 'thought', signature: 'sig2' }),
      summary(0, 'again'),
      stop(0),
      start(1, { type: 'model_output' }),
      text(1, 'world sleeps.'),
      text(1, ' Boats rest.'),
      stop(1),
      frame({
        interaction: {
          id: 'v1_b',
          status: 'completed',
          model: MODEL,
          created: 'c-v1_b',
          updated: 'u-v1_b',
          usage: { total_input_tokens: 40, total_output_tokens: 6, total_tokens: 46 },
        },
        event_type: 'interaction.completed',
      }),
    ]);
    expect(second.events).toEqual([
      { event_type: 'step.delta', index: 1, delta: { type: 'text', text: 'ld sleeps.' } },
      { event_type: 'step.delta', index: 1, delta: { type: 'text', text: ' Boats rest.' } },
      { event_type: 'step.stop', index: 1 },
      {
        interaction: {
          id: 'v1_a',
          status: 'completed',
          model: MODEL,
          created: 'c-v1_a',
          updated: 'u-v1_b',
          // The answer's usage: the continuation's (its prompt re-sent the text so far), and no prompt twice.
          usage: { total_input_tokens: 40, total_output_tokens: 6, total_tokens: 46 },
        },
        event_type: 'interaction.completed',
      },
    ]);
    expect(answer.text).toBe('The harbour is quiet and the world sleeps. Boats rest.');
    expect(second.filter.seamRemoved).toBe(3);
    expect(answer.upstreamIds).toEqual(['v1_a', 'v1_b']);
  });

  it('counts the prompt once and the output of every attempt in the usage the client is shown', () => {
    const answer = new InteractionAnswerSoFar();
    run(answer, 'first', [created('v1_a'), start(0, { type: 'model_output' }), text(0, 'Part one, ')]);
    answer.moveOn({ promptTokenCount: 10, candidatesTokenCount: 3, totalTokenCount: 13 });
    const { events } = run(answer, 'continue', [
      created('v1_b'),
      start(0, { type: 'model_output' }),
      text(0, 'part two.'),
      stop(0),
      completed('v1_b'),
    ]);
    expect(events.at(-1)!.interaction!.usage).toEqual({
      total_input_tokens: 10,
      total_output_tokens: 23,
      total_thought_tokens: 5,
      total_tokens: 38,
    });
  });

  it('replays after a cut inside the thinking: the open step is stopped, thinking is not shown twice', () => {
    const answer = new InteractionAnswerSoFar();
    run(answer, 'first', [created('v1_a'), start(0, { type: 'thought', signature: 's' }), summary(0, 'hmm')]);
    answer.moveOn(undefined);
    const { events } = run(answer, 'replay', [
      created('v1_b'),
      status('v1_b'),
      start(0, { type: 'thought', signature: 's2' }),
      summary(0, 'hmm again'),
      stop(0),
      start(1, { type: 'model_output' }),
      text(1, 'Answer.'),
      stop(1),
      completed('v1_b'),
    ]);
    expect(events.map((event) => [event.event_type, event.index])).toEqual([
      ['step.stop', 0],
      ['step.start', 1],
      ['step.delta', 1],
      ['step.stop', 1],
      ['interaction.completed', undefined],
    ]);
    expect(events.at(-1)!.interaction!.id).toBe('v1_a');
    expect(textOf(events)).toBe('Answer.');
  });

  it('introduces the interaction of a replay when the cut came before the client heard of any', () => {
    const answer = new InteractionAnswerSoFar();
    const first = run(answer, 'first', []);
    expect(first.out).toEqual([]);
    answer.moveOn(undefined);
    const { events } = run(answer, 'replay', [
      created('v1_b'),
      status('v1_b'),
      start(0, { type: 'model_output' }),
      text(0, 'Hi.'),
      stop(0),
      completed('v1_b'),
    ]);
    expect(events.map((event) => event.event_type)).toEqual([
      'interaction.created',
      'interaction.status_update',
      'step.start',
      'step.delta',
      'step.stop',
      'interaction.completed',
    ]);
    expect(answer.id).toBe('v1_b');
    expect(events.at(-1)!.interaction!.id).toBe('v1_b');
  });

  it('holds back a completion with nothing for the client: the answer is empty', () => {
    const answer = new InteractionAnswerSoFar();
    const { filter, events } = run(answer, 'first', [
      created('v1_a'),
      start(0, { type: 'thought', signature: 's' }),
      stop(0),
      completed('v1_a'),
    ]);
    expect(filter.finish).toEqual({ status: 'completed', empty: true });
    expect(events.map((event) => event.event_type)).not.toContain('interaction.completed');
  });

  it('numbers a function call after the text, and knows a call went out', () => {
    const answer = new InteractionAnswerSoFar();
    const { filter, events } = run(answer, 'first', [
      created('v1_a'),
      start(0, { type: 'function_call', id: 'call_1', name: 'weather', arguments: { city: 'Oslo' } }),
      stop(0),
      completed('v1_a', 'requires_action'),
    ]);
    expect(answer.toolCallSent).toBe(true);
    expect(filter.finish).toEqual({ status: 'requires_action', empty: false });
    expect(events.at(-1)!.interaction!.status).toBe('requires_action');
  });

  it('passes a reattached background stream as it comes, and remembers the last event id', () => {
    const answer = new InteractionAnswerSoFar();
    const numbered = (each: InteractionFrame, id: string) => frame({ ...each.event, event_id: id });
    run(answer, 'first', [
      numbered(created('v1_a'), 'e0'),
      numbered(start(0, { type: 'model_output' }), 'e1'),
      numbered(text(0, 'Half '), 'e2'),
    ]);
    expect(answer.lastEventId).toBe('e2');
    answer.moveOn(undefined);
    const rest = [
      numbered(text(0, 'and the rest.'), 'e3'),
      numbered(stop(0), 'e4'),
      numbered(completed('v1_a'), 'e5'),
    ];
    const { out, filter } = run(answer, 'reattach', rest);
    expect(out).toEqual(rest);
    expect(answer).toMatchObject({ text: 'Half and the rest.', upstreamIds: ['v1_a'], lastEventId: 'e5' });
    expect(filter.finish).toEqual({ status: 'completed', empty: false });
  });

  it('ends the answer with events of its own: the open steps stop, then the completion', () => {
    const answer = new InteractionAnswerSoFar({ previousId: 'v1_prev' });
    run(answer, 'first', [
      created('v1_a'),
      start(0, { type: 'model_output' }),
      text(0, 'Partial'),
      start(1, { type: 'function_call', id: 'c', name: 'f', arguments: {} }),
    ]);
    const closing = answer.closingFrames('requires_action', {
      promptTokenCount: 4,
      candidatesTokenCount: 2,
      totalTokenCount: 6,
    });
    expect(closing.map((each) => JSON.parse(each.json) as unknown)).toEqual([
      { event_type: 'step.stop', index: 0 },
      { event_type: 'step.stop', index: 1 },
      {
        interaction: {
          id: 'v1_a',
          status: 'requires_action',
          model: MODEL,
          object: 'interaction',
          created: 'c-v1_a',
          previous_interaction_id: 'v1_prev',
          usage: { total_input_tokens: 4, total_output_tokens: 2, total_tokens: 6 },
        },
        event_type: 'interaction.completed',
      },
    ]);
  });
});
