import { describe, expect, it } from 'vitest';
import { defaultAnswer } from './answers.js';
import { findContinuation } from './conversation.js';
import { nextPacificMidnight, pacificDay } from './pacific-time.js';
import { schemaValue } from './schema-value.js';
import { checkSignature, mintSignature } from './signatures.js';
import { model, user } from './testing.js';
import { chunkCodePoints, codePointLength } from './text.js';
import { countTextTokens } from './tokens.js';

describe('code-point chunking', () => {
  it('never splits a surrogate pair and keeps every piece within the size', () => {
    const text = 'ab🚀cd𝄞ef👨‍👩‍👧gh';
    for (const size of [1, 2, 3, 5]) {
      const chunks = chunkCodePoints(text, size);
      expect(chunks.join('')).toBe(text);
      for (const c of chunks) {
        expect(codePointLength(c)).toBeLessThanOrEqual(size);
        expect(c).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }
    }
  });

  it('adds a boundary exactly at a fault position', () => {
    const chunks = chunkCodePoints('0123456789', 4, [5]);
    expect(chunks).toEqual(['0123', '4', '567', '89']);
  });
});

describe('token rule', () => {
  it('counts Latin runs by four and wide characters one each', () => {
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('abcd')).toBe(1);
    expect(countTextTokens('abcde')).toBe(2);
    expect(countTextTokens('中文')).toBe(2);
    expect(countTextTokens('ab中cd')).toBe(3);
    expect(countTextTokens('🚀')).toBe(1);
  });
});

describe('default answers', () => {
  it('are a pure function of the prompt and mix ASCII, Markdown, CJK and emoji', () => {
    const a = defaultAnswer('What is a quota?');
    expect(defaultAnswer('What is a quota?')).toBe(a);
    expect(defaultAnswer('Something else')).not.toBe(a);
    expect(a).toMatch(/\*\*Key point:\*\*/);
    expect(a).toMatch(/[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/);
    expect(a).toMatch(/\p{Extended_Pictographic}/u);
    expect(a.length).toBeGreaterThan(200);
    expect(a.length).toBeLessThan(700);
  });
});

describe('schema values', () => {
  it('fill an OpenAPI-style responseSchema', () => {
    const value = schemaValue(
      {
        type: 'OBJECT',
        properties: {
          name: { type: 'STRING' },
          age: { type: 'INTEGER', minimum: 18, maximum: 20 },
          tags: { type: 'ARRAY', items: { type: 'STRING', enum: ['a', 'b'] }, minItems: 3 },
          ok: { type: 'BOOLEAN' },
        },
        required: ['name'],
      },
      'p',
    ) as Record<string, unknown>;
    expect(typeof value.name).toBe('string');
    expect(value.age).toBeGreaterThanOrEqual(18);
    expect(value.age).toBeLessThanOrEqual(20);
    expect(Number.isInteger(value.age)).toBe(true);
    expect(value.tags).toHaveLength(3);
    expect((value.tags as string[]).every((t) => t === 'a' || t === 'b')).toBe(true);
    expect(typeof value.ok).toBe('boolean');
  });

  it('follow $ref, anyOf and const in a JSON Schema', () => {
    const value = schemaValue(
      {
        type: 'object',
        $defs: { point: { type: 'object', properties: { x: { type: 'number' }, kind: { const: 'pt' } } } },
        properties: {
          p: { $ref: '#/$defs/point' },
          maybe: { anyOf: [{ type: 'null' }, { type: 'string' }] },
        },
      },
      'q',
    ) as { p: { x: number; kind: string }; maybe: unknown };
    expect(typeof value.p.x).toBe('number');
    expect(value.p.kind).toBe('pt');
    expect(typeof value.maybe).toBe('string');
  });
});

describe('Pacific midnight', () => {
  it('is 07:00 UTC in summer and 08:00 UTC in winter', () => {
    expect(new Date(nextPacificMidnight(Date.UTC(2025, 6, 1, 20, 0))).toISOString()).toBe(
      '2025-07-02T07:00:00.000Z',
    );
    expect(new Date(nextPacificMidnight(Date.UTC(2025, 0, 15, 20, 0))).toISOString()).toBe(
      '2025-01-16T08:00:00.000Z',
    );
    // Just before midnight in Los Angeles it is already the next day in UTC.
    expect(pacificDay(Date.UTC(2025, 6, 2, 6, 59))).toBe('2025-07-01');
    expect(pacificDay(Date.UTC(2025, 6, 2, 7, 0))).toBe('2025-07-02');
  });

  it('handles the days daylight saving time starts and ends', () => {
    // 2025-03-09 has 23 hours in Los Angeles, 2025-11-02 has 25.
    expect(new Date(nextPacificMidnight(Date.UTC(2025, 2, 9, 9, 0))).toISOString()).toBe(
      '2025-03-10T07:00:00.000Z',
    );
    expect(new Date(nextPacificMidnight(Date.UTC(2025, 10, 2, 8, 0))).toISOString()).toBe(
      '2025-11-03T08:00:00.000Z',
    );
  });
});

describe('thought signatures', () => {
  it('are bound to the project that minted them', () => {
    const sig = mintSignature('proj-a', 'n1');
    expect(Buffer.from(sig, 'base64').toString('base64')).toBe(sig);
    expect(checkSignature(sig, 'proj-a')).toBe('ok');
    expect(checkSignature(sig, 'proj-b')).toBe('other-project');
    expect(checkSignature('bm90IGEgc2lnbmF0dXJl', 'proj-a')).toBe('corrupted');
    expect(checkSignature('skip_thought_signature_validator', 'proj-a')).toBe('skip');
  });
});

describe('continuation detection', () => {
  const answer = (contents: readonly unknown[]): string[] => [`answer to ${contents.length}: 0123456789`];
  it('finds the question whose answer the model turns begin', () => {
    const contents = [user('q'), model('answer to 1: 0123'), user('continue')];
    expect(findContinuation(contents, answer)).toEqual({
      base: [user('q')],
      said: 'answer to 1: 0123',
      full: 'answer to 1: 0123456789',
    });
  });

  it('joins several cut attempts', () => {
    const contents = [user('q'), model('answer to 1: 01'), user('go on'), model('23'), user('go on')];
    expect(findContinuation(contents, answer)?.said).toBe('answer to 1: 0123');
  });

  it('ignores model turns that are not a prefix of the answer', () => {
    expect(findContinuation([user('q'), model('something else'), user('more')], answer)).toBeUndefined();
  });

  it('takes a whole answer followed by a new question for a conversation, not a continuation', () => {
    const contents = [user('q'), model('answer to 1: 0123456789'), user('and then?')];
    expect(findContinuation(contents, answer)).toBeUndefined();
  });
});
