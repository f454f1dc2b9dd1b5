import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { arrayUntilFirstError } from './arrayUntilFirstError.js';

describe('arrayUntilFirstError', () => {
  const item = z.object({ role: z.enum(['user', 'assistant']) });

  it.each<[string, unknown, { success: boolean; paths?: Array<Array<string | number>> }]>([
    ['good items pass through', [{ role: 'user' }, { role: 'assistant' }], { success: true }],
    ['an empty array passes', [], { success: true }],
    [
      'the first bad item is reported, with its index',
      [{ role: 'user' }, {}, { role: 'x' }],
      { success: false, paths: [[1, 'role']] },
    ],
    ['not an array', { role: 'user' }, { success: false, paths: [[]] }],
  ])('%s', (_name, input, expected) => {
    const result = arrayUntilFirstError(item).safeParse(input);
    expect(result.success).toBe(expected.success);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual(expected.paths);
  });

  it('looks no further than the first bad item', () => {
    let judged = 0;
    const counted = z.unknown().superRefine((value, ctx) => {
      judged++;
      if (value === null) ctx.addIssue({ code: 'custom', message: 'null' });
    });
    const result = arrayUntilFirstError(counted).safeParse([1, null, ...new Array<null>(100_000).fill(null)]);
    expect(result.success).toBe(false);
    expect(judged).toBe(2);
  });

  it('keeps the bounds of the array it replaces', () => {
    const bounded = arrayUntilFirstError(z.string(), { min: 1, minError: 'at least one', max: 2 });
    expect(bounded.safeParse([]).error?.issues[0]?.message).toBe('at least one');
    expect(bounded.safeParse(['a', 'b', 'c']).success).toBe(false);
    expect(bounded.parse(['a'])).toEqual(['a']);
  });
});
