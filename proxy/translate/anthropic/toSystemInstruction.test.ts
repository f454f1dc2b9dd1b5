import { describe, expect, it } from 'vitest';
import { InputError } from '../../failures/inputError.js';
import { claudeCodeFirstTurn } from './__fixtures__/claudeCode.js';
import { parseMessagesRequest } from './parseMessagesRequest.js';
import { toSystemInstruction } from './toSystemInstruction.js';

const request = (extra: Record<string, unknown>) =>
  parseMessagesRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('toSystemInstruction', () => {
  it.each([
    ['a string', { system: 'Be brief.' }, 'Be brief.'],
    [
      'text blocks, cache_control and all',
      {
        system: [
          { type: 'text', text: 'One.' },
          { type: 'text', text: 'Two.', cache_control: { type: 'ephemeral' } },
        ],
      },
      'One.\n\nTwo.',
    ],
    [
      'a role: system message after the system field',
      {
        system: 'First.',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'system', content: [{ type: 'text', text: 'Then this.' }] },
          { role: 'system', content: 'And this.' },
        ],
      },
      'First.\n\nThen this.\n\nAnd this.',
    ],
    [
      'empty texts left out',
      {
        system: [
          { type: 'text', text: '' },
          { type: 'text', text: 'Only.' },
        ],
      },
      'Only.',
    ],
  ])('%s', (_name, extra, text) => {
    expect(toSystemInstruction(request(extra))).toEqual({ parts: [{ text }] });
  });

  it('nothing when there is no instruction', () => {
    expect(toSystemInstruction(request({}))).toBeUndefined();
    expect(toSystemInstruction(request({ system: '' }))).toBeUndefined();
  });

  it("Claude Code's three system blocks and its environment message, in order", () => {
    const text = toSystemInstruction(parseMessagesRequest(claudeCodeFirstTurn()))!.parts[0]!.text!;
    expect(text.split('\n\n')[0]).toMatch(/^x-anthropic-billing-header/);
    expect(text).toMatch(/You are Claude Code[\s\S]*interactive CLI tool[\s\S]*# Environment/);
  });

  it('a system message with anything but text is a 400 naming the block', () => {
    const body = request({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] },
      ],
    });
    expect(() => toSystemInstruction(body)).toThrow(InputError);
    expect(() => toSystemInstruction(body)).toThrow(
      /^messages\.1\.content\.0: a system message takes only text blocks, not `image`\.$/,
    );
  });
});
