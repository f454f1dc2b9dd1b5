import { describe, expect, it } from 'vitest';
import {
  blockedPrompt,
  callWithoutArgsWhole,
  parallelCallsWhole,
  safetyStopWhole,
  thinkingTextWhole,
} from '../openai/__fixtures__/gemini/responses.js';
import { GROUNDED, groundedAnswer } from '../responses/__fixtures__/grounding.js';
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

  it('a grounded answer: its text cited, then its searches and their one result; the searches counted', () => {
    const message = fromGeminiToMessage(groundedAnswer, undefined, options());
    const redirect = 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/';
    const cite = (page: string, title: string, cited_text: string) => ({
      type: 'web_search_result_location',
      url: redirect + page,
      title,
      encrypted_index: '',
      cited_text,
    });
    const page = (id: string, title: string) => ({
      type: 'web_search_result',
      url: redirect + id,
      title,
      encrypted_content: '',
      page_age: null,
    });
    expect(message.content).toEqual([
      {
        type: 'text',
        text: GROUNDED.answer,
        citations: [
          cite('aaa', 'aljazeera.com', GROUNDED.first),
          cite('aaa', 'aljazeera.com', GROUNDED.second),
          cite('bbb', 'uefa.com', GROUNDED.second),
        ],
      },
      {
        type: 'server_tool_use',
        id: 'srvtoolu_1',
        name: 'web_search',
        input: { query: 'UEFA Euro 2024 winner' },
      },
      {
        type: 'server_tool_use',
        id: 'srvtoolu_2',
        name: 'web_search',
        input: { query: 'who won euro 2024' },
      },
      {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_1',
        content: [page('aaa', 'aljazeera.com'), page('bbb', 'uefa.com')],
      },
    ]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 2, web_fetch_requests: 0 });
  });

  it('an answer without grounding reports no server tool use', () => {
    expect(fromGeminiToMessage(thinkingTextWhole, undefined, options()).usage).not.toHaveProperty(
      'server_tool_use',
    );
  });
});
