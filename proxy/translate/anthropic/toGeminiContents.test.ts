import { describe, expect, it } from 'vitest';
import { modelTraits } from '../../models/modelTraits.js';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import type { AnthropicMessage } from './messagesRequestSchema.js';
import { toGeminiContents } from './toGeminiContents.js';

const contents = (messages: AnthropicMessage[], model = 'gemini-2.5-flash') =>
  toGeminiContents(messages, { traits: modelTraits(model) });
const call = (id: string, name: string, input: Record<string, unknown> = {}) =>
  ({ type: 'tool_use', id, name, input }) as const;
const result = (id: string, content: string) => ({ type: 'tool_result', tool_use_id: id, content }) as const;

describe('toGeminiContents', () => {
  it('user and assistant turns; system messages are left to toSystemInstruction', () => {
    expect(
      contents([
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Be brief.' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: [{ type: 'text', text: 'More' }] },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ text: 'Hello.' }] },
      { role: 'user', parts: [{ text: 'More' }] },
    ]);
  });

  it('tool results answer their calls in the order they were made, then what they carried, then the text', () => {
    const image = {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: PNG_1X1_BASE64 },
    } as const;
    expect(
      contents([
        { role: 'user', content: 'Read both' },
        { role: 'assistant', content: [call('t1', 'Read', { p: 'a' }), call('t2', 'Shot')] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't2', content: [{ type: 'text', text: 'shot' }, image] },
            result('t1', 'A'),
            { type: 'text', text: 'Go on.' },
          ],
        },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ text: 'Read both' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'Read', args: { p: 'a' } } },
          { functionCall: { name: 'Shot', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'Read', response: { output: 'A' } } },
          { functionResponse: { name: 'Shot', response: { output: 'shot' } } },
          { inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } },
          { text: 'Go on.' },
        ],
      },
    ]);
  });

  it('turns of one role in a row are merged, empty ones dropped', () => {
    expect(
      contents([
        { role: 'user', content: 'a' },
        { role: 'user', content: '' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'x' }] },
      ]),
    ).toEqual([{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }]);
  });

  it("on Gemini 3 a call without a signature gets Google's placeholder", () => {
    const out = contents(
      [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [call('t1', 'Bash')] },
        { role: 'user', content: [result('t1', 'ok')] },
      ],
      'gemini-3-pro-preview',
    );
    expect(out[1]!.parts[0]!.thoughtSignature).toBe('skip_thought_signature_validator');
  });

  it.each([
    [
      'a tool_use in a user message',
      [{ role: 'user', content: [call('t', 'f')] }],
      'messages.0.content.0: a `tool_use` block belongs in an assistant message, not a user one.',
    ],
    [
      'nothing to answer',
      [{ role: 'user', content: '' }],
      'messages: at least one user or assistant message with content is required.',
    ],
  ] as Array<[string, AnthropicMessage[], string]>)('%s is a 400', (_name, messages, message) => {
    expect(() => contents(messages)).toThrow(message);
  });

  it('a prefill is a 400 on Gemini 3, which answers only a user turn; Gemini 2.5 continues it', () => {
    const messages: AnthropicMessage[] = [
      { role: 'user', content: 'Count' },
      { role: 'assistant', content: 'One, two,' },
    ];
    expect(() => contents(messages, 'gemini-3-flash-preview')).toThrow(
      /^messages\.1: this model does not accept a conversation that ends with an assistant message/,
    );
    expect(contents(messages).at(-1)).toEqual({ role: 'model', parts: [{ text: 'One, two,' }] });
  });
});
