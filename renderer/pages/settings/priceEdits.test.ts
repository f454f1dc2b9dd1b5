import { describe, expect, it } from 'vitest';
import type { PriceView } from '../../../proxy/http/admin/contract';
import { newPrice, ratesChanged, withRates } from './priceEdits';

const pro: PriceView = {
  model: 'gemini-2.5-pro',
  input: 1.25,
  output: 10,
  cached: 0.31,
  longThreshold: 200_000,
  inputLong: 2.5,
  outputLong: 15,
  cachedLong: 0.625,
  source: 'default',
  updatedAt: null,
};

describe('editing a price', () => {
  it('sends the new input and output rates and keeps the long-prompt and cached ones', () => {
    expect(withRates(pro, '2', '12.5')).toEqual({
      model: 'gemini-2.5-pro',
      input: 2,
      output: 12.5,
      cached: 0.31,
      longThreshold: 200_000,
      inputLong: 2.5,
      outputLong: 15,
      cachedLong: 0.625,
    });
  });

  it("leaves out the listing's own fields, which the server would refuse in a price", () => {
    const sent = withRates({ ...pro, source: 'user', updatedAt: 1_700_000_000_000 }, '1', '2');
    expect(Object.keys(sent)).not.toContain('source');
    expect(Object.keys(sent)).not.toContain('updatedAt');
  });

  it('has something to save only when a rate differs from the listed one', () => {
    expect(ratesChanged(pro, '1.25', '10')).toBe(false);
    expect(ratesChanged(pro, '1.3', '10')).toBe(true);
    expect(ratesChanged(pro, '1.25', '')).toBe(true);
  });

  it('prices another model from the form, without the spaces around its name', () => {
    expect(newPrice('  my-tuned-model ', '0.5', '1')).toEqual({
      model: 'my-tuned-model',
      input: 0.5,
      output: 1,
    });
  });
});
