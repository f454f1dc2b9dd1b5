import { describe, expect, it } from 'vitest';
import { toChatUsage } from './toChatUsage.js';

describe('toChatUsage', () => {
  it('counts thoughts as completion tokens and details them as reasoning tokens', () => {
    expect(
      toChatUsage({
        promptTokenCount: 120,
        cachedContentTokenCount: 100,
        candidatesTokenCount: 30,
        thoughtsTokenCount: 250,
        totalTokenCount: 400,
      }),
    ).toEqual({
      prompt_tokens: 120,
      completion_tokens: 280,
      total_tokens: 400,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 250 },
      cache_read_input_tokens: 100,
    });
  });

  it('reports cached prompt tokens where OpenAI clients and Roo Code each look for them', () => {
    const usage = toChatUsage({
      promptTokenCount: 2000,
      cachedContentTokenCount: 1536,
      candidatesTokenCount: 10,
    });
    expect(usage.prompt_tokens_details?.cached_tokens).toBe(1536);
    expect(usage.cache_read_input_tokens).toBe(1536);
  });

  it('counts tool-use prompt tokens as prompt tokens', () => {
    const usage = toChatUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 1 });
    expect(usage.prompt_tokens).toBe(15);
    expect(usage.total_tokens).toBe(16);
  });

  it('is all zeros when Gemini reported nothing', () => {
    expect(toChatUsage(undefined)).toEqual({
      prompt_tokens: 0,
      completion_tokens: 0,
      total_tokens: 0,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
      cache_read_input_tokens: 0,
    });
  });
});
