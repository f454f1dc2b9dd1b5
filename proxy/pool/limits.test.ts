import { describe, expect, it } from 'vitest';
import { familyDefault, isModelPattern, LimitBook, type LimitOverride } from './limits.js';

const rule = (over: Partial<LimitOverride> & Pick<LimitOverride, 'model'>): LimitOverride => ({
  projectId: null,
  rpm: null,
  tpm: null,
  rpd: null,
  ...over,
});

describe('quota limits', () => {
  it('takes the longest matching free-tier family, so Flash-Lite is not taken for Flash', () => {
    expect(familyDefault('gemini-2.5-flash')?.rpm).toBe(10);
    expect(familyDefault('gemini-2.5-flash-lite')?.rpm).toBe(15);
    expect(familyDefault('gemini-2.5-flash-preview-09-2025')?.family).toBe('gemini-2.5-flash');
    expect(familyDefault('gemini-2.5-flashy')).toBeUndefined();
    // An image or speech model is not limited as the text model whose name it extends.
    expect(familyDefault('gemini-2.5-flash-image')?.rpm).toBe(Infinity);
    expect(familyDefault('gemini-2.5-flash-preview-tts')?.rpd).toBe(Infinity);
    expect(familyDefault('some-future-model')).toBeUndefined();
  });

  it('uses the built-in default, and no limit for a model without one', () => {
    const book = new LimitBook();
    expect(book.resolve('p1', 'gemini-2.5-pro')).toEqual({ rpm: 5, tpm: 250_000, rpd: 100 });
    expect(book.resolve('p1', 'mystery-model')).toEqual({ rpm: Infinity, tpm: Infinity, rpd: Infinity });
  });

  it('resolves field by field: project rules, then rules for every project, then the default', () => {
    const book = new LimitBook([
      rule({ model: '*', rpd: 50 }),
      rule({ model: 'gemini-2.5-flash', rpm: 20 }),
      rule({ projectId: 'paid', model: '*', rpm: Infinity, rpd: Infinity }),
      rule({ projectId: 'paid', model: 'gemini-2.5-*', tpm: 4_000_000 }),
      rule({ projectId: 'paid', model: 'gemini-2.5-flash', rpm: 2000 }),
    ]);
    expect(book.resolve('free', 'gemini-2.5-flash')).toEqual({ rpm: 20, tpm: 250_000, rpd: 50 });
    expect(book.resolve('free', 'gemini-2.5-pro')).toEqual({ rpm: 5, tpm: 250_000, rpd: 50 });
    expect(book.resolve('paid', 'gemini-2.5-flash')).toEqual({ rpm: 2000, tpm: 4_000_000, rpd: Infinity });
    expect(book.resolve('paid', 'gemini-2.5-pro')).toEqual({ rpm: Infinity, tpm: 4_000_000, rpd: Infinity });
    // An exact model rule does not leak into the models whose ids it is a prefix of.
    expect(book.resolve('free', 'gemini-2.5-flash-lite').rpm).toBe(15);
  });

  it('accepts model ids and patterns, nothing else', () => {
    for (const ok of ['*', 'gemini-2.5-flash', 'gemini-2.5-*', 'gemma-3-27b-it'])
      expect(isModelPattern(ok)).toBe(true);
    for (const bad of ['', 'Gemini', 'models/gemini', 'gem*ini', '**', 'a b'])
      expect(isModelPattern(bad)).toBe(false);
  });
});
