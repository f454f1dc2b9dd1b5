import { describe, expect, it } from 'vitest';
import { InputError } from '../../failures/inputError.js';
import { parseChatRequest } from './parseChatRequest.js';

function errorOf(body: unknown): InputError {
  try {
    parseChatRequest(body);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected parseChatRequest to throw');
}

const user = (content: unknown) => ({ role: 'user', content });

describe('parseChatRequest accepts what real clients send', () => {
  it('ignores unknown fields instead of rejecting them', () => {
    const req = parseChatRequest({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] },
      ],
      store: false,
      user: 'abc',
      verbosity: 'low',
    });
    expect(req.messages[0]).toEqual({ role: 'user', content: [{ type: 'text', text: 'hi' }] });
    expect(req).not.toHaveProperty('store');
  });

  it('accepts null, missing and empty content on assistant tool-call turns, names and the developer role', () => {
    const call = (id: string) => ({ id, type: 'function', function: { name: 'f', arguments: '{}' } });
    const req = parseChatRequest({
      model: 'm',
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: 'go', name: 'alice' },
        { role: 'assistant', content: null, tool_calls: [call('a')] },
        { role: 'tool', tool_call_id: 'a', content: 'ok' },
        { role: 'assistant', tool_calls: [call('b')] },
        { role: 'tool', tool_call_id: 'b', content: [{ type: 'text', text: 'ok' }] },
        { role: 'assistant', content: '', tool_calls: [call('c')] },
        { role: 'tool', tool_call_id: 'c', content: '' },
      ],
    });
    expect(req.messages).toHaveLength(8);
  });

  it('accepts the legacy functions / function_call dialect', () => {
    const req = parseChatRequest({
      model: 'm',
      messages: [
        user('weather?'),
        {
          role: 'assistant',
          content: null,
          function_call: { name: 'weather', arguments: '{"city":"Oslo"}' },
        },
        { role: 'function', name: 'weather', content: 'rain' },
      ],
      functions: [{ name: 'weather', parameters: { type: 'object', properties: {} } }],
      function_call: 'auto',
    });
    expect(req.functions?.[0]?.name).toBe('weather');
  });

  it('normalises the old string form of image_url', () => {
    const req = parseChatRequest({
      model: 'm',
      messages: [user([{ type: 'image_url', image_url: 'https://example.com/a.png' }])],
    });
    expect(req.messages[0]).toEqual(
      user([{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }]),
    );
  });
});

describe('parseChatRequest rejects bad input with a 400 that names the field', () => {
  it('empty messages', () => {
    const err = errorOf({ model: 'm', messages: [] });
    expect(err).toBeInstanceOf(InputError);
    expect(err.param).toBe('messages');
  });

  it('an unknown role, quoting what was sent and what is supported', () => {
    const err = errorOf({ model: 'm', messages: [user('a'), user('b'), { role: 'robot', content: 'c' }] });
    expect(err.param).toBe('messages[2].role');
    expect(err.message).toContain('"robot"');
    expect(err.message).toContain("'developer'");
  });

  it('wrong types', () => {
    expect(errorOf({ model: 'm', messages: [user(42)] }).param).toBe('messages[0].content');
    expect(errorOf({ model: 'm', messages: [user('x')], temperature: 'hot' }).param).toBe('temperature');
    expect(errorOf({ model: 'm', messages: [user('x')], temperature: 3 }).param).toBe('temperature');
    expect(errorOf({ model: 'm', messages: 'hello' }).param).toBe('messages');
    expect(errorOf({ model: 'm', messages: [user([{ type: 'video', video: {} }])] }).param).toBe(
      'messages[0].content[0].type',
    );
    expect(errorOf({ model: 'm', messages: [user([{ type: 'text', text: 7 }])] }).param).toBe(
      'messages[0].content[0].text',
    );
  });

  it('missing fields say so', () => {
    const err = errorOf({ messages: [user('x')] });
    expect(err.param).toBe('model');
    expect(err.message).toBe("Missing required parameter: 'model'.");
  });

  it('a body that is not an object', () => {
    const err = errorOf([1, 2]);
    expect(err.param).toBeNull();
    expect(err).toBeInstanceOf(InputError);
  });

  it('a tool result whose tool_call_id matches no earlier assistant tool call', () => {
    const err = errorOf({
      model: 'm',
      messages: [
        user('x'),
        {
          role: 'assistant',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
        { role: 'tool', tool_call_id: 'call_9', content: 'ok' },
      ],
    });
    expect(err.param).toBe('messages[3].tool_call_id');
    expect(err.message).toContain('call_9');
  });

  it('a tool result that comes before the call it claims to answer', () => {
    const err = errorOf({
      model: 'm',
      messages: [
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
        {
          role: 'assistant',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
      ],
    });
    expect(err.param).toBe('messages[0].tool_call_id');
  });

  it('a named tool_choice for a tool that was never declared', () => {
    const err = errorOf({
      model: 'm',
      messages: [user('x')],
      tools: [{ type: 'function', function: { name: 'a' } }],
      tool_choice: { type: 'function', function: { name: 'b' } },
    });
    expect(err.param).toBe('tool_choice.function.name');
  });

  it('allowed_tools naming a tool that was never declared (Gemini refuses such allowedFunctionNames)', () => {
    const err = errorOf({
      model: 'm',
      messages: [user('x')],
      tools: [{ type: 'function', function: { name: 'a' } }],
      tool_choice: {
        type: 'allowed_tools',
        allowed_tools: {
          mode: 'required',
          tools: [
            { type: 'function', function: { name: 'a' } },
            { type: 'function', function: { name: 'b' } },
          ],
        },
      },
    });
    expect(err.param).toBe('tool_choice.allowed_tools.tools[1].function.name');
  });

  it.each(['read file', '1st_tool', 'tool/name', 'ünï', 'x'.repeat(65)])(
    'a tool name Gemini refuses: %s',
    (name) => {
      const err = errorOf({
        model: 'm',
        messages: [user('x')],
        tools: [{ type: 'function', function: { name } }],
      });
      expect(err.param).toBe('tools[0].function.name');
      expect(err.message).toMatch(/start with a letter or an underscore/);
    },
  );

  it('tool names Gemini takes, dots, colons and dashes included', () => {
    const names = ['read_file', '_private', 'mcp.server:tool-1', 'x'.repeat(64)];
    const req = parseChatRequest({
      model: 'm',
      messages: [user('x')],
      tools: names.map((name) => ({ type: 'function', function: { name } })),
    });
    expect(req.tools?.map((t) => t.function.name)).toEqual(names);
  });

  it('an unknown reasoning_effort', () => {
    expect(errorOf({ model: 'm', messages: [user('x')], reasoning_effort: 'extreme' }).param).toBe(
      'reasoning_effort',
    );
  });
});
