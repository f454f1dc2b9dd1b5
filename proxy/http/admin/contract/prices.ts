/** Prices per model. */
import type { ModelPrice } from '../../../usage/modelPrice.js';

/** A model's price in USD per million tokens, as the price table keeps it (usage/modelPrice.ts). */
export type PriceInput = ModelPrice;

export interface PriceView extends PriceInput {
  /** `default`: shipped with gemgate; `user`: set by the user, wins over the default. */
  source: 'default' | 'user';
  updatedAt: number | null;
}

/**
 * GET /admin/api/prices; PUT /admin/api/prices/:model with PriceInput answers PriceView;
 * DELETE /admin/api/prices/:model drops the user's price (back to the default) and answers 204.
 */
export interface PricesResponse {
  prices: PriceView[];
}
