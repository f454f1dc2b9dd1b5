import { describe, expect, it } from 'vitest';
import type { Part } from '../../gemini/types.js';
import { LruThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import { ContentBlockWriter } from './contentBlockWriter.js';
import { FunctionNames, geminiFunctionName } from './functionNames.js';
import type { BlockEvent } from './types.js';

const LONG = 'mcp__playwright__browser_navigate_to_the_page_and_wait_until_the_network_is_idle';

function eventsOf(parts: Part[], options: { parallelToolCalls?: boolean } = {}) {
  let ids = 0;
  const writer = new ContentBlockWriter({
    names: new FunctionNames(['Bash', LONG]),
    parallelToolCalls: options.parallelToolCalls ?? true,
    newToolUseId: () => `toolu_${++ids}`,
  });
  const out: BlockEvent[] = [];
  for (const part of parts) writer.part(part, out);
  writer.close(out);
  return out;
}

const start = (index: number, content_block: unknown) => ({
  type: 'content_block_start',
  index,
  content_block,
});
const delta = (index: number, d: unknown) => ({ type: 'content_block_delta', index, delta: d });
const stop = (index: number) => ({ type: 'content_block_stop', index });
const thinkingStart = (index: number) => start(index, { type: 'thinking', thinking: '', signature: '' });
const textStart = (index: number) => start(index, { type: 'text', text: '' });

describe('ContentBlockWriter', () => {
  it.each<[string, Part[], unknown[]]>([
    [
      'text in pieces: one text block',
      [{ text: 'Hel' }, { text: 'lo' }],
      [
        textStart(0),
        delta(0, { type: 'text_delta', text: 'Hel' }),
        delta(0, { type: 'text_delta', text: 'lo' }),
        stop(0),
      ],
    ],
    [
      'thoughts, then text: a thinking block, then a text block',
      [{ text: 'Hmm.', thought: true }, { text: 'Yes.' }],
      [
        thinkingStart(0),
        delta(0, { type: 'thinking_delta', thinking: 'Hmm.' }),
        stop(0),
        textStart(1),
        delta(1, { type: 'text_delta', text: 'Yes.' }),
        stop(1),
      ],
    ],
    [
      "a call's signature closes the thinking block before it",
      [
        { text: 'List files.', thought: true },
        { functionCall: { name: 'Bash', args: { command: 'ls' } }, thoughtSignature: 'U0lH' },
      ],
      [
        thinkingStart(0),
        delta(0, { type: 'thinking_delta', thinking: 'List files.' }),
        delta(0, { type: 'signature_delta', signature: 'gemini:U0lH' }),
        stop(0),
        start(1, { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} }),
        delta(1, { type: 'input_json_delta', partial_json: '{"command":"ls"}' }),
        stop(1),
      ],
    ],
    [
      'a signed call with no thoughts shown: a thinking block of no text holds the signature',
      [
        { text: 'Running it.' },
        { functionCall: { id: 'fc-7', name: 'Bash', args: {} }, thoughtSignature: 'U0lH' },
      ],
      [
        textStart(0),
        delta(0, { type: 'text_delta', text: 'Running it.' }),
        stop(0),
        thinkingStart(1),
        delta(1, { type: 'signature_delta', signature: 'gemini:U0lH' }),
        stop(1),
        start(2, { type: 'tool_use', id: 'fc-7', name: 'Bash', input: {} }),
        delta(2, { type: 'input_json_delta', partial_json: '{}' }),
        stop(2),
      ],
    ],
    [
      'a shortened name goes back as the client declared it',
      [{ functionCall: { name: geminiFunctionName(LONG), args: { url: 'u' } } }],
      [
        start(0, { type: 'tool_use', id: 'toolu_1', name: LONG, input: {} }),
        delta(0, { type: 'input_json_delta', partial_json: '{"url":"u"}' }),
        stop(0),
      ],
    ],
    [
      'a text signature and empty text: nothing',
      [{ text: 'Done.' }, { text: '', thoughtSignature: 'U0lH' }],
      [textStart(0), delta(0, { type: 'text_delta', text: 'Done.' }), stop(0)],
    ],
    [
      'images and code: nothing',
      [
        { inlineData: { mimeType: 'image/png', data: 'AA' } },
        { executableCode: { language: 'PYTHON', code: '1' } },
      ],
      [],
    ],
  ])('%s', (_name, parts, expected) => {
    expect(eventsOf(parts)).toEqual(expected);
  });

  it('disable_parallel_tool_use: only the first call', () => {
    const calls: Part[] = [
      { functionCall: { name: 'Bash', args: { a: 1 } } },
      { functionCall: { name: 'Bash', args: { a: 2 } } },
    ];
    expect(
      eventsOf(calls, { parallelToolCalls: false }).filter((e) => e.type === 'content_block_start'),
    ).toHaveLength(1);
    expect(eventsOf(calls).filter((e) => e.type === 'content_block_start')).toHaveLength(2);
  });

  it("remembers each call's signature by its tool_use id, for clients that drop thinking blocks", () => {
    const signatures = new LruThoughtSignatureStore();
    const writer = new ContentBlockWriter({
      names: new FunctionNames([]),
      parallelToolCalls: true,
      signatures,
      newToolUseId: () => 'toolu_x',
    });
    writer.part({ functionCall: { name: 'f', args: {} }, thoughtSignature: 'U0lH' }, []);
    expect(signatures.recall('toolu_x')).toBe('U0lH');
  });
});
