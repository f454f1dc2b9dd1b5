import { describe, expect, it } from 'vitest';
import { toResponseUsage } from './toResponseUsage.js';

describe('toResponseUsage', () => {
  it('counts thoughts as output and details them as reasoning; cached and tool-use prompt tokens as input', () => {
    expect(
      toResponseUsage({
        promptTokenCount: 1000,
        cachedContentTokenCount: 800,
        toolUsePromptTokenCount: 50,
        candidatesTokenCount: 30,
        thoughtsTokenCount: 70,
        totalTokenCount: 1150,
      }),
    ).toEqual({
      input_tokens: 1050,
      input_tokens_details: { cached_tokens: 800 },
      output_tokens: 100,
      output_tokens_details: { reasoning_tokens: 70 },
      total_tokens: 1150,
    });
  });

  it('is all zeros when Gemini reported nothing', () => {
    expect(toResponseUsage(undefined)).toEqual({
      input_tokens: 0,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 0,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 0,
    });
  });
});
