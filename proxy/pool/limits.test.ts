import { describe, expect, it } from 'vitest';
import { isModelPattern, LimitBook, type LearnedFields, type LimitOverride } from './limits.js';
import { familyDefault } from './freeTierDefaults.js';

const rule = (over: Partial<LimitOverride> & Pick<LimitOverride, 'model'>): LimitOverride => ({
  projectId: null,
  rpm: null,
  tpm: null,
  rpd: null,
  ...over,
});

const LEARNED_AT = Date.UTC(2026, 11, 7, 18);
const learnedRpd = (value: number): LearnedFields => ({
  rpd: {
    projectId: 'free',
    model: 'gemini-2.5-flash',
    field: 'rpd',
    value,
    tier: 'FreeTier',
    quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
    learnedAt: LEARNED_AT,
  },
});

describe('quota limits', () => {
  it('takes the longest matching free-tier family, so Flash-Lite is not taken for Flash', () => {
    expect(familyDefault('gemini-2.5-flash')?.rpd).toBe(20);
    expect(familyDefault('gemini-2.5-flash-lite')?.rpm).toBe(10);
    expect(familyDefault('gemini-2.5-flash-preview-09-2025')?.family).toBe('gemini-2.5-flash');
    expect(familyDefault('gemini-3-flash-preview')?.family).toBe('gemini-3-flash');
    expect(familyDefault('gemini-3.5-flash-lite')?.rpd).toBe(500);
    expect(familyDefault('gemini-2.5-flashy')).toBeUndefined();
    // An image or speech model is not limited as the text model whose name it extends.
    expect(familyDefault('gemini-2.5-flash-image')?.rpm).toBe(Infinity);
    expect(familyDefault('gemini-2.5-flash-preview-tts')?.rpd).toBe(Infinity);
    expect(familyDefault('some-future-model')).toBeUndefined();
  });

  it('holds Pro and retired models to nothing in advance: not on the free tier, or gone', () => {
    for (const model of [
      'gemini-2.5-pro',
      'gemini-3.1-pro-preview',
      'gemini-2.0-flash',
      'gemini-2.0-flash-lite',
    ])
      expect(familyDefault(model), model).toBeUndefined();
  });

  it('uses the built-in default, and no limit for a model without one', () => {
    const book = new LimitBook();
    expect(book.resolve('p1', 'gemini-2.5-flash')).toEqual({ rpm: 5, tpm: 250_000, rpd: 20 });
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
    expect(book.resolve('free', 'gemini-2.5-pro')).toEqual({ rpm: Infinity, tpm: Infinity, rpd: 50 });
    expect(book.resolve('paid', 'gemini-2.5-flash')).toEqual({ rpm: 2000, tpm: 4_000_000, rpd: Infinity });
    expect(book.resolve('paid', 'gemini-2.5-pro')).toEqual({ rpm: Infinity, tpm: 4_000_000, rpd: Infinity });
    // An exact model rule does not leak into the models whose ids it is a prefix of.
    expect(book.resolve('free', 'gemini-2.5-flash-lite').rpm).toBe(10);
  });

  it('plans with a limit learned from Google in place of the default, but never over a rule of the user', () => {
    const plain = new LimitBook();
    expect(plain.explain('free', 'gemini-2.5-flash', learnedRpd(3))).toEqual({
      rpm: { value: 5, source: 'default' },
      tpm: { value: 250_000, source: 'default' },
      rpd: { value: 3, source: 'learned', learnedAt: LEARNED_AT, tier: 'FreeTier' },
    });
    // A rule for every project, or the project's own, wins field by field; others stay learned.
    const ruled = new LimitBook([
      rule({ model: '*', rpm: 7 }),
      rule({ projectId: 'free', model: '*', rpd: 9 }),
    ]);
    expect(ruled.explain('free', 'gemini-2.5-flash', learnedRpd(3))).toMatchObject({
      rpm: { value: 7, source: 'rule' },
      rpd: { value: 9, source: 'rule' },
    });
    expect(ruled.resolve('free', 'gemini-2.5-flash', learnedRpd(3))).toEqual({
      rpm: 7,
      tpm: 250_000,
      rpd: 9,
    });
    expect(
      new LimitBook([rule({ model: '*', rpm: 7 })]).resolve('free', 'gemini-2.5-flash', learnedRpd(3)).rpd,
    ).toBe(3);
  });

  it('accepts model ids and patterns, nothing else', () => {
    for (const ok of ['*', 'gemini-2.5-flash', 'gemini-2.5-*', 'gemma-3-27b-it'])
      expect(isModelPattern(ok)).toBe(true);
    for (const bad of ['', 'Gemini', 'models/gemini', 'gem*ini', '**', 'a b'])
      expect(isModelPattern(bad)).toBe(false);
  });
});
