import { describe, expect, it } from 'vitest';
import type { GenerationSummary } from '../../resume/resumableGeneration.js';
import { aggregateChunks } from '../../resume/aggregate.js';
import { StreamIncomplete } from '../../failures/failures.js';
import { skimFrame } from '../../upstream/skimFrame.js';
import type { StreamFrame } from '../../upstream/readGeminiStream.js';
import {
  parallelCallsChunks,
  thinkingTextChunks,
} from '../../translate/openai/__fixtures__/gemini/responses.js';
import { createMessageStreamTranslator } from '../../translate/anthropic/index.js';
import { answerOptions, sseEvents } from '../../translate/anthropic/__fixtures__/stream.js';
import { foldBlockEvents } from '../../translate/anthropic/fromGeminiToMessage.js';
import type { BlockEvent } from '../../translate/anthropic/types.js';
import { messagesStreamEncoding, messagesWholeAnswer } from './messagesEncoding.js';

const options = () => answerOptions();
const complete: GenerationSummary = { outcome: 'complete', finishReason: 'STOP', attempts: [] };
const events = sseEvents;

describe('messagesStreamEncoding', () => {
  it('encodes skimmed and parsed frames alike, and ends with message_delta and message_stop', () => {
    const plainJson =
      '{"candidates": [{"content": {"parts": [{"text": "Hi"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 2,"totalTokenCount": 2}}';
    const frames: StreamFrame[] = [
      { chunk: JSON.parse(plainJson), plain: skimFrame(plainJson) },
      {
        chunk: {
          candidates: [{ content: { role: 'model', parts: [{ text: ' there.' }] }, finishReason: 'STOP' }],
        },
      },
    ];
    const encoding = messagesStreamEncoding(createMessageStreamTranslator(options()));
    const all = events(
      encoding.encode([frames[0]!]) + encoding.encode([frames[1]!]) + encoding.end(complete),
    );
    expect(all.map((e) => e.type)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(foldBlockEvents(all.filter((e): e is BlockEvent => e.type.startsWith('content_block')))).toEqual([
      { type: 'text', text: 'Hi there.' },
    ]);
  });

  it('an incomplete answer ends with an error event saying why, and no message_stop', () => {
    const encoding = messagesStreamEncoding(createMessageStreamTranslator(options()));
    encoding.encode([{ chunk: thinkingTextChunks[0]! }, { chunk: thinkingTextChunks[1]! }]);
    const end = encoding.end({
      outcome: 'incomplete',
      attempts: [],
      error: new StreamIncomplete("Gemini's stream was cut off; gemgate tried 5 times and gave up."),
    });
    expect(events(end)).toEqual([
      {
        type: 'error',
        error: {
          type: 'api_error',
          message: "Gemini's stream was cut off; gemgate tried 5 times and gave up.",
        },
      },
    ]);
  });

  it('a stream Gemini never finished is incomplete too, whatever the summary says', () => {
    const encoding = messagesStreamEncoding(createMessageStreamTranslator(options()));
    encoding.encode([{ chunk: thinkingTextChunks[0]! }]);
    expect(events(encoding.end(complete))[0]!.type).toBe('error');
  });
});

describe('messagesWholeAnswer', () => {
  it("is the stream's message, with the answer usage the engine gives", () => {
    const message = messagesWholeAnswer(
      aggregateChunks(parallelCallsChunks),
      { ...complete, answerUsage: { promptTokenCount: 71, candidatesTokenCount: 30 } },
      options(),
    );
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use', 'tool_use']);
    expect(message.usage).toEqual({
      input_tokens: 71,
      output_tokens: 30,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });
});
