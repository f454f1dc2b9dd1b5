import { describe, expect, it } from 'vitest';
import { InputError } from '../../failures/inputError.js';
import { claudeCodeAfterToolCall, claudeCodeFirstTurn } from './__fixtures__/claudeCode.js';
import { parseCountTokensRequest, parseMessagesRequest } from './parseMessagesRequest.js';

function messageOf(body: unknown, parse: (body: unknown) => unknown = parseMessagesRequest): string {
  try {
    parse(body);
  } catch (err) {
    if (err instanceof InputError && err.status === 400) return err.message;
    throw err;
  }
  throw new Error('expected the request to be refused');
}

const base = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] };

describe('parseMessagesRequest accepts what Claude Code sends', () => {
  it('takes its first turn whole, dropping the fields that change nothing', () => {
    const request = parseMessagesRequest(claudeCodeFirstTurn());
    expect(request.tools).toHaveLength(25);
    expect(request.thinking).toEqual({ type: 'adaptive' });
    expect(request.output_config).toEqual({ effort: 'high' });
    expect(request.messages[1]!.role).toBe('system');
    expect(request).not.toHaveProperty('metadata');
    expect(request).not.toHaveProperty('context_management');
    expect(request.system).toEqual(claudeCodeFirstTurn().system.map(({ type, text }) => ({ type, text })));
  });

  it('takes the turn after a tool call: thinking with its signature, tool_use, tool_result with cache_control', () => {
    const body = claudeCodeAfterToolCall(claudeCodeFirstTurn(), {
      thinking: 'Listing files.',
      signature: 'gemini:c2ln',
      toolUseId: 'toolu_01',
      input: { command: 'ls' },
    });
    const request = parseMessagesRequest(body);
    expect(request.messages[2]!.content).toEqual([
      { type: 'thinking', thinking: 'Listing files.', signature: 'gemini:c2ln' },
      { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
    ]);
    expect(request.messages[3]!.content).toEqual([
      {
        type: 'tool_result',
        tool_use_id: 'toolu_01',
        content: 'README.md\npackage.json\nsrc',
        is_error: false,
      },
    ]);
  });

  it('accepts blocks of Anthropic server tools, redacted thinking and every source kind', () => {
    const request = parseMessagesRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            {
              type: 'document',
              source: { type: 'text', media_type: 'text/plain', data: 'notes' },
              title: 'Notes',
            },
            { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'inner' }] } },
            {
              type: 'search_result',
              source: 'https://example.com',
              title: 'T',
              content: [{ type: 'text', text: 'x' }],
            },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'redacted_thinking', data: 'EmwK' },
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
            { type: 'text', text: 'found it' },
          ],
        },
        { role: 'user', content: 'thanks' },
      ],
    });
    expect(request.messages).toHaveLength(3);
  });

  it('count_tokens needs no max_tokens', () => {
    const { max_tokens: _dropped, ...body } = base;
    expect(parseCountTokensRequest(body).messages).toHaveLength(1);
    expect(messageOf(body)).toBe('max_tokens: Field required');
  });
});

describe('parseMessagesRequest refuses, in Anthropic’s words', () => {
  it.each([
    ['a body that is no object', [], 'The request body must be a JSON object.'],
    ['no model', { ...base, model: undefined }, 'model: Field required'],
    ['no messages', { ...base, messages: [] }, 'messages: at least one message is required'],
    [
      'a wrong role',
      { ...base, messages: [{ role: 'robot', content: 'x' }] },
      "messages.0.role: Input should be 'user', 'assistant' or 'system'",
    ],
    [
      'an unknown block type',
      { ...base, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] },
      "messages.0.content.0: Input tag 'video' found using 'type' does not match any of the expected tags: 'text', 'image', 'document', 'search_result', 'tool_result', 'tool_use', 'thinking', 'redacted_thinking', 'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result', 'bash_code_execution_tool_result', 'text_editor_code_execution_tool_result', 'tool_search_tool_result', 'container_upload', 'mcp_tool_use', 'mcp_tool_result'",
    ],
    [
      'a block without a type',
      { ...base, messages: [{ role: 'user', content: [{ text: 'x' }] }] },
      'messages.0.content.0.type: Field required',
    ],
    [
      'a text block without text',
      { ...base, messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      'messages.0.content.0.text: Field required',
    ],
    ['max_tokens as a string', { ...base, max_tokens: '10' }, 'max_tokens: Input should be a valid number'],
    ['max_tokens of 0', { ...base, max_tokens: 0 }, 'max_tokens: Input should be greater than or equal to 1'],
    ['top_p above 1', { ...base, top_p: 1.5 }, 'top_p: Input should be less than or equal to 1'],
    [
      'a custom tool without input_schema',
      { ...base, tools: [{ name: 'f' }] },
      'tools.0.input_schema: Field required',
    ],
    [
      'an unknown thinking type',
      { ...base, thinking: { type: 'maybe' } },
      "thinking: Input tag 'maybe' found using 'type' does not match any of the expected tags: 'enabled', 'adaptive', 'between_tools', 'disabled'",
    ],
    [
      'an effort Anthropic has not',
      { ...base, output_config: { effort: 'extreme' } },
      "output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'",
    ],
    [
      'a tool_choice without its name',
      { ...base, tool_choice: { type: 'tool' } },
      'tool_choice.name: Field required',
    ],
  ])('%s', (_name, body, message) => {
    expect(messageOf(body)).toBe(message);
  });

  it('a tool_result must answer an earlier tool_use', () => {
    const body = {
      ...base,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'ok' }] }],
    };
    expect(messageOf(body)).toMatch(
      /^messages\.0\.content\.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x\./,
    );
  });

  it('a tool_choice of one tool must name a declared tool', () => {
    const body = {
      ...base,
      tools: [{ name: 'a', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'b' },
    };
    expect(messageOf(body)).toBe('tool_choice.name: no tool named "b" is declared in `tools`.');
  });
});
