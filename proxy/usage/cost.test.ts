import { describe, expect, it } from 'vitest';
import { callCost, requestCost } from './cost.js';
import { findPrice, parseModelPrice, type ModelPrice } from './modelPrice.js';
import { DEFAULT_PRICES } from './defaultPrices.js';

const pro: ModelPrice = {
  model: 'pro',
  input: 1.25,
  output: 10,
  cached: 0.125,
  longThreshold: 200_000,
  inputLong: 2.5,
  outputLong: 15,
  cachedLong: 0.25,
};

describe('cost', () => {
  it('bills cached prompt tokens at the cached rate and thoughts as output', () => {
    const usage = {
      promptTokenCount: 11_500,
      cachedContentTokenCount: 10_000,
      candidatesTokenCount: 1_000,
      thoughtsTokenCount: 10_000,
    };
    // (11500 - 10000) * 1.25 + 10000 * 0.125 + (1000 + 10000) * 10, per million
    expect(callCost(usage, pro)).toBeCloseTo((1500 * 1.25 + 10_000 * 0.125 + 11_000 * 10) / 1e6, 12);
  });

  it('switches the whole call to the long-prompt tier above the threshold', () => {
    expect(callCost({ promptTokenCount: 200_000, candidatesTokenCount: 10 }, pro)).toBeCloseTo(
      (200_000 * 1.25 + 10 * 10) / 1e6,
      12,
    );
    expect(callCost({ promptTokenCount: 200_001, candidatesTokenCount: 10 }, pro)).toBeCloseTo(
      (200_001 * 2.5 + 10 * 15) / 1e6,
      12,
    );
  });

  it.each([
    ['at the edge of the first tier', 32_000, (32_000 * 1 + 100 * 5) / 1e6],
    ['one token into the second', 32_001, (32_001 * 1.8 + 100 * 9) / 1e6],
    ['in the last', 500_000, (500_000 * 6 + 100 * 60) / 1e6],
    ['above every tier: the last tier, not free', 2_000_000, (2_000_000 * 6 + 100 * 60) / 1e6],
  ])('prices a whole call at the tier of its prompt (Qwen): %s', (_name, prompt, usd) => {
    const qwenCoder = parseModelPrice({
      model: 'qwen/qwen3-coder-plus',
      input: 1,
      output: 5,
      tiers: [
        { upTo: 32_000, input: 1, output: 5 },
        { upTo: 128_000, input: 1.8, output: 9 },
        { upTo: 256_000, input: 3, output: 15 },
        { upTo: 1_000_000, input: 6, output: 60 },
      ],
    });
    expect(callCost({ promptTokenCount: prompt, candidatesTokenCount: 100 }, qwenCoder)).toBeCloseTo(usd, 12);
  });

  it('refuses tiers that do not go up, and tiers beside a long-prompt threshold', () => {
    const tier = (upTo: number) => ({ upTo, input: 1, output: 1 });
    expect(() => parseModelPrice({ model: 'q/m', input: 1, output: 1, tiers: [tier(10), tier(5)] })).toThrow(
      /tiers must go up/,
    );
    expect(() =>
      parseModelPrice({ model: 'q/m', input: 1, output: 1, longThreshold: 5, tiers: [tier(10)] }),
    ).toThrow(/either tiers or a long-prompt threshold/);
  });

  it('prices cached tokens as input when the model has no cached rate', () => {
    const flat: ModelPrice = { model: 'flat', input: 2, output: 4 };
    expect(
      callCost({ promptTokenCount: 10, cachedContentTokenCount: 4, toolUsePromptTokenCount: 3 }, flat),
    ).toBe((13 * 2) / 1e6);
  });

  it('decides the tier per attempt, so two short attempts are not one long one', () => {
    const attempt = { usage: { promptTokenCount: 150_000, candidatesTokenCount: 100 } };
    const total = { promptTokenCount: 300_000, candidatesTokenCount: 200 };
    expect(requestCost([attempt, attempt], total, pro)).toBeCloseTo(2 * callCost(attempt.usage, pro), 12);
    expect(requestCost([], total, pro)).toBeCloseTo(callCost(total, pro), 12);
  });
});

describe('price table', () => {
  const prices = new Map(DEFAULT_PRICES.map((price) => [price.model, price]));

  it('finds a model by name, or the longest entry it extends', () => {
    expect(findPrice(prices, 'gemini-2.5-flash')?.model).toBe('gemini-2.5-flash');
    expect(findPrice(prices, 'models/gemini-2.5-flash-lite')?.model).toBe('gemini-2.5-flash-lite');
    expect(findPrice(prices, 'gemini-2.5-flash-preview-09-2025')?.model).toBe('gemini-2.5-flash');
    expect(findPrice(prices, 'gemini-2.5-flashy')).toBeUndefined();
    expect(findPrice(prices, 'my-tuned-model')).toBeUndefined();
  });

  it('ships a long-prompt tier for the Pro models', () => {
    expect(prices.get('gemini-2.5-pro')).toMatchObject({ longThreshold: 200_000, inputLong: 2.5 });
    for (const price of DEFAULT_PRICES) expect(parseModelPrice(price)).toEqual(price);
  });

  it('refuses a negative price and long rates without a threshold', () => {
    expect(() => parseModelPrice({ model: 'x', input: -1, output: 1 })).toThrow(/Invalid price: input/);
    expect(() => parseModelPrice({ model: 'x', input: 1, output: 1, inputLong: 2 })).toThrow(/threshold/);
  });
});
