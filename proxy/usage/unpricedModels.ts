import type { Db } from '../store/database.js';
import { UsageTotalsRepository, type ModelUse } from '../store/usageTotals.js';
import { findPrice } from './modelPrice.js';
import { PriceRepository } from './priceRepository.js';
import { priceKey } from './providerPrices.js';

/**
 * The models requests used in a window that the price table (shipped prices and the user's) has no
 * price for, most used first: their costs are unknown, shown as "no price", never $0, until the
 * user prices them (`gemgate prices set`).
 */
export function unpricedModels(db: Db, since: number, until?: number): ModelUse[] {
  const prices = new PriceRepository(db).effective();
  return new UsageTotalsRepository(db)
    .modelsUsed(since, until)
    .filter((use) => !findPrice(prices, priceKey(use.provider, use.model)));
}
