import { ResponseStream } from 'openai/lib/responses/ResponseStream';
import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse, Part } from '../../gemini/types.js';
import {
  blockedPrompt,
  maxTokensChunks,
  parallelCallsChunks,
  safetyMidAnswerChunks,
  safetyStopWhole,
  thinkingTextChunks,
} from '../openai/__fixtures__/gemini/responses.js';
import { LruThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import { testStreamOptions } from './__fixtures__/streamOptions.js';
import { decodeReasoningCarrier } from './reasoningCarrier.js';
import { createResponsesStreamTranslator, type ResponsesStreamOptions } from './responsesStreamTranslator.js';
import type { ResponseObject, ResponseStreamEvent } from './types.js';

function run(chunks: GenerateContentResponse[], options: ResponsesStreamOptions = testStreamOptions()) {
  const translator = createResponsesStreamTranslator(options);
  const events = [...chunks.flatMap((chunk) => translator.push(chunk)), ...translator.end()];
  return { translator, events, types: events.map((event) => event.type) };
}

/** What the openai SDK's own stream helper makes of the events: it checks order, ids and indexes. */
async function throughTheSdk(events: ResponseStreamEvent[]) {
  const lines = events.map((event) => `${JSON.stringify(event)}\n`).join('');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(lines));
      controller.close();
    },
  });
  return ResponseStream.fromReadableStream(body).finalResponse();
}

describe('createResponsesStreamTranslator', () => {
  it('thoughts, then text: a reasoning item, then a message, each opened and closed in order', async () => {
    const { events, types, translator } = run(thinkingTextChunks);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
    expect(translator.response).toMatchObject({
      id: 'resp_test',
      object: 'response',
      status: 'completed',
      completed_at: 1_767_000_009,
      output: [
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [{ type: 'summary_text', text: 'The user wants a number.' }],
          encrypted_content: null,
          status: 'completed',
        },
        {
          type: 'message',
          id: 'msg_2',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'The answer is 42.', annotations: [], logprobs: [] }],
        },
      ],
      usage: {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 46,
        output_tokens_details: { reasoning_tokens: 40 },
        total_tokens: 58,
      },
    });
    expect((await throughTheSdk(events)).output).toMatchObject(translator.response.output);
  });

  it("parallel calls: the first call's signature rides in the reasoning item before it, by call_id, and is remembered", async () => {
    const signatures = new LruThoughtSignatureStore();
    const { events, translator } = run(parallelCallsChunks, { ...testStreamOptions(), signatures });
    const [reasoning, first, second] = translator.response.output;
    expect(reasoning).toMatchObject({ type: 'reasoning', id: 'rs_1' });
    expect(
      decodeReasoningCarrier(reasoning?.type === 'reasoning' ? reasoning.encrypted_content : null).signatures,
    ).toEqual(new Map([['call_1', 'CtEBAXLI2nwSIGpar1s']]));
    expect(first).toEqual({
      type: 'function_call',
      id: 'fc_2',
      call_id: 'call_1',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      status: 'completed',
    });
    expect(second).toMatchObject({
      type: 'function_call',
      call_id: 'call_2',
      arguments: '{"city":"London"}',
    });
    expect(translator.calls).toEqual([
      ['call_1', 'get_weather'],
      ['call_2', 'get_weather'],
    ]);
    expect(signatures.recall('call_1')).toBe('CtEBAXLI2nwSIGpar1s');
    expect(events.filter((event) => event.type === 'response.function_call_arguments.delta')).toHaveLength(2);
    expect((await throughTheSdk(events)).output).toMatchObject(translator.response.output);
  });

  it('parallel_tool_calls false: only the first call goes out', () => {
    const { translator } = run(parallelCallsChunks, testStreamOptions({ parallel_tool_calls: false }));
    expect(translator.response.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(translator.calls).toHaveLength(1);
  });

  it('a signed call after text: the message closes, a reasoning item carries the signature, then the call', () => {
    const { translator } = run([
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'Let me look.' },
                { functionCall: { name: 'lookup', args: { q: 'x' } }, thoughtSignature: 'SIG' },
              ],
            },
            finishReason: 'STOP',
          },
        ],
      },
    ]);
    const output = translator.response.output;
    expect(output.map((item) => item.type)).toEqual(['message', 'reasoning', 'function_call']);
    expect(output[1]).toMatchObject({ summary: [], status: 'completed' });
  });

  it('a blocked prompt: a refusal, and an incomplete response for content_filter', async () => {
    const { events, types, translator } = run([blockedPrompt]);
    expect(types).toContain('response.refusal.delta');
    expect(types.at(-1)).toBe('response.incomplete');
    expect(translator.response.incomplete_details).toEqual({ reason: 'content_filter' });
    expect(translator.response.output).toEqual([
      {
        type: 'message',
        id: 'msg_1',
        status: 'incomplete',
        role: 'assistant',
        content: [
          { type: 'refusal', refusal: 'Gemini blocked the prompt (blockReason: PROHIBITED_CONTENT).' },
        ],
      },
    ]);
    expect((await throughTheSdk(events)).status).toBe('incomplete');
  });

  it('a safety stop before any output says why; after some output the answer is incomplete', () => {
    const before = run([safetyStopWhole]).translator.response;
    expect(before.output[0]).toMatchObject({
      content: [{ type: 'refusal', refusal: expect.stringMatching(/finishReason: SAFETY/) }],
    });
    const after = run(safetyMidAnswerChunks).translator.response;
    expect(after.status).toBe('incomplete');
    expect(after.output).toHaveLength(1);
    expect(after.output[0]).toMatchObject({ status: 'incomplete', content: [{ text: 'Here is how to' }] });
  });

  it('a length stop: incomplete for max_output_tokens, the message marked incomplete', () => {
    const { translator, types } = run(maxTokensChunks);
    expect(types.at(-1)).toBe('response.incomplete');
    expect(translator.response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(translator.response.output[0]).toMatchObject({ status: 'incomplete' });
  });

  it('uses the usage it is given at the end (the resume engine sums attempts)', () => {
    const translator = createResponsesStreamTranslator(testStreamOptions());
    thinkingTextChunks.forEach((chunk) => translator.push(chunk));
    translator.end({ promptTokenCount: 100, candidatesTokenCount: 50, totalTokenCount: 150 });
    expect(translator.response.usage).toMatchObject({
      input_tokens: 100,
      output_tokens: 50,
      total_tokens: 150,
    });
  });

  it('never invents an ending: without a finishReason, end gives nothing and fail ends with response.failed and error', async () => {
    const translator = createResponsesStreamTranslator(testStreamOptions());
    const events = [...translator.push(maxTokensChunks[0]!), ...translator.end()];
    expect(translator.finished).toBe(false);
    expect(events.at(-1)!.type).toBe('response.output_text.delta');
    const failed = translator.fail({ code: 'stream_incomplete', message: 'Gemini cut it off.' });
    expect(failed.map((event) => event.type)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.failed',
      'error',
    ]);
    expect(failed.at(-1)).toEqual({
      type: 'error',
      code: 'stream_incomplete',
      message: 'Gemini cut it off.',
      param: null,
      sequence_number: events.length + 4,
    });
    expect(translator.response).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'Gemini cut it off.' },
    });
    await expect(throughTheSdk([...events, ...failed])).rejects.toThrow(/Gemini cut it off/);
  });

  it('a failure before any chunk still opens the stream first', () => {
    const translator = createResponsesStreamTranslator(testStreamOptions());
    expect(translator.fail({ code: null, message: 'no' }).map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.failed',
      'error',
    ]);
  });

  it('events are snapshots: the item in output_item.added is not the finished one', () => {
    const { events } = run(thinkingTextChunks);
    const added = events.find(
      (event) => event.type === 'response.output_item.added' && event.item.type === 'message',
    );
    expect(added).toMatchObject({ item: { content: [], status: 'in_progress' } });
    const created = events[0]!;
    expect(created).toMatchObject({ response: { status: 'in_progress', output: [], usage: null } });
  });

  describe("Gemini's own searches (toolCall / toolResponse parts, tool combination)", () => {
    const searched: Part = {
      toolCall: { id: 's1', toolType: 'GOOGLE_SEARCH_WEB', args: { queries: ['q'] } },
      thoughtSignature: 'SIGsearch',
    };
    const results: Part = { toolResponse: { id: 's1', toolType: 'GOOGLE_SEARCH_WEB', response: {} } };
    const chunk = (parts: Part[], finishReason?: 'STOP'): GenerateContentResponse => ({
      candidates: [
        { index: 0, content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}) },
      ],
    });
    const carriedBy = (item: ResponseObject['output'][number] | undefined) =>
      decodeReasoningCarrier(item?.type === 'reasoning' ? item.encrypted_content : null);

    it.each<[string, GenerateContentResponse[], string[], Part[][]]>([
      [
        'before a call: one reasoning item carries them and the call signature, then the call',
        [
          chunk([searched, results]),
          chunk(
            [{ functionCall: { id: 'call_1', name: 'f', args: {} }, thoughtSignature: 'SIGcall' }],
            'STOP',
          ),
        ],
        ['reasoning', 'function_call'],
        [[searched, results], []],
      ],
      [
        'before a text answer: a reasoning item with them, then the message',
        [chunk([searched, results]), chunk([{ text: 'It is sunny.' }], 'STOP')],
        ['reasoning', 'message'],
        [[searched, results], []],
      ],
      [
        'after a call: a reasoning item after the call, where they were',
        [chunk([{ functionCall: { id: 'call_1', name: 'f', args: {} } }, searched, results], 'STOP')],
        ['function_call', 'reasoning'],
        [[], [searched, results]],
      ],
    ])('%s', async (_name, chunks, types, carried) => {
      const { events, translator } = run(chunks);
      expect(translator.response.output.map((item) => item.type)).toEqual(types);
      expect(translator.response.output.map((item) => carriedBy(item).serverParts)).toEqual(carried);
      expect(JSON.stringify(translator.response.output)).not.toContain('GOOGLE_SEARCH_WEB');
      expect((await throughTheSdk(events)).output).toMatchObject(translator.response.output);
    });

    it('the call keeps its own signature beside them', () => {
      const { translator } = run([
        chunk(
          [
            searched,
            results,
            { functionCall: { id: 'call_1', name: 'f', args: {} }, thoughtSignature: 'SIGcall' },
          ],
          'STOP',
        ),
      ]);
      expect(carriedBy(translator.response.output[0])).toEqual({
        signatures: new Map([['call_1', 'SIGcall']]),
        serverParts: [searched, results],
      });
    });
  });
});
