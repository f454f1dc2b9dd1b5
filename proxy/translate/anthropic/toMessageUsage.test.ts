import { describe, expect, it } from 'vitest';
import { toMessageUsage } from './toMessageUsage.js';

describe('toMessageUsage', () => {
  it.each([
    [
      'nothing reported',
      undefined,
      { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    ],
    [
      'a prompt, some of it cached, an answer and thoughts',
      {
        promptTokenCount: 1000,
        cachedContentTokenCount: 600,
        candidatesTokenCount: 50,
        thoughtsTokenCount: 200,
      },
      {
        input_tokens: 400,
        output_tokens: 250,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 600,
        output_tokens_details: { thinking_tokens: 200 },
      },
    ],
    [
      'tool-use prompt tokens are input',
      { promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 1 },
      { input_tokens: 15, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    ],
    [
      'a grounded answer: its searches as server tool use',
      { promptTokenCount: 10, candidatesTokenCount: 1 },
      {
        input_tokens: 10,
        output_tokens: 1,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        server_tool_use: { web_search_requests: 2, web_fetch_requests: 0 },
      },
      2,
    ],
  ])('%s', (_name, usage, expected, searches?: number) => {
    expect(toMessageUsage(usage, searches)).toEqual(expected);
  });
});
