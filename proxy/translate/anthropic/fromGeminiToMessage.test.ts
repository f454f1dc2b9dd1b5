import { describe, expect, it } from 'vitest';
import {
  blockedPrompt,
  callWithoutArgsWhole,
  parallelCallsWhole,
  safetyStopWhole,
  thinkingTextWhole,
} from '../openai/__fixtures__/gemini/responses.js';
import { answerOptions } from './__fixtures__/stream.js';
import { fromGeminiToMessage } from './fromGeminiToMessage.js';

const options = () => answerOptions();

describe('fromGeminiToMessage', () => {
  it('thinking, then the text', () => {
    expect(fromGeminiToMessage(thinkingTextWhole, undefined, options())).toEqual({
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'The user wants a number.', signature: '' },
        { type: 'text', text: 'The answer is 42.' },
      ],
      stop_reason: 'end_turn',
      stop_sequence: null,
      stop_details: null,
      usage: {
        input_tokens: 12,
        output_tokens: 46,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens_details: { thinking_tokens: 40 },
      },
    });
  });

  it('thinking signed by the first of two calls; tool_use as the stop reason', () => {
    const message = fromGeminiToMessage(parallelCallsWhole, undefined, options());
    expect(message.content).toEqual([
      {
        type: 'thinking',
        thinking: '**Checking both cities**\nI need the weather for each.',
        signature: 'gemini:CtEBAXLI2nwSIGpar1s',
      },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'London' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('a call without arguments has an empty input', () => {
    const message = fromGeminiToMessage(callWithoutArgsWhole, undefined, options());
    expect(message.content.at(-1)).toEqual({
      type: 'tool_use',
      id: 'toolu_1',
      name: 'list_sessions',
      input: {},
    });
  });

  it.each([
    ['a safety stop before any text', safetyStopWhole, 'Gemini stopped the answer (finishReason: SAFETY).'],
    ['a blocked prompt', blockedPrompt, 'Gemini blocked the prompt (blockReason: PROHIBITED_CONTENT).'],
  ])('%s is a refusal saying why', (_name, answer, explanation) => {
    const message = fromGeminiToMessage(answer, undefined, options());
    expect(message.content).toEqual([]);
    expect(message.stop_reason).toBe('refusal');
    expect(message.stop_details).toEqual({ type: 'refusal', category: null, explanation });
  });
});
