import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../gemini/types.js';
import { decodeTexts, restKeysOf, skimFrame } from './skimFrame.js';

// Frames as Gemini's streamGenerateContent writes them
// (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse): the Gemini API puts a
// space after each colon; JSON.stringify (and the emulator) does not.
const usage = { promptTokenCount: 26, candidatesTokenCount: 13, totalTokenCount: 87 };
const geminiWritten =
  '{"candidates": [{"content": {"parts": [{"text": "Hello,\\n\\"world\\""}],"role": "model"},"index": 0}],' +
  '"usageMetadata": {"promptTokenCount": 26,"candidatesTokenCount": 13,"totalTokenCount": 87,' +
  '"promptTokensDetails": [{"modality": "TEXT","tokenCount": 26}]},"modelVersion": "gemini-2.5-flash",' +
  '"responseId": "xJBsY5I1"}';
const compact = (chunk: GenerateContentResponse) => JSON.stringify(chunk);
const textFrame = (text: string, extra: Record<string, unknown> = {}) =>
  compact({
    candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0, ...extra }],
    usageMetadata: usage,
    modelVersion: 'gemini-2.5-flash',
    responseId: 'r1',
  });

describe('skimFrame: frames of plain text', () => {
  it('reads the text as written, its decoded length, the response id and, on demand, the usage', () => {
    const plain = skimFrame(geminiWritten)!;
    expect(plain.texts).toEqual(['Hello,\\n\\"world\\"']);
    expect(plain.length).toBe('Hello,\n"world"'.length);
    expect(plain.unescaped).toBe(false);
    expect(plain.canonical).toBe(true);
    expect(plain.responseId).toBe('xJBsY5I1');
    expect(plain.hasIndex).toBe(true);
    expect(plain.hasUsage).toBe(true);
    expect(plain.usage()).toEqual((JSON.parse(geminiWritten) as GenerateContentResponse).usageMetadata);
    expect(decodeTexts(plain.texts, plain.unescaped)).toBe('Hello,\n"world"');
  });

  it('numbers the other keys by kind and order, as restKeysOf does for a parsed chunk', () => {
    const chunk = JSON.parse(geminiWritten) as GenerateContentResponse;
    expect(skimFrame(geminiWritten)!.restKeys).toBe(restKeysOf(Object.keys(chunk)));
    expect(skimFrame('{"candidates":[{"content":{"parts":[{"text":"a"}]}}]}')!.restKeys).toBe(0);
  });

  it('takes several text parts, and a frame with no index or role', () => {
    const plain = skimFrame('{"candidates":[{"content":{"parts":[{"text":"a"},{"text":"bc"}]}}]}')!;
    expect(plain.texts).toEqual(['a', 'bc']);
    expect(plain.length).toBe(3);
    expect(plain.hasIndex).toBe(false);
    expect(plain.hasUsage).toBe(false);
  });

  it('marks text JSON.stringify would write otherwise as not canonical: \\/ and \\u escapes', () => {
    expect(skimFrame(textFrame('a/b'))!.canonical).toBe(true);
    expect(skimFrame(textFrame('a/b').replace('a/b', 'a\\/b'))!.canonical).toBe(false);
    expect(skimFrame(textFrame('<b>').replace('<b>', '\\u003cb\\u003e'))).toMatchObject({
      canonical: false,
      length: 3,
    });
  });

  it('leaves everything else to JSON.parse', () => {
    const refused = [
      textFrame('done', { finishReason: 'STOP' }),
      compact({ candidates: [{ content: { parts: [{ text: 'hm', thought: true }] } }] }),
      compact({ candidates: [{ content: { parts: [{ text: 'x', thoughtSignature: 's' }] } }] }),
      compact({ candidates: [{ content: { parts: [{ functionCall: { name: 'f', args: {} } }] } }] }),
      compact({ candidates: [{ content: { parts: [{ text: '' }] } }] }),
      compact({ candidates: [{ content: { parts: [] } }] }),
      compact({
        candidates: [{ content: { parts: [{ text: 'a' }] } }, { content: { parts: [{ text: 'b' }] } }],
      }),
      compact({ candidates: [{ content: { parts: [{ text: 'a' }] }, index: 1 }] }),
      compact({ promptFeedback: { blockReason: 'SAFETY' } }),
      compact({ usageMetadata: usage }),
      compact({ candidates: [{ content: { parts: [{ text: 'a' }] } }], somethingNew: 1 }),
      // Keys in another order than Gemini's, or repeated.
      compact({ responseId: 'r', candidates: [{ content: { parts: [{ text: 'a' }] } }] }),
      '{"candidates":[{"content":{"parts":[{"text":"a"}]}}],"responseId":"r","responseId":"s"}',
      '{"error":{"code":500,"message":"boom"}}',
      // Not JSON at all.
      textFrame('half').slice(0, 60),
      textFrame('a').replace('"a"', '"a\u0001"'),
      textFrame('a').replace('"a"', '"\\x"'),
      textFrame('a').replace('26', '026'),
      textFrame('a') + ',',
      '',
    ];
    for (const json of refused) expect(skimFrame(json), json).toBeUndefined();
  });

  it('fails fast on a long payload that does not match', () => {
    const long = `{"candidates":[{"content":{"parts":[{"text":"${'ab\\n'.repeat(15_000)}`;
    expect(skimFrame(long)).toBeUndefined();
    expect(skimFrame(`${long}"}]}}]}`)!.length).toBe(45_000);
  });
});

/** A Gemini chunk of any shape the skim might be fooled by. */
const part = fc.oneof(
  { weight: 6, arbitrary: fc.record({ text: fc.string({ unit: 'binary', maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ text: fc.string(), thought: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ functionCall: fc.record({ name: fc.string(), args: fc.object() }) }) },
);
const rest = {
  usageMetadata: fc.record({ promptTokenCount: fc.nat(), totalTokenCount: fc.nat() }),
  modelVersion: fc.string(),
  createTime: fc.string(),
  responseId: fc.string({ unit: 'binary' }),
};
/** Mostly plain text, one step away from a frame that is not. */
const nearlyPlain = fc.record(
  {
    candidates: fc.tuple(
      fc.record(
        {
          content: fc.record({
            parts: fc.array(
              fc.oneof({ weight: 9, arbitrary: part.filter((p) => 'text' in p && !('thought' in p)) }, part),
              {
                minLength: 1,
                maxLength: 3,
              },
            ),
            role: fc.constant('model'),
          }),
          index: fc.constantFrom(0, 0, 0, 1),
          finishReason: fc.constant('STOP'),
        },
        { requiredKeys: ['content'] },
      ),
    ),
    ...rest,
  },
  { requiredKeys: ['candidates'] },
);
const anyChunk = fc.record(
  {
    candidates: fc.array(
      fc.record(
        {
          content: fc.record({ parts: fc.array(part, { maxLength: 3 }), role: fc.constant('model') }),
          index: fc.constantFrom(0, 1),
          finishReason: fc.constantFrom('STOP', 'SAFETY'),
        },
        { requiredKeys: ['content'] },
      ),
      { minLength: 0, maxLength: 2 },
    ),
    ...rest,
  },
  { requiredKeys: [] },
);
const chunk = fc.oneof({ weight: 3, arbitrary: nearlyPlain }, anyChunk);
/** Written as JSON.stringify would, with Gemini's spacing, or with escapes JSON.stringify never writes. */
const written = fc.tuple(chunk, fc.constantFrom('compact', 'spaced', 'escaped')).map(([value, style]) => {
  const json = JSON.stringify(value, null, style === 'spaced' ? 1 : undefined);
  return style === 'escaped'
    ? json.replace(/[^\x20-\x7e]|\//g, (c) =>
        c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
    : json;
});
/** The same, damaged: a character dropped, doubled or replaced, or the frame cut short. */
const damaged = fc
  .tuple(written, fc.nat(), fc.constantFrom('drop', 'double', 'quote', 'backslash', 'cut'))
  .map(([json, at, how]) => {
    const i = at % (json.length || 1);
    if (how === 'drop') return json.slice(0, i) + json.slice(i + 1);
    if (how === 'double') return json.slice(0, i) + json[i] + json.slice(i);
    if (how === 'cut') return json.slice(0, i);
    return json.slice(0, i) + (how === 'quote' ? '"' : '\\') + json.slice(i + 1);
  });

describe('skimFrame: held to JSON.parse', () => {
  it('skims only what JSON.parse reads as a frame of plain text, and reads it the same', () => {
    let skimmed = 0;
    fc.assert(
      fc.property(fc.oneof(written, damaged), (json) => {
        const plain = skimFrame(json);
        if (!plain) return;
        skimmed++;
        const parsed = JSON.parse(json) as GenerateContentResponse; // throws if the skim took bad JSON
        const candidates = parsed.candidates ?? [];
        expect(candidates).toHaveLength(1);
        const [candidate] = candidates;
        expect(candidate!.finishReason).toBeUndefined();
        expect(candidate!.index === 0).toBe(plain.hasIndex);
        const parts = candidate!.content!.parts;
        expect(parts.every((p) => Object.keys(p).join() === 'text' && p.text !== '')).toBe(true);
        const texts = parts.map((p) => p.text!);
        expect(decodeTexts(plain.texts, plain.unescaped)).toBe(texts.join(''));
        expect(plain.length).toBe(texts.join('').length);
        if (plain.canonical)
          expect(plain.texts.map((t) => `"${t}"`)).toEqual(texts.map((t) => JSON.stringify(t)));
        expect(plain.responseId).toBe(parsed.responseId);
        expect(plain.usage()).toEqual(parsed.usageMetadata);
        expect(plain.hasUsage).toBe(parsed.usageMetadata !== undefined);
        expect(plain.restKeys).toBe(restKeysOf(Object.keys(parsed)));
      }),
      { numRuns: 3000 },
    );
    expect(skimmed).toBeGreaterThan(100); // the generators do reach plain frames
  });
});
