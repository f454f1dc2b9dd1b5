import { describe, expect, it } from 'vitest';
import {
  blockedPrompt,
  callWithoutArgsWhole,
  maxTokensWhole,
  parallelCallsWhole,
  safetyStopWhole,
  thinkingTextWhole,
  twoCandidatesWhole,
} from './__fixtures__/gemini/responses.js';
import { fromGeminiResponse, type ChatResponseOptions } from './fromGeminiResponse.js';
import { LruThoughtSignatureStore } from './thoughtSignatureStore.js';
import { testResponseOptions } from './__fixtures__/responseOptions.js';

const options = (extra: Partial<ChatResponseOptions> = {}): ChatResponseOptions => ({
  ...testResponseOptions(),
  ...extra,
});

describe('fromGeminiResponse', () => {
  it('text with thoughts: content, reasoning_content, stop, and thoughts counted as completion tokens', () => {
    expect(fromGeminiResponse(thinkingTextWhole, options())).toEqual({
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_767_000_000,
      model: 'gemini-test',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'The answer is 42.',
            refusal: null,
            reasoning_content: 'The user wants a number.',
          },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 46,
        total_tokens: 58,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 40 },
        cache_read_input_tokens: 0,
      },
    });
  });

  it('parallel calls: every call complete, finish tool_calls, the signature sent along and remembered', () => {
    const signatures = new LruThoughtSignatureStore();
    const completion = fromGeminiResponse(parallelCallsWhole, options({ signatures }));
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        reasoning_content: '**Checking both cities**\nI need the weather for each.',
        tool_calls: [
          {
            id: 'call_test_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            extra_content: { google: { thought_signature: 'CtEBAXLI2nwSIGpar1s' } },
          },
          {
            id: 'call_test_2',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"London"}' },
          },
        ],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    expect(signatures.recall('call_test_1')).toBe('CtEBAXLI2nwSIGpar1s');
    expect(signatures.recall('call_test_2')).toBeUndefined();
  });

  it('with parallel_tool_calls false, only the first call is passed on', () => {
    const completion = fromGeminiResponse(parallelCallsWhole, options({ parallelToolCalls: false }));
    expect(completion.choices[0]?.message.tool_calls?.map((c) => c.function.arguments)).toEqual([
      '{"city":"Paris"}',
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('a call without args gets "{}" arguments, never an empty string', () => {
    const completion = fromGeminiResponse(callWithoutArgsWhole, options());
    expect(completion.choices[0]?.message.tool_calls?.[0]?.function.arguments).toBe('{}');
  });

  it('MAX_TOKENS -> length, keeping the partial text', () => {
    const choice = fromGeminiResponse(maxTokensWhole, options()).choices[0];
    expect(choice?.finish_reason).toBe('length');
    expect(choice?.message.content).toBe('Once upon a time, in a land far');
  });

  it('a SAFETY stop with no output -> content_filter with the reason as refusal', () => {
    const choice = fromGeminiResponse(safetyStopWhole, options()).choices[0];
    expect(choice).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: 'Gemini stopped the answer (finishReason: SAFETY).',
      },
      finish_reason: 'content_filter',
      logprobs: null,
    });
  });

  it('a blocked prompt -> one content_filter choice explaining the block, with the prompt usage', () => {
    const completion = fromGeminiResponse(blockedPrompt, options());
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          refusal: 'Gemini blocked the prompt (blockReason: PROHIBITED_CONTENT).',
        },
        finish_reason: 'content_filter',
        logprobs: null,
      },
    ]);
    expect(completion.usage?.prompt_tokens).toBe(8);
  });

  it('n=2 -> two choices by candidate index', () => {
    const completion = fromGeminiResponse(twoCandidatesWhole, options());
    expect(completion.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, 'Blue.'],
      [1, 'Azure.'],
    ]);
  });

  it('keeps ids Gemini gives its calls', () => {
    const completion = fromGeminiResponse(
      {
        candidates: [
          {
            content: { parts: [{ functionCall: { id: 'gemini-id-1', name: 'f', args: {} } }] },
            finishReason: 'STOP',
          },
        ],
      },
      options(),
    );
    expect(completion.choices[0]?.message.tool_calls?.[0]?.id).toBe('gemini-id-1');
  });
});
