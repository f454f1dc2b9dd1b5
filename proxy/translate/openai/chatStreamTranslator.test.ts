import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../../gemini/types.js';
import {
  blockedPrompt,
  maxTokensChunks,
  parallelCallsChunks,
  safetyMidAnswerChunks,
  thinkingTextChunks,
} from './__fixtures__/gemini/responses.js';
import { createChatStreamTranslator, type ChatStreamOptions } from './chatStreamTranslator.js';
import { LruThoughtSignatureStore } from './thoughtSignatureStore.js';
import type { ChatCompletionChunk } from './types.js';
import { testResponseOptions } from './__fixtures__/responseOptions.js';

const options = (extra: Partial<ChatStreamOptions> = {}): ChatStreamOptions => ({
  ...testResponseOptions(),
  includeUsage: true,
  ...extra,
});

function run(
  chunks: GenerateContentResponse[],
  extra: Partial<ChatStreamOptions> = {},
): ChatCompletionChunk[] {
  const translator = createChatStreamTranslator(options(extra));
  return [...chunks.flatMap((c) => translator.push(c)), ...translator.end()];
}

/** Only what differs from chunk to chunk, to keep expectations readable. */
const essence = (chunks: ChatCompletionChunk[]) =>
  chunks.map((c) => (c.usage ? { usage: c.usage, choices: c.choices } : { ...c.choices[0] }));

describe('createChatStreamTranslator', () => {
  it('every chunk carries the same id, object, created and model', () => {
    for (const chunk of run(thinkingTextChunks)) {
      expect(chunk).toMatchObject({
        id: 'chatcmpl-test',
        object: 'chat.completion.chunk',
        created: 1_767_000_000,
        model: 'gemini-test',
      });
    }
  });

  it('role first, thoughts as reasoning_content, text deltas, finish, then a usage chunk with choices []', () => {
    expect(essence(run(thinkingTextChunks))).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null },
      {
        index: 0,
        delta: { reasoning_content: 'The user wants a number.' },
        finish_reason: null,
        logprobs: null,
      },
      { index: 0, delta: { content: 'The answer' }, finish_reason: null, logprobs: null },
      { index: 0, delta: { content: ' is 42.' }, finish_reason: null, logprobs: null },
      { index: 0, delta: {}, finish_reason: 'stop', logprobs: null },
      {
        choices: [],
        usage: {
          prompt_tokens: 12,
          completion_tokens: 46,
          total_tokens: 58,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 40 },
          cache_read_input_tokens: 0,
        },
      },
    ]);
  });

  it('parallel calls: each call whole with index, id, type, name, JSON arguments; finish tool_calls', () => {
    const signatures = new LruThoughtSignatureStore();
    const chunks = essence(run(parallelCallsChunks, { signatures, includeUsage: false }));
    expect(chunks).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null },
      {
        index: 0,
        delta: { reasoning_content: '**Checking both cities**\nI need the weather for each.' },
        finish_reason: null,
        logprobs: null,
      },
      {
        index: 0,
        delta: {
          tool_calls: [
            {
              index: 0,
              id: 'call_test_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              extra_content: { google: { thought_signature: 'CtEBAXLI2nwSIGpar1s' } },
            },
          ],
        },
        finish_reason: null,
        logprobs: null,
      },
      {
        index: 0,
        delta: {
          tool_calls: [
            {
              index: 1,
              id: 'call_test_2',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"London"}' },
            },
          ],
        },
        finish_reason: null,
        logprobs: null,
      },
      { index: 0, delta: {}, finish_reason: 'tool_calls', logprobs: null },
    ]);
    expect(signatures.recall('call_test_1')).toBe('CtEBAXLI2nwSIGpar1s');
  });

  it('with parallel_tool_calls false only the first call is streamed', () => {
    const toolDeltas = run(parallelCallsChunks, { parallelToolCalls: false }).flatMap(
      (c) => c.choices[0]?.delta.tool_calls ?? [],
    );
    expect(toolDeltas.map((t) => t.function.arguments)).toEqual(['{"city":"Paris"}']);
  });

  it('MAX_TOKENS -> finish_reason length', () => {
    const finishes = run(maxTokensChunks).map((c) => c.choices[0]?.finish_reason ?? null);
    expect(finishes.filter(Boolean)).toEqual(['length']);
  });

  it('SAFETY after some text -> content_filter, without a refusal (the text was already shown)', () => {
    expect(essence(run(safetyMidAnswerChunks, { includeUsage: false })).slice(1)).toEqual([
      { index: 0, delta: { content: 'Here is how to' }, finish_reason: null, logprobs: null },
      { index: 0, delta: {}, finish_reason: 'content_filter', logprobs: null },
    ]);
  });

  it('a blocked prompt -> role, refusal, content_filter, usage', () => {
    expect(essence(run([blockedPrompt]))).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null },
      {
        index: 0,
        delta: { refusal: 'Gemini blocked the prompt (blockReason: PROHIBITED_CONTENT).' },
        finish_reason: null,
        logprobs: null,
      },
      { index: 0, delta: {}, finish_reason: 'content_filter', logprobs: null },
      {
        choices: [],
        usage: {
          prompt_tokens: 8,
          completion_tokens: 0,
          total_tokens: 8,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0 },
          cache_read_input_tokens: 0,
        },
      },
    ]);
  });

  it('end() reports the usage the caller passes (e.g. summed over resumed attempts)', () => {
    const translator = createChatStreamTranslator(options());
    thinkingTextChunks.forEach((c) => translator.push(c));
    const [usageChunk] = translator.end({
      promptTokenCount: 30,
      candidatesTokenCount: 20,
      totalTokenCount: 50,
    });
    expect(usageChunk?.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 20, total_tokens: 50 });
  });

  it('no usage chunk unless asked for', () => {
    const translator = createChatStreamTranslator(options({ includeUsage: false }));
    thinkingTextChunks.forEach((c) => translator.push(c));
    expect(translator.end()).toEqual([]);
  });

  it('knows whether the stream finished, and never invents a finish_reason for a cut stream', () => {
    const translator = createChatStreamTranslator(options({ includeUsage: false }));
    const [first] = thinkingTextChunks;
    if (!first) throw new Error('fixture');
    translator.push(first);
    expect(translator.finished).toBe(false);
    expect(translator.end()).toEqual([]);

    const complete = createChatStreamTranslator(options());
    thinkingTextChunks.forEach((c) => complete.push(c));
    expect(complete.finished).toBe(true);
  });

  it('ignores chunks after a finish and chunks with nothing in them', () => {
    const translator = createChatStreamTranslator(options());
    thinkingTextChunks.forEach((c) => translator.push(c));
    expect(translator.push({ candidates: [{ content: { parts: [{ text: 'late' }] }, index: 0 }] })).toEqual(
      [],
    );
    expect(translator.push({ usageMetadata: { promptTokenCount: 1 } })).toEqual([]);
  });
});
