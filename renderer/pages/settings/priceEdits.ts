import type { PriceInput, PriceView } from '../../../proxy/http/admin/contract';

/**
 * A listed price with new input and output rates, as the server takes it back: the long-prompt and
 * cached rates stay as they were, and the listing's own fields (where the price comes from, when
 * it changed) are left out, since the server refuses fields a price does not have.
 */
export function withRates(price: PriceView, input: string, output: string): PriceInput {
  const { source: _source, updatedAt: _updatedAt, ...rest } = price;
  return { ...rest, input: Number(input), output: Number(output) };
}

/** A price for a model the table does not list yet, from the form's fields. */
export function newPrice(model: string, input: string, output: string): PriceInput {
  return { model: model.trim(), input: Number(input), output: Number(output) };
}

/** Whether the form's rates differ from the listed ones, i.e. there is something to save. */
export function ratesChanged(price: PriceView, input: string, output: string): boolean {
  return input !== String(price.input) || output !== String(price.output);
}
