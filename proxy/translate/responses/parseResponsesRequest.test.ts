import { describe, expect, it } from 'vitest';
import { InputError } from '../../failures/inputError.js';
import { cherryStudioFollowUp, codexShellStep, openaiSdkToolRoundTrip } from './__fixtures__/requests.js';
import { parseResponsesRequest } from './parseResponsesRequest.js';

function errorOf(body: unknown): InputError {
  try {
    parseResponsesRequest(body);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected parseResponsesRequest to throw');
}

const base = { model: 'gemini-2.5-flash', input: 'hi' };

describe('parseResponsesRequest accepts what real clients send', () => {
  it.each([
    ['the openai SDK, second turn of a tool loop', openaiSdkToolRoundTrip],
    ['Codex CLI, a shell step', codexShellStep],
    ["Cherry Studio's OpenAI-Response provider, a follow-up", cherryStudioFollowUp],
  ])('%s', (_name, body) => {
    expect(() => parseResponsesRequest(body)).not.toThrow();
  });

  it('a message without `type` is a message; fields SDK helpers add to items are dropped', () => {
    const request = parseResponsesRequest(openaiSdkToolRoundTrip);
    const items = request.input as Array<Record<string, unknown>>;
    expect(items[0]).toEqual({ type: 'message', role: 'user', content: 'What is the weather in Paris?' });
    expect(items[2]).not.toHaveProperty('parsed_arguments');
  });

  it('takes previous_response_id without input', () => {
    expect(parseResponsesRequest({ model: 'm', previous_response_id: 'resp_1' }).input).toBeUndefined();
  });
});

describe('parseResponsesRequest refuses, naming the parameter', () => {
  it.each<[string, Record<string, unknown>, string, string, RegExp]>([
    [
      'an unknown parameter',
      { temprature: 1 },
      'temprature',
      'unknown_parameter',
      /^Unknown parameter: 'temprature'\.$/,
    ],
    [
      'an unknown key in reasoning',
      { reasoning: { budget: 1 } },
      'reasoning.budget',
      'unknown_parameter',
      /Unknown parameter/,
    ],
    [
      'an unknown key in text.format',
      { text: { format: { type: 'text', x: 1 } } },
      'text.format.x',
      'unknown_parameter',
      /Unknown/,
    ],
    ['background: true', { background: true }, 'background', 'unsupported_parameter', /within the request/],
    [
      'a Conversation',
      { conversation: { id: 'conv_1' } },
      'conversation',
      'unsupported_parameter',
      /previous_response_id/,
    ],
    ['a stored prompt', { prompt: { id: 'pmpt_1' } }, 'prompt', 'unsupported_parameter', /instructions/],
    [
      'moderation',
      { moderation: { model: 'omni-moderation-latest' } },
      'moderation',
      'unsupported_parameter',
      /moderation/,
    ],
    [
      'compaction',
      { context_management: [{ type: 'compaction' }] },
      'context_management',
      'unsupported_parameter',
      /compact/,
    ],
    ['top_logprobs', { top_logprobs: 3 }, 'top_logprobs', 'unsupported_parameter', /log probabilities/],
    [
      'include logprobs',
      { include: ['reasoning.encrypted_content', 'message.output_text.logprobs'] },
      'include[1]',
      'unsupported_parameter',
      /log probabilities/,
    ],
    [
      'a hosted tool',
      { tools: [{ type: 'code_interpreter', container: { type: 'auto' } }] },
      'tools[0].type',
      'unsupported_parameter',
      /hosted tools/,
    ],
    [
      'a hosted tool choice',
      { tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search_preview' } },
      'tool_choice.type',
      'unsupported_parameter',
      /'auto'/,
    ],
    [
      'an item reference without its id',
      { input: [{ type: 'item_reference' }] },
      'input[0].id',
      'missing_required_parameter',
      /input\[0\]\.id/,
    ],
    [
      'an item of a hosted tool',
      { input: [{ type: 'computer_call_output', call_id: 'c' }] },
      'input[0].type',
      'unsupported_parameter',
      /hosted tools/,
    ],
    [
      'an unknown item type',
      { input: [{ type: 'hologram' }] },
      'input[0].type',
      'invalid_value',
      /Supported values/,
    ],
    [
      'a named function that is not declared',
      { tool_choice: { type: 'function', name: 'nope' } },
      'tool_choice.name',
      'invalid_value',
      /no function named "nope"/,
    ],
    ['a temperature out of range', { temperature: 2.5 }, 'temperature', 'invalid_value', /temperature/],
    [
      'metadata with too many keys',
      { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) },
      'metadata',
      'invalid_value',
      /16 keys/,
    ],
    [
      'a json_schema format without name',
      { text: { format: { type: 'json_schema', schema: {} } } },
      'text.format.name',
      'missing_required_parameter',
      /Missing/,
    ],
    [
      'a function name Gemini refuses',
      { tools: [{ type: 'function', name: 'bad name' }] },
      'tools[0].name',
      'invalid_value',
      /letter or an underscore/,
    ],
    [
      'a message with a wrong role',
      { input: [{ role: 'wizard', content: 'hi' }] },
      'input[0].role',
      'invalid_value',
      /expected one of "user"/,
    ],
  ])('%s', (_name, extra, param, code, message) => {
    const error = errorOf({ ...base, ...extra });
    expect(error).toBeInstanceOf(InputError);
    expect(error.param).toBe(param);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('missing input and model', () => {
    expect(errorOf({ model: 'm' }).param).toBe('input');
    expect(errorOf({ input: 'hi' }).param).toBe('model');
    expect(errorOf('hello').message).toBe('The request body must be a JSON object.');
  });
});
