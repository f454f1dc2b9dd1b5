import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../../gemini/types.js';
import { skimFrame } from '../../upstream/skimFrame.js';
import {
  blockedPrompt,
  maxTokensChunks,
  maxTokensWhole,
  parallelCallsChunks,
  parallelCallsWhole,
  safetyMidAnswerChunks,
  thinkingTextChunks,
  thinkingTextWhole,
} from '../openai/__fixtures__/gemini/responses.js';
import { groundedAnswer, groundedChunks } from '../responses/__fixtures__/grounding.js';
import { foldBlockEvents, fromGeminiToMessage } from './fromGeminiToMessage.js';
import { createMessageStreamTranslator } from './messageStreamTranslator.js';
import { answerOptions, eventOrder, sseEvents, THINKING_THEN_TEXT } from './__fixtures__/stream.js';
import type { BlockEvent, MessageObject, MessageStreamEvent } from './types.js';

const options = () => answerOptions(['get_weather']);
const eventsOf = sseEvents;

function stream(chunks: GenerateContentResponse[]): MessageStreamEvent[] {
  const translator = createMessageStreamTranslator(options());
  let sse = chunks.flatMap((chunk) => translator.push(chunk)).join('');
  expect(translator.finished).toBe(true);
  sse += translator.end();
  return eventsOf(sse);
}

/** What a client makes of the events: the SDK's fold (message_start's message, blocks, message_delta). */
function folded(events: MessageStreamEvent[]): MessageObject {
  const start = events[0]!;
  if (start.type !== 'message_start') throw new Error('no message_start');
  const blocks = events.filter((e): e is BlockEvent => e.type.startsWith('content_block'));
  const last = events.findLast((e) => e.type === 'message_delta');
  if (last?.type !== 'message_delta') throw new Error('no message_delta');
  return { ...start.message, content: foldBlockEvents(blocks), ...last.delta, usage: last.usage };
}

describe('createMessageStreamTranslator', () => {
  it("sends Anthropic's events in Anthropic's order", () => {
    expect(eventOrder(stream(thinkingTextChunks))).toEqual(THINKING_THEN_TEXT);
  });

  it('message_start carries the prompt usage, message_delta the stop reason and the whole usage', () => {
    const events = stream(thinkingTextChunks);
    expect(events[0]).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_test',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        usage: {
          input_tokens: 12,
          output_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    });
    expect(events.at(-2)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null, stop_details: null },
      usage: {
        input_tokens: 12,
        output_tokens: 46,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens_details: { thinking_tokens: 40 },
      },
    });
  });

  it.each([
    ['thinking then text', thinkingTextChunks, thinkingTextWhole],
    ['thinking then two calls', parallelCallsChunks, parallelCallsWhole],
    ['a max-tokens stop', maxTokensChunks, maxTokensWhole],
    ['a grounded answer', groundedChunks, groundedAnswer],
  ])('%s: the stream folds into the whole answer', (_name, chunks, whole) => {
    expect(folded(stream(chunks))).toEqual(fromGeminiToMessage(whole, undefined, options()));
  });

  it('a grounded answer: citations while its text block is open, then the searches, before message_delta', () => {
    const events = stream(groundedChunks);
    expect(eventOrder(events)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'text_delta',
      'citations_delta',
      'content_block_stop',
      'content_block_start', // server_tool_use, its input empty
      'input_json_delta',
      'content_block_stop',
      'content_block_start',
      'input_json_delta',
      'content_block_stop',
      'content_block_start', // web_search_tool_result, whole
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const starts = events.filter((e) => e.type === 'content_block_start');
    const stops = events.filter((e) => e.type === 'content_block_stop');
    expect(starts.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(stops.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(starts[1]).toMatchObject({ content_block: { type: 'server_tool_use', input: {} } });
    expect(events.at(-2)).toMatchObject({
      usage: { server_tool_use: { web_search_requests: 2, web_fetch_requests: 0 } },
    });
  });

  it('a grounded answer whose text was skimmed cites the same text as a parsed one', () => {
    // The second support of the fixture has byte offsets only: they are read against the decoded text.
    const skimmed = createMessageStreamTranslator(options());
    const plain = skimFrame(JSON.stringify(groundedChunks[0]));
    expect(plain).toBeDefined();
    let sse = skimmed.pushPlain(plain!).join('') + skimmed.push(groundedChunks[1]!).join('');
    sse += skimmed.end();
    expect(folded(eventsOf(sse))).toEqual(folded(stream(groundedChunks)));
  });

  it('a tool call ends with tool_use', () => {
    expect(folded(stream(parallelCallsChunks)).stop_reason).toBe('tool_use');
  });

  it('a safety stop mid-answer is a refusal saying why', () => {
    const message = folded(stream(safetyMidAnswerChunks));
    expect(message.stop_reason).toBe('refusal');
    expect(message.stop_details).toEqual({
      type: 'refusal',
      category: null,
      explanation: 'Gemini stopped the answer (finishReason: SAFETY).',
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Here is how to' }]);
  });

  it('a blocked prompt is a refusal with no content', () => {
    const message = folded(stream([blockedPrompt]));
    expect(message.stop_reason).toBe('refusal');
    expect(message.stop_details!.explanation).toBe(
      'Gemini blocked the prompt (blockReason: PROHIBITED_CONTENT).',
    );
    expect(message.content).toEqual([]);
  });

  it('the usage given to end (the answer over every attempt) wins', () => {
    const translator = createMessageStreamTranslator(options());
    translator.push(maxTokensChunks[0]!);
    translator.push(maxTokensChunks[1]!);
    const last = eventsOf(
      translator.end({ promptTokenCount: 9, candidatesTokenCount: 20, cachedContentTokenCount: 4 }),
    ).at(-2);
    expect(last).toMatchObject({ usage: { input_tokens: 5, cache_read_input_tokens: 4, output_tokens: 20 } });
  });

  it('fail is an error event', () => {
    const translator = createMessageStreamTranslator(options());
    expect(eventsOf(translator.fail({ type: 'api_error', message: 'cut' }))).toEqual([
      { type: 'error', error: { type: 'api_error', message: 'cut' } },
    ]);
    expect(translator.finished).toBe(false);
  });

  it.each([
    ['plain ASCII', 'Hello, world.'],
    ['escapes and unicode', String.raw`Line\n\"quoted\" \\ tab\t 中文 🙂`],
    ['escapes JSON.stringify never writes', '\\u00e9t\\u00e9 \\/ path'],
  ])('a skimmed frame (%s) comes out byte for byte as the parsed one', (_name, written) => {
    const json = `{"candidates": [{"content": {"parts": [{"text": "${written}"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 3,"totalTokenCount": 3},"modelVersion": "gemini-2.5-flash","responseId": "r1"}`;
    const plain = skimFrame(json);
    expect(plain).toBeDefined();
    const skimmed = createMessageStreamTranslator(options());
    const parsed = createMessageStreamTranslator(options());
    const chunk = () => JSON.parse(json) as GenerateContentResponse;
    expect([...skimmed.pushPlain(plain!), ...skimmed.pushPlain(plain!)].join('')).toBe(
      [...parsed.push(chunk()), ...parsed.push(chunk())].join(''),
    );
  });
});
