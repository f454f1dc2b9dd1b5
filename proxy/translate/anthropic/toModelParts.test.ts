import { describe, expect, it } from 'vitest';
import { LruThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import type { ContentBlock } from './messagesRequestSchema.js';
import { geminiFunctionName } from './functionNames.js';
import { toModelParts } from './toModelParts.js';

const LONG = 'mcp__playwright__browser_navigate_to_the_page_and_wait_until_the_network_is_idle';

describe('toModelParts', () => {
  it.each<[string, string | ContentBlock[], unknown[]]>([
    ['a string', 'Hello.', [{ text: 'Hello.' }]],
    ['an empty string', '', []],
    [
      'text blocks; empty ones dropped',
      [
        { type: 'text', text: 'A' },
        { type: 'text', text: '' },
      ],
      [{ text: 'A' }],
    ],
    [
      "a thinking block's signature goes on the call after it; its text is not sent",
      [
        { type: 'thinking', thinking: 'I should list files.', signature: 'gemini:c2lnMQ==' },
        { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
      ],
      [{ functionCall: { name: 'Bash', args: { command: 'ls' } }, thoughtSignature: 'c2lnMQ==' }],
    ],
    [
      '…or on the text after it',
      [
        { type: 'thinking', thinking: '', signature: 'gemini:c2lnMg==' },
        { type: 'text', text: 'Done.' },
      ],
      [{ text: 'Done.', thoughtSignature: 'c2lnMg==' }],
    ],
    [
      'one signature, one part: the second call has none',
      [
        { type: 'thinking', thinking: 't', signature: 'gemini:c2ln' },
        { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/a' } },
        { type: 'tool_use', id: 'toolu_2', name: 'Read', input: { file_path: '/b' } },
      ],
      [
        { functionCall: { name: 'Read', args: { file_path: '/a' } }, thoughtSignature: 'c2ln' },
        { functionCall: { name: 'Read', args: { file_path: '/b' } } },
      ],
    ],
    [
      "a signature Claude's API minted is not Gemini's: dropped",
      [
        { type: 'thinking', thinking: 'x', signature: 'EqQBCkgIARABGAIiQL' },
        { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} },
      ],
      [{ functionCall: { name: 'Bash', args: {} } }],
    ],
    [
      'redacted thinking and server tool blocks: nothing',
      [
        { type: 'redacted_thinking', data: 'EmwK' },
        { type: 'server_tool_use' },
        { type: 'text', text: 'ok' },
      ],
      [{ text: 'ok' }],
    ],
    [
      'a long tool name as Gemini knows it',
      [{ type: 'tool_use', id: 'toolu_1', name: LONG, input: { url: 'https://x' } }],
      [{ functionCall: { name: geminiFunctionName(LONG), args: { url: 'https://x' } } }],
    ],
  ])('%s', (_name, content, expected) => {
    expect(toModelParts(content, 'messages.1')).toEqual(expected);
  });

  it('a call with no thinking block before it gets its signature from the store', () => {
    const store = new LruThoughtSignatureStore();
    store.remember('toolu_9', 'c3RvcmVk');
    expect(
      toModelParts([{ type: 'tool_use', id: 'toolu_9', name: 'Bash', input: {} }], 'messages.1', store),
    ).toEqual([{ functionCall: { name: 'Bash', args: {} }, thoughtSignature: 'c3RvcmVk' }]);
  });

  it('a user-only block is a 400 naming it', () => {
    expect(() =>
      toModelParts([{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }], 'messages.1'),
    ).toThrow('messages.1.content.0: a `tool_result` block belongs in a user message, not an assistant one.');
  });
});
