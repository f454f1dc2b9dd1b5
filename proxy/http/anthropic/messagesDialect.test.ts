import { describe, expect, it } from 'vitest';
import type { GenerationSummary } from '../../resume/generation.js';
import { StreamIncomplete } from '../../failures/failures.js';
import { skimFrame } from '../../upstream/skimFrame.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import {
  parallelCallsChunks,
  thinkingTextChunks,
} from '../../translate/openai/__fixtures__/gemini/responses.js';
import { createMessageStreamTranslator, type MessageObject } from '../../translate/anthropic/index.js';
import { answerOptions, sseEvents, streamedMessage } from '../../translate/anthropic/__fixtures__/stream.js';
import { endOfStream } from '../generation/generationDialect.js';
import { MESSAGES_KEEP_ALIVE, messagesDialect, messagesStreamEncoder } from './messagesDialect.js';

const complete: GenerationSummary = { outcome: 'complete', finishReason: 'STOP', attempts: [] };
const encoder = () => messagesStreamEncoder(createMessageStreamTranslator(answerOptions()));

describe('messagesStreamEncoder', () => {
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
    const stream = encoder();
    expect(stream.contentType).toBe('text/event-stream; charset=utf-8');
    const body = stream.encode([frames[0]!]) + stream.encode([frames[1]!]) + endOfStream(stream, complete);
    const { events, content } = streamedMessage(body);
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(content).toEqual([{ type: 'text', text: 'Hi there.' }]);
  });

  it('keeps the client alive with ping events', () => {
    expect(encoder().keepAliveText).toBe(MESSAGES_KEEP_ALIVE);
    expect(sseEvents(MESSAGES_KEEP_ALIVE)).toEqual([{ type: 'ping' }]);
  });

  it('an incomplete answer ends with an error event saying why, and no message_stop', () => {
    const stream = encoder();
    stream.encode([{ chunk: thinkingTextChunks[0]! }, { chunk: thinkingTextChunks[1]! }]);
    const end = endOfStream(stream, {
      outcome: 'incomplete',
      attempts: [],
      error: new StreamIncomplete("Gemini's stream was cut off; gemgate tried 5 times and gave up."),
    });
    expect(sseEvents(end)).toEqual([
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
    const stream = encoder();
    stream.encode([{ chunk: thinkingTextChunks[0]! }]);
    expect(sseEvents(endOfStream(stream, complete))[0]!.type).toBe('error');
  });
});

describe('messagesDialect, whole', () => {
  it("is the stream's message, with the answer usage the engine gives", () => {
    const whole = messagesDialect(answerOptions(), () => {}).whole!();
    for (const chunk of parallelCallsChunks) whole.add({ chunk });
    const { contentType, body } = whole.body({
      ...complete,
      answerUsage: { promptTokenCount: 71, candidatesTokenCount: 30 },
    });
    expect(contentType).toBe('application/json; charset=utf-8');
    const message = JSON.parse(String(body)) as MessageObject;
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use', 'tool_use']);
    expect(message.usage).toEqual({
      input_tokens: 71,
      output_tokens: 30,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });
});
