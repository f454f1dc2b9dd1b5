import { describe, expect, it } from 'vitest';
import { JsonShape } from './jsonShape.js';

/** The shape of `text` read in pieces of `size` bytes (0: whole). */
function shapeOf(text: string, size = 0): { values: number; maxDepth: number } {
  const shape = new JsonShape();
  const bytes = Buffer.from(text);
  if (size === 0) shape.push(bytes);
  else for (let at = 0; at < bytes.length; at += size) shape.push(bytes.subarray(at, at + size));
  return { values: shape.values, maxDepth: shape.maxDepth };
}

describe('JsonShape', () => {
  const cases: Array<[string, string, { values: number; maxDepth: number }]> = [
    ['a scalar', '"text"', { values: 0, maxDepth: 0 }],
    ['an empty object', '{}', { values: 1, maxDepth: 1 }],
    ['an object of two members', '{"a":1,"b":[true,null]}', { values: 4, maxDepth: 2 }],
    ['tiny values', '[{},{},{}]', { values: 6, maxDepth: 2 }],
    ['brackets and commas inside strings', '{"a":"[{,,}]","b":"x"}', { values: 2, maxDepth: 1 }],
    ['an escaped quote inside a string', '["a\\"[,b", {}]', { values: 3, maxDepth: 2 }],
    ['an escaped backslash ending a string', '["a\\\\", {}]', { values: 3, maxDepth: 2 }],
    ['three backslashes then a quote', '["\\\\\\"[", {}]', { values: 3, maxDepth: 2 }],
    ['deep nesting', `${'['.repeat(300)}${']'.repeat(300)}`, { values: 300, maxDepth: 300 }],
    ['unicode in strings', '{"ä":"日本[,"}', { values: 1, maxDepth: 1 }],
  ];

  it.each(cases)('%s: read whole', (_name, text, expected) => {
    expect(shapeOf(text)).toEqual(expected);
    // The shape agrees with what JSON.parse makes of it.
    expect(() => JSON.parse(text) as unknown).not.toThrow();
  });

  it.each(cases)('%s: read a byte at a time, and two at a time', (_name, text, expected) => {
    expect(shapeOf(text, 1)).toEqual(expected);
    expect(shapeOf(text, 2)).toEqual(expected);
  });

  it('a run of backslashes split across pieces still escapes (or not) the quote after it', () => {
    const text = `["${'\\'.repeat(7)}"],[", {}]`;
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    for (const size of [1, 2, 3, 4, 5]) expect(shapeOf(text, size)).toEqual({ values: 3, maxDepth: 2 });
  });
});
