import { describe, expect, it } from 'vitest';
import { chatUsageOf, usageMetadataOf } from './usageMetadataOf.js';

describe('usageMetadataOf: an OpenAI-style usage object in Gemini terms', () => {
  it.each([
    [
      "DashScope's usage with cached prompt tokens",
      {
        prompt_tokens: 3019,
        completion_tokens: 104,
        total_tokens: 3123,
        prompt_tokens_details: { cached_tokens: 2048 },
      },
      {
        promptTokenCount: 3019,
        candidatesTokenCount: 104,
        cachedContentTokenCount: 2048,
        totalTokenCount: 3123,
      },
    ],
    [
      'reasoning tokens, counted within completion_tokens',
      {
        prompt_tokens: 10,
        completion_tokens: 50,
        total_tokens: 60,
        completion_tokens_details: { reasoning_tokens: 30 },
      },
      { promptTokenCount: 10, candidatesTokenCount: 20, thoughtsTokenCount: 30, totalTokenCount: 60 },
    ],
    [
      'no total_tokens',
      { prompt_tokens: 7, completion_tokens: 3 },
      { promptTokenCount: 7, candidatesTokenCount: 3, totalTokenCount: 10 },
    ],
  ])('%s', (_name, usage, expected) => {
    expect(usageMetadataOf(usage)).toEqual(expected);
  });

  it('reads null as no usage', () => {
    expect(usageMetadataOf(null)).toBeUndefined();
  });

  it('goes back to the same OpenAI-style counts', () => {
    const usage = {
      prompt_tokens: 10,
      completion_tokens: 50,
      total_tokens: 60,
      completion_tokens_details: { reasoning_tokens: 30 },
    };
    expect(chatUsageOf(usageMetadataOf(usage))).toEqual(usage);
  });
});
