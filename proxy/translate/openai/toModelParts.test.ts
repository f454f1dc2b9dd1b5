import { describe, expect, it } from 'vitest';
import type { ChatMessage } from './chatRequestSchema.js';
import { InputError } from '../../failures/inputError.js';
import { LruThoughtSignatureStore } from './thoughtSignatureStore.js';
import { toModelParts } from './toModelParts.js';

type Assistant = Extract<ChatMessage, { role: 'assistant' }>;
const call = (id: string, name: string, args: string) => ({
  id,
  type: 'function' as const,
  function: { name, arguments: args },
});

describe('toModelParts', () => {
  it('text first, then one functionCall per tool call with parsed arguments', () => {
    const message: Assistant = {
      role: 'assistant',
      content: 'Let me check.',
      tool_calls: [call('c1', 'read_file', '{"path":"a.ts"}'), call('c2', 'list_files', '')],
    };
    expect(toModelParts(message, 1)).toEqual([
      { text: 'Let me check.' },
      { functionCall: { name: 'read_file', args: { path: 'a.ts' } } },
      { functionCall: { name: 'list_files', args: {} } },
    ]);
  });

  it('restores thought signatures from extra_content first, then from the store', () => {
    const store = new LruThoughtSignatureStore();
    store.remember('c1', 'sig-from-store-1');
    store.remember('c2', 'sig-from-store-2');
    const message: Assistant = {
      role: 'assistant',
      content: null,
      tool_calls: [
        { ...call('c1', 'a', '{}'), extra_content: { google: { thought_signature: 'sig-from-client' } } },
        call('c2', 'b', '{}'),
        call('c3', 'c', '{}'),
      ],
    };
    expect(toModelParts(message, 0, store).map((p) => p.thoughtSignature)).toEqual([
      'sig-from-client',
      'sig-from-store-2',
      undefined,
    ]);
  });

  it('empty content produces no text part (Roo Code sends "")', () => {
    expect(toModelParts({ role: 'assistant', content: '' }, 0)).toEqual([]);
  });

  it('invalid JSON arguments are a 400 naming the field', () => {
    try {
      toModelParts({ role: 'assistant', tool_calls: [call('c1', 'a', '{"path": ')] }, 4);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).param).toBe('messages[4].tool_calls[0].function.arguments');
    }
    expect(() => toModelParts({ role: 'assistant', tool_calls: [call('c1', 'a', '[1]')] }, 0)).toThrow(
      /expected a JSON object/,
    );
  });

  it('the legacy function_call becomes a functionCall too', () => {
    expect(
      toModelParts(
        { role: 'assistant', content: null, function_call: { name: 'w', arguments: '{"c":1}' } },
        0,
      ),
    ).toEqual([{ functionCall: { name: 'w', args: { c: 1 } } }]);
  });
});
