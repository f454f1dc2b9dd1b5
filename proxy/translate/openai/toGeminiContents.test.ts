import { describe, expect, it } from 'vitest';
import { modelTraits } from '../../models/modelTraits.js';
import { InputError } from '../../failures/inputError.js';
import { parseChatRequest } from './parseChatRequest.js';
import { LruThoughtSignatureStore, SKIP_THOUGHT_SIGNATURE_VALIDATOR } from './thoughtSignatureStore.js';
import { toGeminiContents } from './toGeminiContents.js';

const call = (id: string, name: string, args = '{}') => ({
  id,
  type: 'function',
  function: { name, arguments: args },
});

function convert(messages: unknown[], model = 'gemini-2.5-flash', store?: LruThoughtSignatureStore) {
  return toGeminiContents(parseChatRequest({ model, messages }), {
    traits: modelTraits(model),
    signatures: store,
  });
}

describe('toGeminiContents', () => {
  it('joins system and developer messages into systemInstruction and maps roles', () => {
    expect(
      convert([
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Salut' },
        { role: 'user', content: 'Bye' },
      ]),
    ).toEqual({
      systemInstruction: { parts: [{ text: 'You are terse.\n\nAnswer in French.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Salut' }] },
        { role: 'user', parts: [{ text: 'Bye' }] },
      ],
    });
  });

  it('merges consecutive same-role turns and drops empty ones', () => {
    expect(
      convert([
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'three' },
      ]).contents,
    ).toEqual([{ role: 'user', parts: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] }]);
  });

  it('turns a run of tool results into one user turn of functionResponses, in call order, named by the call', () => {
    const { contents } = convert([
      { role: 'user', content: 'weather in Oslo and Rome?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [call('c1', 'weather', '{"city":"Oslo"}'), call('c2', 'weather', '{"city":"Rome"}')],
      },
      // Results arrive in the opposite order; Gemini pairs responses with calls by position.
      { role: 'tool', tool_call_id: 'c2', content: '{"temp": 25}' },
      { role: 'tool', tool_call_id: 'c1', content: 'rain, 8°C' },
      { role: 'user', content: 'and tomorrow?' },
    ]);
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'weather in Oslo and Rome?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'weather', args: { city: 'Oslo' } } },
          { functionCall: { name: 'weather', args: { city: 'Rome' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { output: 'rain, 8°C' } } },
          { functionResponse: { name: 'weather', response: { temp: 25 } } },
          { text: 'and tomorrow?' },
        ],
      },
    ]);
  });

  it('keeps call order when a client reuses tool call ids across turns', () => {
    const { contents } = convert([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [call('call_0', 'a'), call('call_1', 'b')] },
      { role: 'tool', tool_call_id: 'call_0', content: 'a1' },
      { role: 'tool', tool_call_id: 'call_1', content: 'b1' },
      { role: 'assistant', content: null, tool_calls: [call('call_0', 'c'), call('call_1', 'd')] },
      { role: 'tool', tool_call_id: 'call_1', content: 'd2' },
      { role: 'tool', tool_call_id: 'call_0', content: 'c2' },
    ]);
    expect(contents.at(-1)?.parts.map((p) => p.functionResponse?.name)).toEqual(['c', 'd']);
  });

  it('legacy function results become functionResponses named by the message', () => {
    const { contents } = convert([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{}' } },
      { role: 'function', name: 'lookup', content: 'found' },
    ]);
    expect(contents.at(-1)).toEqual({
      role: 'user',
      parts: [{ functionResponse: { name: 'lookup', response: { output: 'found' } } }],
    });
  });

  it('Gemini 3: remembered signatures come back; a call with none gets the documented placeholder', () => {
    const store = new LruThoughtSignatureStore();
    store.remember('c1', 'REAL_SIG');
    const { contents } = convert(
      [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: null, tool_calls: [call('c1', 'a'), call('c2', 'b')] },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        { role: 'tool', tool_call_id: 'c2', content: 'ok' },
        { role: 'assistant', content: null, tool_calls: [call('c3', 'a'), call('c4', 'b')] },
        { role: 'tool', tool_call_id: 'c3', content: 'ok' },
        { role: 'tool', tool_call_id: 'c4', content: 'ok' },
      ],
      'gemini-3-pro-preview',
      store,
    );
    const signaturesOf = (i: number) => contents[i]?.parts.map((p) => p.thoughtSignature);
    expect(signaturesOf(1)).toEqual(['REAL_SIG', undefined]);
    // Only the first call of a step carries a signature; the placeholder goes exactly there.
    expect(signaturesOf(3)).toEqual([SKIP_THOUGHT_SIGNATURE_VALIDATOR, undefined]);
  });

  it('Gemini 2.5 does not validate signatures, so no placeholder is invented', () => {
    const { contents } = convert([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [call('c1', 'a')] },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ]);
    expect(contents[1]?.parts[0]?.thoughtSignature).toBeUndefined();
  });

  it('a conversation with nothing but system messages is a 400', () => {
    expect(() => convert([{ role: 'system', content: 'x' }])).toThrow(InputError);
  });
});
