import { describe, expect, it } from 'vitest';
import type { MessagesRequest } from './messagesRequestSchema.js';
import { toGenerationConfig } from './toGenerationConfig.js';

type Sampling = Parameters<typeof toGenerationConfig>[0];
const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };

describe('toGenerationConfig', () => {
  it.each<[string, Partial<MessagesRequest>, unknown]>([
    ['max_tokens alone', {}, { maxOutputTokens: 1024 }],
    [
      'sampling one to one',
      { temperature: 0.2, top_p: 0.9, top_k: 40, stop_sequences: ['\n\nHuman:'] },
      { maxOutputTokens: 1024, temperature: 0.2, topP: 0.9, topK: 40, stopSequences: ['\n\nHuman:'] },
    ],
    ['top_k 0 and no stop sequences: left out', { top_k: 0, stop_sequences: [] }, { maxOutputTokens: 1024 }],
    [
      'a JSON schema output format',
      { output_config: { format: { type: 'json_schema', schema } } },
      { maxOutputTokens: 1024, responseMimeType: 'application/json', responseJsonSchema: schema },
    ],
    [
      "the beta's output_format",
      { output_format: { type: 'json_schema', schema } },
      { maxOutputTokens: 1024, responseMimeType: 'application/json', responseJsonSchema: schema },
    ],
  ])('%s', (_name, extra, expected) => {
    expect(toGenerationConfig({ max_tokens: 1024, ...extra } as Sampling, undefined)).toEqual(expected);
  });

  it('carries the thinking config', () => {
    expect(toGenerationConfig({ max_tokens: 10 }, { thinkingBudget: 0 })).toEqual({
      maxOutputTokens: 10,
      thinkingConfig: { thinkingBudget: 0 },
    });
  });
});
