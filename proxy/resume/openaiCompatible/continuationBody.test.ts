import { describe, expect, it } from 'vitest';
import { CONTINUE_INSTRUCTION, CONTINUE_JSON_INSTRUCTION } from '../gemini/continuation.js';
import { continuationBody, remainingTokens } from './continuationBody.js';

const original = {
  model: 'qwen-plus',
  stream: true,
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Tell me about seams' },
  ],
};
const state = { visibleSoFar: 'Seams are where', outputTokensSoFar: 4 };

describe("continuationBody: the request that continues a cut answer, in the provider's way", () => {
  it.each([
    ['partial (DashScope)', 'partial', [{ role: 'assistant', content: 'Seams are where', partial: true }]],
    ['prefix (DeepSeek)', 'prefix', [{ role: 'assistant', content: 'Seams are where', prefix: true }]],
    [
      'prompt (any service)',
      'prompt',
      [
        { role: 'assistant', content: 'Seams are where' },
        { role: 'user', content: CONTINUE_INSTRUCTION },
      ],
    ],
  ] as const)('%s', (_name, style, tail) => {
    const body = continuationBody(original, state, style);
    expect(body.messages).toEqual([...original.messages, ...tail]);
    expect(original.messages).toHaveLength(2);
  });

  it('extends a last assistant turn the client already marked partial, rather than adding a second', () => {
    const client = {
      ...original,
      messages: [...original.messages, { role: 'assistant', content: 'Well, ', partial: true }],
    };
    const body = continuationBody(client, state, 'partial');
    expect(body.messages).toEqual([
      ...original.messages,
      { role: 'assistant', content: 'Well, Seams are where', partial: true },
    ]);
  });

  it("gives the continuation what is left of the client's output budget", () => {
    expect(continuationBody({ ...original, max_tokens: 100 }, state, 'partial').max_tokens).toBe(96);
    expect(
      continuationBody(
        { ...original, max_completion_tokens: 5 },
        { ...state, outputTokensSoFar: 9 },
        'prompt',
      ).max_completion_tokens,
    ).toBe(1);
    expect(remainingTokens({ ...original, max_tokens: 4 }, 4)).toBe(0);
    expect(remainingTokens(original, 400)).toBeUndefined();
  });

  it("asks DashScope's partial mode not to think (it does not continue with thinking on)", () => {
    expect(continuationBody({ ...original, enable_thinking: true }, state, 'partial').enable_thinking).toBe(
      false,
    );
    expect(continuationBody({ ...original, enable_thinking: true }, state, 'prompt').enable_thinking).toBe(
      true,
    );
  });

  it('asks in words for the rest of a JSON document, without the schema that would start a new one', () => {
    const structured = { ...original, response_format: { type: 'json_object' } };
    const body = continuationBody(structured, state, 'prompt');
    expect(body.response_format).toBeUndefined();
    expect((body.messages as Array<{ content: string }>).at(-1)!.content).toBe(CONTINUE_JSON_INSTRUCTION);
    expect(continuationBody(structured, state, 'partial').response_format).toEqual({ type: 'json_object' });
  });
});
