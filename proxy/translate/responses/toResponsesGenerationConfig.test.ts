import { describe, expect, it } from 'vitest';
import { modelTraits } from '../../models/modelTraits.js';
import { parseResponsesRequest } from './parseResponsesRequest.js';
import { toResponsesGenerationConfig } from './toResponsesGenerationConfig.js';

const configFor = (extra: Record<string, unknown>, model = 'gemini-2.5-flash') =>
  toResponsesGenerationConfig(parseResponsesRequest({ model, input: 'hi', ...extra }), modelTraits(model));

describe('toResponsesGenerationConfig', () => {
  it('sampling and length map one to one; absent stays absent', () => {
    expect(configFor({ max_output_tokens: 500, temperature: 0.2, top_p: 0.9 })).toEqual({
      maxOutputTokens: 500,
      temperature: 0.2,
      topP: 0.9,
    });
    expect(configFor({})).toBeUndefined();
  });

  it.each<[string, unknown, Record<string, unknown> | undefined]>([
    ['text', { type: 'text' }, undefined],
    ['json_object', { type: 'json_object' }, { responseMimeType: 'application/json' }],
    [
      'json_schema ($schema removed, as for chat)',
      {
        type: 'json_schema',
        name: 'city',
        strict: true,
        schema: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          properties: { n: { type: 'string' } },
        },
      },
      {
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object', properties: { n: { type: 'string' } } },
      },
    ],
  ])('text.format %s', (_name, format, expected) => {
    expect(configFor({ text: { format } })).toEqual(expected);
  });

  it.each<[string, string, Record<string, unknown>, Record<string, unknown> | undefined]>([
    [
      'an effort on 2.5: a budget, no summaries unless asked',
      'gemini-2.5-flash',
      { effort: 'medium' },
      { thinkingBudget: 8192 },
    ],
    [
      'an effort on Gemini 3 Pro: a level',
      'gemini-3-pro-preview',
      { effort: 'low' },
      { thinkingLevel: 'low' },
    ],
    [
      "'max' as the most the family takes",
      'gemini-3-flash-preview',
      { effort: 'max' },
      { thinkingLevel: 'high' },
    ],
    [
      'a summary alone: thoughts included',
      'gemini-2.5-flash',
      { summary: 'detailed' },
      { includeThoughts: true },
    ],
    [
      'the older generate_summary',
      'gemini-2.5-flash',
      { generate_summary: 'auto' },
      { includeThoughts: true },
    ],
    [
      "Codex's summary 'none': off",
      'gemini-2.5-flash',
      { effort: 'low', summary: 'none' },
      { thinkingBudget: 1024 },
    ],
    [
      'a model that does not think: nothing',
      'gemini-2.0-flash',
      { effort: 'high', summary: 'auto' },
      undefined,
    ],
  ])('reasoning: %s', (_name, model, reasoning, thinking) => {
    expect(configFor({ reasoning }, model)?.thinkingConfig).toEqual(thinking);
  });
});
