import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './parseChatRequest.js';
import { toGenerationConfig } from './toGenerationConfig.js';

const base = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] };
const configFor = (extra: Record<string, unknown>) =>
  toGenerationConfig(parseChatRequest({ ...base, ...extra }));

describe('toGenerationConfig', () => {
  it('maps every sampling knob one to one', () => {
    expect(
      configFor({
        max_tokens: 100,
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        seed: 7,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
        n: 2,
        stop: ['END', '###'],
      }),
    ).toEqual({
      maxOutputTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      candidateCount: 2,
      stopSequences: ['END', '###'],
    });
  });

  it('prefers max_completion_tokens over the deprecated max_tokens', () => {
    expect(configFor({ max_tokens: 100, max_completion_tokens: 200 })?.maxOutputTokens).toBe(200);
  });

  it('accepts stop as a single string and leaves n=1 and nulls alone', () => {
    expect(configFor({ stop: 'END', n: 1, temperature: null, max_tokens: null })).toEqual({
      stopSequences: ['END'],
    });
  });

  it('sends nothing at all when the client set nothing, so Gemini defaults apply', () => {
    expect(configFor({})).toBeUndefined();
  });

  it('json_object -> JSON mime type; json_schema -> JSON mime type + responseJsonSchema without $schema', () => {
    expect(configFor({ response_format: { type: 'json_object' } })).toEqual({
      responseMimeType: 'application/json',
    });
    expect(
      configFor({
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'person',
            strict: true,
            schema: {
              $schema: 'https://json-schema.org/draft/2020-12/schema',
              type: 'object',
              properties: { name: { type: 'string' }, age: { type: ['integer', 'null'] } },
              required: ['name', 'age'],
              additionalProperties: false,
            },
          },
        },
      }),
    ).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: {
        type: 'object',
        properties: { name: { type: 'string' }, age: { type: ['integer', 'null'] } },
        required: ['name', 'age'],
        additionalProperties: false,
      },
    });
    expect(configFor({ response_format: { type: 'text' } })).toBeUndefined();
  });

  it('carries the thinking config it is given', () => {
    const config = toGenerationConfig(parseChatRequest(base), { thinkingBudget: 0 });
    expect(config).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
  });
});
