import { describe, expect, it } from 'vitest';
import { CONTINUE_INSTRUCTION, CONTINUE_JSON_INSTRUCTION } from '../gemini/continuation.js';
import {
  interactionContinuation,
  nextInteractionCall,
  remainingInteractionTokens,
  stepsOf,
} from './interactionContinuation.js';

const same = { model: 'gemini-2.5-flash', thinking: 'same' } as const;
const asked = (text: string) => ({ type: 'user_input', content: [{ type: 'text', text }] });
const said = (text: string) => ({ type: 'model_output', content: [{ type: 'text', text }] });

describe('the input of an interaction, as steps', () => {
  it.each([
    ['a string', 'Hello', [asked('Hello')]],
    ['a content block', { type: 'text', text: 'Hi' }, [asked('Hi')]],
    [
      'content blocks',
      [
        { type: 'text', text: 'Look' },
        { type: 'image', uri: 'files/x', mime_type: 'image/png' },
      ],
      [
        {
          type: 'user_input',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image', uri: 'files/x', mime_type: 'image/png' },
          ],
        },
      ],
    ],
    ['steps', [asked('Q'), said('A'), asked('Q2')], [asked('Q'), said('A'), asked('Q2')]],
    ['nothing', undefined, []],
  ])('%s', (_name, input, steps) => {
    expect(stepsOf(input)).toEqual(steps);
  });
});

describe('the request that continues a cut interaction', () => {
  it('sends the text so far as the model’s step and asks, in words, for the rest; the stored turn before stays', () => {
    const original = {
      model: 'gemini-2.5-flash',
      input: 'Tell a story',
      previous_interaction_id: 'v1_prev',
      stream: true,
    };
    expect(
      interactionContinuation(original, { visibleSoFar: 'Once upon', outputTokensSoFar: 3 }, same),
    ).toEqual({
      model: 'gemini-2.5-flash',
      previous_interaction_id: 'v1_prev',
      stream: true,
      input: [asked('Tell a story'), said('Once upon'), asked(CONTINUE_INSTRUCTION)],
    });
  });

  it('extends a model_output step the client ended its input with, instead of adding a second one', () => {
    const body = interactionContinuation(
      { model: 'gemini-2.5-flash', input: [asked('Write JSON'), said('{"a":')] },
      { visibleSoFar: '1,', outputTokensSoFar: 1 },
      same,
    );
    expect(body.input).toEqual([
      asked('Write JSON'),
      {
        type: 'model_output',
        content: [
          { type: 'text', text: '{"a":' },
          { type: 'text', text: '1,' },
        ],
      },
      asked(CONTINUE_INSTRUCTION),
    ]);
  });

  it('asks for the raw rest of a JSON answer, without the schema that would start a new document', () => {
    const body = interactionContinuation(
      {
        model: 'gemini-2.5-flash',
        input: 'A book',
        response_format: { type: 'text', mime_type: 'application/json', schema: { type: 'object' } },
      },
      { visibleSoFar: '{"title":', outputTokensSoFar: 4 },
      same,
    );
    expect(body.response_format).toBeUndefined();
    expect((body.input as unknown[]).at(-1)).toEqual(asked(CONTINUE_JSON_INSTRUCTION));
  });

  it('gives the continuation what is left of the output budget, and thinks as little as the model takes', () => {
    const original = {
      model: 'gemini-3-flash-preview',
      input: 'Q',
      generation_config: { max_output_tokens: 100, thinking_level: 'high', temperature: 0.2 },
    };
    const body = interactionContinuation(
      original,
      { visibleSoFar: 'x', outputTokensSoFar: 70 },
      { model: 'gemini-3-flash-preview', thinking: 'least' },
    );
    expect(body.generation_config).toEqual({
      max_output_tokens: 30,
      thinking_level: 'minimal',
      temperature: 0.2,
    });
    expect(remainingInteractionTokens(original, 70)).toBe(30);
    expect(remainingInteractionTokens(original, 120)).toBe(0);
    expect(remainingInteractionTokens({ input: 'Q' }, 120)).toBeUndefined();
  });
});

describe('the next attempt at a cut stream', () => {
  const state = { outputTokensSoFar: 0 };
  it('reattaches to a background run after the last event the client got', () => {
    expect(
      nextInteractionCall(
        { model: 'm', input: 'Q', background: true, stream: true },
        { id: 'v1_a', lastEventId: 'evt_7', text: 'Half' },
        state,
        same,
      ),
    ).toEqual({ kind: 'reattach', id: 'v1_a', lastEventId: 'evt_7' });
  });

  it('continues a foreground run from the text the client holds', () => {
    const next = nextInteractionCall(
      { model: 'm', input: 'Q', stream: true },
      { id: 'v1_a', lastEventId: undefined, text: 'Half' },
      state,
      same,
    );
    expect(next).toMatchObject({
      kind: 'create',
      body: { input: [asked('Q'), said('Half'), asked(CONTINUE_INSTRUCTION)] },
    });
  });

  it('asks again, as the client did, when the client holds nothing to build on', () => {
    expect(
      nextInteractionCall(
        { model: 'm', input: 'Q', stream: false, background: true },
        { id: undefined, lastEventId: undefined, text: '' },
        state,
        same,
      ),
    ).toEqual({ kind: 'create', body: { model: 'm', input: 'Q', stream: true, background: true } });
  });
});
